import type { FactSink } from './sink';

// What a CI log prints about what it built or deployed: the revision checked out, images pushed,
// versions released, artifacts archived.

const patterns: Array<{ type: 'revision' | 'image' | 'version' | 'artifact'; re: RegExp; value: number; ref?: number }> = [
  { type: 'revision', re: /Checking out Revision ([0-9a-f]{7,40})(?: \(([^)]+)\))?/, value: 1, ref: 2 },
  { type: 'revision', re: /Checking out ([0-9a-f]{7,40}) as (\S+?)\.{0,3}$/, value: 1, ref: 2 },
  { type: 'revision', re: /^HEAD is now at ([0-9a-f]{7,40})\b/, value: 1 },
  { type: 'image', re: /\bdocker push ([\w.-]+(?::\d+)?\/[\w./-]+:[\w.-]+)/, value: 1 },
  { type: 'image', re: /\b(?:Successfully tagged|Pushed image|pushing manifest for) ([\w.-]+(?::\d+)?\/[\w./-]+:[\w.-]+)/i, value: 1 },
  { type: 'version', re: /\b(?:deploy(?:ing|ed)?|releas(?:ing|ed)|rolling out)\s.*?\b(?:version|release)?\s*v?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\b/i, value: 1 },
  { type: 'artifact', re: /^Archiving artifacts?(?::\s*(\S.*))?$/, value: 1 },
  { type: 'artifact', re: /^Uploading artifacts? (?:for \w+ job )?(?:to|as) .*?(\S+\.(?:zip|tar\.gz|tgz|jar|war|whl|rpm|deb|nupkg))\b/i, value: 1 },
];

// One pass to rule out the lines that cannot name an artifact, before the patterns above are tried.
const HINT = /Checking out|HEAD is now|docker push|tagged|Pushed image|pushing manifest|[Dd]eploy|DEPLOY|[Rr]eleas|RELEAS|[Rr]olling out|Archiving|Uploading artifact/;

export function scanArtifact(sink: FactSink, text: string, lineNumber: number): void {
  if (text.length > 4000 || !HINT.test(text)) return;
  for (const pattern of patterns) {
    const m = pattern.re.exec(text);
    if (!m) continue;
    const value = m[pattern.value] ?? text.trim();
    sink.add({ kind: 'artifact', lines: [lineNumber, lineNumber], type: pattern.type, value, ref: pattern.ref ? m[pattern.ref] ?? null : null });
    return;
  }
}
