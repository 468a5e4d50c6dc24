// Which dropped files are configuration files (by their names), and how two of them pair up for an
// environment parity comparison: A is the lower environment when the names say which is which
// (dev, test, uat, staging, production), otherwise A is the file dropped first.

export type ConfigFormat = 'env' | 'properties' | 'yaml' | 'json';

/** `certain` when the name alone says configuration (.env, .properties, Helm values*.yaml); `maybe` when only the import detection can tell (other YAML and JSON). */
export interface ConfigGuess {
  format: ConfigFormat;
  certain: boolean;
}

export function guessConfig(name: string): ConfigGuess | null {
  const lower = name.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return { format: 'env', certain: true };
  if (lower.endsWith('.properties')) return { format: 'properties', certain: true };
  if (/\.ya?ml$/.test(lower)) return { format: 'yaml', certain: lower.startsWith('values') };
  if (lower.endsWith('.json')) return { format: 'json', certain: false };
  return null;
}

const environments: Array<{ name: string; rank: number; words: string[] }> = [
  { name: 'dev', rank: 0, words: ['dev', 'development'] },
  { name: 'test', rank: 1, words: ['test', 'testing', 'qa'] },
  { name: 'uat', rank: 2, words: ['uat'] },
  { name: 'staging', rank: 3, words: ['staging', 'stage', 'stg'] },
  { name: 'production', rank: 4, words: ['prod', 'production', 'prd'] },
];

/** The environment a file name says (the words of the name, not parts of words: "latest" is not "test"). */
export function environmentOf(name: string): { name: string; rank: number } | null {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  const found = environments.filter((e) => e.words.some((w) => words.includes(w)));
  return found.length === 1 ? (found[0] as { name: string; rank: number }) : null;
}

export interface ConfigCandidate<T> {
  name: string;
  format: ConfigFormat;
  item: T;
}

export type Pairing<T> =
  | { paired: true; a: ConfigCandidate<T>; b: ConfigCandidate<T>; envA: string | null; envB: string | null; byName: boolean }
  | { paired: false; message: string };

const list = (names: string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** Exactly two configuration files of the same format pair up; anything else gets a one-line reason. Candidates come in drop order. */
export function pairConfigs<T>(candidates: ConfigCandidate<T>[]): Pairing<T> {
  const hint = 'to compare two environments, drop their two configuration files together, or use the Parity & drift tab.';
  if (candidates.length === 1) return { paired: false, message: `${candidates[0]?.name} is a configuration file on its own: ${hint}` };
  if (candidates.length !== 2) return { paired: false, message: `${candidates.length} configuration files were dropped (${list(candidates.map((c) => c.name))}); ${hint}` };
  const [first, second] = candidates as [ConfigCandidate<T>, ConfigCandidate<T>];
  if (first.format !== second.format) return { paired: false, message: `${first.name} and ${second.name} are not the same kind of configuration file (${first.format} and ${second.format}); ${hint}` };
  const envFirst = environmentOf(first.name);
  const envSecond = environmentOf(second.name);
  const byName = Boolean(envFirst && envSecond && envFirst.rank !== envSecond.rank);
  const swap = byName && (envFirst as { rank: number }).rank > (envSecond as { rank: number }).rank;
  const [a, b] = swap ? [second, first] : [first, second];
  const [envA, envB] = swap ? [envSecond, envFirst] : [envFirst, envSecond];
  return { paired: true, a, b, envA: envA?.name ?? null, envB: envB?.name ?? null, byName };
}

/** "values-staging.yaml (staging) as A and values-production.yaml (production) as B", or why A is A. */
export function describePair<T>(pair: Extract<Pairing<T>, { paired: true }>): string {
  const side = (c: ConfigCandidate<T>, env: string | null) => (env ? `${c.name} (${env})` : c.name);
  const sides = `${side(pair.a, pair.envA)} as A and ${side(pair.b, pair.envB)} as B`;
  return pair.byName ? sides : `${sides} (the names do not say which environment is which, so A is the file dropped first)`;
}
