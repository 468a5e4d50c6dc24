import type { vulnerabilitySeverities } from '../../shared/api/imports';

// The CVSS v3.0 / v3.1 base score, computed from the vector as the specification's formulas say
// (https://www.first.org/cvss/v3.1/specification-document, section 7), with 3.1's Roundup. Other
// vectors (v2, v4) are kept as they are, with no score computed.

type Severity = (typeof vulnerabilitySeverities)[number];

const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;
const privileges = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } } as const;
const required = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

/** CVSS 3.1's Roundup: the smallest number with one decimal that is at least the input, free of floating-point error. */
function roundup31(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}
const roundup30 = (value: number) => Math.ceil(value * 10) / 10;

export interface CvssScore {
  version: '3.0' | '3.1';
  score: number;
}

/** The base score of a CVSS v3 vector, or null when the text is not a complete v3 vector. */
export function cvss3BaseScore(vector: string): CvssScore | null {
  const parts = vector.trim().split('/');
  const head = /^CVSS:(3\.[01])$/.exec(parts[0] ?? '');
  if (!head) return null;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [key, value] = part.split(':');
    if (!key || !value || metrics.has(key)) return null;
    metrics.set(key, value);
  }
  const get = (key: string) => metrics.get(key) as string;
  if (!required.every((key) => metrics.has(key))) return null;
  const scope = get('S');
  if (scope !== 'U' && scope !== 'C') return null;
  const w = (key: keyof typeof weights) => (weights[key] as Record<string, number>)[get(key)];
  const pr = (privileges[scope] as Record<string, number>)[get('PR')];
  const values = [w('AV'), w('AC'), w('UI'), w('C'), w('I'), w('A'), pr];
  if (values.some((v) => v === undefined)) return null;
  const [av, ac, ui, c, i, a, p] = values as number[];
  const iss = 1 - (1 - (c as number)) * (1 - (i as number)) * (1 - (a as number));
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * (av as number) * (ac as number) * (p as number) * (ui as number);
  const version = head[1] as '3.0' | '3.1';
  const round = version === '3.1' ? roundup31 : roundup30;
  if (impact <= 0) return { version, score: 0 };
  const score = scope === 'U' ? round(Math.min(impact + exploitability, 10)) : round(Math.min(1.08 * (impact + exploitability), 10));
  return { version, score };
}

/** The qualitative rating of a CVSS score (v3 and v4 share it). */
export function ratingOf(score: number): Severity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** A database's own severity word (GitHub: LOW, MODERATE, HIGH, CRITICAL) as ours. */
export function severityWord(word: string | null): Severity | null {
  switch (word?.trim().toLowerCase()) {
    case 'critical': return 'critical';
    case 'high': case 'important': return 'high';
    case 'moderate': case 'medium': return 'medium';
    case 'low': return 'low';
    case 'none': case 'negligible': return 'none';
    default: return null;
  }
}
