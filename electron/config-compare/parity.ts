import { diffTrees, type ChangeKind, type RawDifference } from './diff';
import { impactOf, isSecretPath, pathMatcher, shownValue, type Impact } from './policy';
import { readConfig, type ConfigFile, type ConfigFormat } from './read-config';
import { child, scalarText, type ConfigNode } from './tree';

// Environment parity: two configuration files of one service (staging and production, say)
// compared path by path, each difference said with both values (secrets masked), whether the
// audit's ignore list covers it, and why it matters when it does.

export interface Difference {
  path: string;
  change: ChangeKind;
  a: string | null;
  b: string | null;
  lineA: number | null;
  lineB: number | null;
  impact: Impact;
  reason: string | null;
  ignored: boolean;
  /** The ignore pattern that matched, or null. */
  ignoredBy: string | null;
  secret: boolean;
}

export interface ParityResult {
  a: { name: string; format: ConfigFormat; documents: number };
  b: { name: string; format: ConfigFormat; documents: number };
  differences: Difference[];
}

/** A document's name in a multi-document file: its Kubernetes kind and name, else its position. */
function documentLabel(doc: ConfigNode, index: number): string {
  const kind = scalarText(child(doc, 'kind'));
  const name = scalarText(child(doc, 'metadata', 'name'));
  return kind && name ? `${kind}/${name}` : `#${index + 1}`;
}

function documentPairs(a: ConfigFile, b: ConfigFile): Array<{ prefix: string; a: ConfigNode | null; b: ConfigNode | null }> {
  if (a.docs.length <= 1 && b.docs.length <= 1) return [{ prefix: '', a: a.docs[0] ?? null, b: b.docs[0] ?? null }];
  const labelsA = a.docs.map(documentLabel);
  const labelsB = b.docs.map(documentLabel);
  const byName = new Set(labelsA).size === labelsA.length && new Set(labelsB).size === labelsB.length && [...labelsA, ...labelsB].every((l) => !l.startsWith('#'));
  const keys = byName ? [...new Set([...labelsA, ...labelsB])] : Array.from({ length: Math.max(a.docs.length, b.docs.length) }, (_, i) => `#${i + 1}`);
  return keys.map((key) => ({
    prefix: `{${key}}`,
    a: (byName ? a.docs[labelsA.indexOf(key)] : a.docs[Number(key.slice(1)) - 1]) ?? null,
    b: (byName ? b.docs[labelsB.indexOf(key)] : b.docs[Number(key.slice(1)) - 1]) ?? null,
  }));
}

export function describeDifference(raw: RawDifference, ignores: readonly string[]): Difference {
  const matchers = ignores.map((pattern) => ({ pattern, test: pathMatcher(pattern) }));
  const ignoredBy = matchers.find((m) => m.test(raw.path))?.pattern ?? null;
  const { impact, reason } = impactOf(raw.path, raw.a, raw.b);
  return {
    path: raw.path,
    change: raw.change,
    a: shownValue(raw.a, raw.path),
    b: shownValue(raw.b, raw.path),
    lineA: raw.a?.line ?? null,
    lineB: raw.b?.line ?? null,
    impact,
    reason,
    ignored: ignoredBy !== null,
    ignoredBy,
    secret: isSecretPath(raw.path),
  };
}

export function diffFiles(a: ConfigFile, b: ConfigFile): RawDifference[] {
  return documentPairs(a, b).flatMap((pair) => {
    if (pair.a && pair.b) return diffTrees(pair.a, pair.b, pair.prefix);
    if (pair.a) return [{ path: pair.prefix || '(document)', change: 'removed' as const, a: pair.a, b: null }];
    if (pair.b) return [{ path: pair.prefix || '(document)', change: 'added' as const, a: null, b: pair.b }];
    return [];
  });
}

export function compareConfigs(fileA: { name: string; bytes: Buffer }, fileB: { name: string; bytes: Buffer }, ignores: readonly string[]): ParityResult {
  const a = readConfig(fileA.name, fileA.bytes);
  const b = readConfig(fileB.name, fileB.bytes);
  const differences = diffFiles(a, b).map((raw) => describeDifference(raw, ignores));
  return {
    a: { name: a.name, format: a.format, documents: a.docs.length },
    b: { name: b.name, format: b.format, documents: b.docs.length },
    differences,
  };
}
