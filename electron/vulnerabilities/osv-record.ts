// An OSV record (https://ossf.github.io/osv-schema/) as the database keeps it: checked field by
// field, so a record missing its id, modified time or well-formed ranges is named and counted
// instead of being half-read. Only what matching and the report need is kept.

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  events: OsvEvent[];
}

export interface OsvAffected {
  ecosystem: string;
  name: string;
  purl: string | null;
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvRecord {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  aliases: string[];
  summary: string | null;
  severity: OsvSeverity[];
  /** database_specific.severity, as GitHub's advisories give it (LOW, MODERATE, HIGH, CRITICAL). */
  databaseSeverity: string | null;
  affected: OsvAffected[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strings = (v: unknown, what: string): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new Error(`${what} is not a list of strings`);
  return v as string[];
};

function severities(v: unknown, what: string): OsvSeverity[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${what} is not a list`);
  return v.map((s, i) => {
    if (!isObject(s) || !isText(s.type) || !isText(s.score)) throw new Error(`${what}[${i}] has no type and score`);
    return { type: s.type, score: s.score };
  });
}

function event(v: unknown, where: string): OsvEvent {
  if (!isObject(v)) throw new Error(`${where} is not an object`);
  const keys = (['introduced', 'fixed', 'last_affected', 'limit'] as const).filter((k) => v[k] !== undefined);
  if (keys.length !== 1) throw new Error(`${where} must have exactly one of introduced, fixed, last_affected or limit`);
  const key = keys[0] as keyof OsvEvent;
  if (!isText(v[key])) throw new Error(`${where}.${key} is not a version`);
  return { [key]: v[key] };
}

function range(v: unknown, where: string): OsvRange {
  if (!isObject(v)) throw new Error(`${where} is not an object`);
  if (v.type !== 'SEMVER' && v.type !== 'ECOSYSTEM' && v.type !== 'GIT') throw new Error(`${where}.type is ${JSON.stringify(v.type)}, not SEMVER, ECOSYSTEM or GIT`);
  if (!Array.isArray(v.events) || v.events.length === 0) throw new Error(`${where} has no events`);
  const events = v.events.map((e, i) => event(e, `${where}.events[${i}]`));
  if (!events.some((e) => e.introduced !== undefined)) throw new Error(`${where} has no introduced event`);
  return { type: v.type, events };
}

function affected(v: unknown, i: number): OsvAffected {
  const where = `affected[${i}]`;
  if (!isObject(v)) throw new Error(`${where} is not an object`);
  const pkg = v.package;
  if (!isObject(pkg) || !isText(pkg.ecosystem) || !isText(pkg.name)) throw new Error(`${where}.package has no ecosystem and name`);
  const ranges = v.ranges === undefined ? [] : Array.isArray(v.ranges) ? v.ranges.map((r, j) => range(r, `${where}.ranges[${j}]`)) : null;
  if (ranges === null) throw new Error(`${where}.ranges is not a list`);
  return {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    purl: isText(pkg.purl) ? pkg.purl : null,
    ranges,
    versions: strings(v.versions, `${where}.versions`),
    severity: severities(v.severity, `${where}.severity`),
  };
}

/** Reads one record, or throws an Error whose message says what is wrong with it. */
export function readOsvRecord(value: unknown): OsvRecord {
  if (!isObject(value)) throw new Error('it is not a JSON object');
  if (!isText(value.id)) throw new Error('it has no id');
  if (!isText(value.modified) || Number.isNaN(Date.parse(value.modified))) throw new Error('it has no valid modified time');
  const list = value.affected === undefined ? [] : value.affected;
  if (!Array.isArray(list)) throw new Error('affected is not a list');
  const dbSpecific = isObject(value.database_specific) ? value.database_specific.severity : undefined;
  return {
    id: value.id,
    modified: value.modified,
    published: isText(value.published) ? value.published : null,
    withdrawn: isText(value.withdrawn) ? value.withdrawn : null,
    aliases: strings(value.aliases, 'aliases'),
    summary: isText(value.summary) ? value.summary : isText(value.details) ? value.details.slice(0, 300) : null,
    severity: severities(value.severity, 'severity'),
    databaseSeverity: typeof dbSpecific === 'string' ? dbSpecific : null,
    affected: list.map(affected),
  };
}
