import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseStatus } from '../../shared/api/vulnerabilities';
import type { Core } from '../services';

// The offline OSV database is reference data of this machine, not of an audit: a SQLite file of
// its own, osv.db in the data folder, attached to the app's connection as `osv` (so it uses the
// same native build of SQLite, and never travels in a bundle). Its affected packages are indexed by
// ecosystem family and package name; each record is kept as the JSON text it was read from.

export const OSV_SCHEMA = 'osv';
export const osvFile = (core: Core): string => path.join(core.layout.root, 'osv.db');

/** The tables of an OSV database, created in the attached schema `as`. */
export function createTables(core: Core, as: string): void {
  core.sqlite.exec(`
    CREATE TABLE ${as}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE ${as}.vulns (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL, withdrawn TEXT, record TEXT NOT NULL);
    CREATE TABLE ${as}.affected (vuln INTEGER NOT NULL, ecosystem TEXT NOT NULL, base TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL);
    CREATE TABLE ${as}.problems (name TEXT NOT NULL, reason TEXT NOT NULL);
  `);
}

export function createIndexes(core: Core, as: string): void {
  core.sqlite.exec(`CREATE INDEX ${as}.affected_package ON affected (base, name); CREATE INDEX ${as}.affected_vuln ON affected (vuln);`);
}

const attachedNames = (core: Core): string[] => (core.sqlite.prepare('PRAGMA database_list').all() as Array<{ name: string }>).map((d) => d.name);

export function attach(core: Core, file: string, as: string): void {
  if (attachedNames(core).includes(as)) return;
  core.sqlite.prepare(`ATTACH DATABASE ? AS ${as}`).run(file);
}

export function detach(core: Core, as: string): void {
  if (as === OSV_SCHEMA) lookups.delete(core.sqlite);
  if (attachedNames(core).includes(as)) core.sqlite.exec(`DETACH DATABASE ${as}`);
}

/** Attaches the database when the file is there; false when this machine has none. */
export function openOsv(core: Core): boolean {
  if (attachedNames(core).includes(OSV_SCHEMA)) return true;
  if (!fs.existsSync(osvFile(core))) return false;
  attach(core, osvFile(core), OSV_SCHEMA);
  return true;
}

export const normalisedName = (base: string, name: string): string => {
  const lower = name.trim().toLowerCase();
  return base === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
};

const emptyStatus: DatabaseStatus = { present: false, sha256: null, source: null, records: 0, withdrawn: 0, modified: null, importedAt: null, ecosystems: [], badRecords: 0, problems: [] };

export function databaseStatus(core: Core, as = OSV_SCHEMA): DatabaseStatus {
  if (as === OSV_SCHEMA && !openOsv(core)) return emptyStatus;
  const meta = Object.fromEntries((core.sqlite.prepare(`SELECT key, value FROM ${as}.meta`).all() as Array<{ key: string; value: string }>).map((m) => [m.key, m.value]));
  const ecosystems = core.sqlite
    .prepare(`SELECT ecosystem, count(DISTINCT name) AS packages FROM ${as}.affected GROUP BY ecosystem ORDER BY packages DESC, ecosystem LIMIT 200`)
    .all() as Array<{ ecosystem: string; packages: number }>;
  const problems = core.sqlite.prepare(`SELECT name, reason FROM ${as}.problems ORDER BY rowid LIMIT 100`).all() as Array<{ name: string; reason: string }>;
  return {
    present: true,
    sha256: meta.sha256 ?? null,
    source: meta.source ?? null,
    records: Number(meta.records ?? 0),
    withdrawn: Number(meta.withdrawn ?? 0),
    modified: meta.modified ?? null,
    importedAt: meta.importedAt ?? null,
    ecosystems,
    badRecords: Number(meta.badRecords ?? 0),
    problems,
  };
}

// One prepared lookup per connection; dropped when the database is replaced (detached).
type Lookup = { all: (...params: unknown[]) => unknown[] };
const lookups = new WeakMap<Core['sqlite'], Lookup>();

/** The records naming a package of an ecosystem family, with which of their affected entries names it. */
export function recordsFor(core: Core, base: string, name: string): Array<{ id: string; record: string; positions: number[] }> {
  let statement = lookups.get(core.sqlite);
  if (!statement) {
    statement = core.sqlite.prepare(`SELECT v.id, v.record, a.position FROM ${OSV_SCHEMA}.affected a JOIN ${OSV_SCHEMA}.vulns v ON v.n = a.vuln WHERE a.base = ? AND a.name = ? AND v.withdrawn IS NULL ORDER BY v.id, a.position`) as unknown as Lookup;
    lookups.set(core.sqlite, statement);
  }
  const rows = statement.all(base, normalisedName(base, name)) as Array<{ id: string; record: string; position: number }>;
  const byId = new Map<string, { id: string; record: string; positions: number[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, record: row.record, positions: [] };
    entry.positions.push(row.position);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}
