import type { FactOf } from '../../shared/api/imports';
import type { DriftChange } from './drift';
import type { ContainerImage } from './images';
import type { Difference } from './parity';

// The comparison document kept as evidence: a header naming the files (by SHA-256) and the ignore
// list, then one line per difference, which its fact cites. It holds no time, so the same files
// compared the same way give the same bytes. Secrets are masked before anything is written.

const at = (line: number | null) => (line === null ? 'not set' : `line ${line}`);
const value = (text: string | null) => (text === null ? '(not set)' : JSON.stringify(text));

export function parityDocument(
  files: { a: { name: string; sha256: string; format: string }; b: { name: string; sha256: string; format: string } },
  ignores: readonly string[],
  differences: Difference[],
): { text: string; facts: Array<FactOf<'config-difference'>> } {
  const lines = [
    'Release Audit: configuration parity',
    `A: ${files.a.name} (${files.a.format}, SHA-256 ${files.a.sha256})`,
    `B: ${files.b.name} (${files.b.format}, SHA-256 ${files.b.sha256})`,
    `Ignore list: ${ignores.length === 0 ? '(none)' : ignores.join(', ')}`,
    'Values of keys that look like secrets (password, secret, token, key) are masked.',
    `${differences.length} difference(s), ${differences.filter((d) => !d.ignored).length} not ignored:`,
  ];
  const facts = differences.map((d) => {
    lines.push(`[${d.ignored ? `ignored by ${d.ignoredBy}` : d.impact}] ${d.path}: ${d.change}; A ${at(d.lineA)}: ${value(d.a)}; B ${at(d.lineB)}: ${value(d.b)}${d.reason && !d.ignored ? `; ${d.reason}` : ''}`);
    const n = lines.length;
    return { kind: 'config-difference' as const, lines: [n, n] as [number, number], path: d.path, a: d.a, b: d.b, change: d.change, impact: d.impact, reason: d.reason, ignored: d.ignored, ignoredBy: d.ignoredBy, secret: d.secret, fileA: files.a.name, fileB: files.b.name, lineA: d.lineA, lineB: d.lineB };
  });
  return { text: `${lines.join('\n')}\n`, facts };
}

export function driftDocument(
  files: Array<{ role: string; name: string; sha256: string }>,
  changes: DriftChange[],
  images: { desired: ContainerImage[]; after: ContainerImage[]; desiredFile: string; afterFile: string } | null = null,
): { text: string; facts: Array<FactOf<'drift-change'> | FactOf<'artifact'>> } {
  const lines = [
    'Release Audit: configuration drift',
    ...files.map((f) => `${f.role}: ${f.name} (SHA-256 ${f.sha256})`),
    'Server-managed and defaulted fields are left out (README, "Parity and drift"). Secrets are masked.',
    `${changes.length} difference(s), ${changes.filter((c) => !c.explained).length} not explained:`,
  ];
  const facts = changes.map((c) => {
    lines.push(`[${c.when}${c.explained ? `, explained by ${c.explanation}` : ', not explained'}] ${c.resource} ${c.path}: desired ${value(c.desired)} (${at(c.lineDesired)}); before ${value(c.before)}; after ${value(c.after)} (${at(c.lineAfter)})`);
    const n = lines.length;
    return { kind: 'drift-change' as const, lines: [n, n] as [number, number], ...c };
  });
  // The container images each side names, for the release's version table: one line (and artifact fact) each.
  const artifacts: Array<FactOf<'artifact'>> = [];
  if (images && images.desired.length + images.after.length > 0) {
    lines.push(`${images.desired.length + images.after.length} container image(s), desired and live after:`);
    for (const [list, file] of [[images.desired, images.desiredFile], [images.after, images.afterFile]] as const) {
      for (const image of list) {
        lines.push(`[image] ${image.ref}: ${JSON.stringify(image.image)} (${file} line ${image.line})`);
        artifacts.push({ kind: 'artifact', lines: [lines.length, lines.length], type: 'image', value: image.image, ref: image.ref });
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, facts: [...facts, ...artifacts] };
}
