import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { VerifyReport } from '../../shared/api/system';
import { GENESIS_HASH, entryHash, type LedgerEntry } from '../ledger/ledger';
import { verifyAll } from '../system/verify';
import { WRITER_ROLE, hubMigrationsFolder } from './db/database';
import type { Hub } from './types';

// `verify` on the hub: the app's own verify of the working copy, then PostgreSQL itself. Every entry
// the hub holds is recomputed from its signed contents, linked to the one before in its device's
// chain and compared with the working copy; every object's chunks are read back (a few at a time)
// and hashed; every archived report has its object and its retention; the protections (triggers,
// the writer role's rights) are as the migrations made them.

export const hubVerifyAreas = ['working copy', 'hub ledger', 'hub objects', 'hub archive', 'hub database'] as const;

export interface HubVerifyProblem {
  area: (typeof hubVerifyAreas)[number];
  location: string;
  message: string;
}

export interface HubVerifyReport {
  ok: boolean;
  problems: HubVerifyProblem[];
  checked: { entries: number; devices: number; objects: number; bytes: number; archived: number; retained: number };
  workingCopy: VerifyReport;
}

const PAGE = 1000;
const CHUNKS_AT_ONCE = 4;

export async function verifyHub(hub: Hub): Promise<HubVerifyReport> {
  const workingCopy = await verifyAll(hub.core);
  const problems: HubVerifyProblem[] = workingCopy.problems.map((p) => ({ area: 'working copy', location: `${p.area}: ${p.location}`, message: p.message }));
  const { pool } = hub.database;
  const ledger = await verifyEntries(hub, problems);
  const objects = await verifyObjects(pool, problems);
  const archive = await verifyArchive(hub, problems);
  problems.push(...(await verifyProtections(pool, hubMigrationsFolder(hub.core.appRoot))));
  return { ok: problems.length === 0, problems, checked: { ...ledger, ...objects, ...archive }, workingCopy };
}

interface EntryRow {
  device_id: string;
  seq: string;
  hlc: string;
  entity: string;
  entity_id: string;
  hash: string;
  prev_hash: string;
  entry: Partial<LedgerEntry> | null;
}

/**
 * Each device's chain as PostgreSQL holds it, in order. The hub holds only entries of audits pushed to
 * it: where its chain has a gap (entries of audits the hub never received), the entry after the gap
 * is linked through the working copy, which holds a stub (place and hash) for each entry it lacks.
 */
async function verifyEntries(hub: Hub, problems: HubVerifyProblem[]): Promise<{ entries: number; devices: number }> {
  const { sqlite } = hub.core;
  const local = sqlite.prepare('SELECT hash FROM ledger WHERE device_id = ? AND seq = ?').pluck();
  const stub = sqlite.prepare('SELECT hash FROM ledger_stubs WHERE device_id = ? AND seq = ?').pluck();
  const localCounts = new Map((sqlite.prepare('SELECT device_id AS d, count(*) AS n FROM ledger GROUP BY device_id').all() as Array<{ d: string; n: number }>).map((r) => [r.d, r.n]));
  const held = new Map<string, number>();
  let last: { deviceId: string; seq: number; hash: string } | null = null;
  let entries = 0;
  for (let after = ['', 0] as [string, number]; ; ) {
    const rows = (
      await hub.database.pool.query('SELECT device_id, seq, hlc, entity, entity_id, hash, prev_hash, entry FROM hub_entries WHERE (device_id, seq) > ($1, $2) ORDER BY device_id, seq LIMIT $3', [...after, PAGE])
    ).rows as EntryRow[];
    for (const row of rows) {
      const seq = Number(row.seq);
      const at = `device ${row.device_id}, entry #${seq}`;
      const add = (message: string) => problems.push({ area: 'hub ledger', location: at, message });
      entries += 1;
      const entry = row.entry ?? {};
      const columns = { deviceId: row.device_id, seq, hlc: row.hlc, entity: row.entity, entityId: row.entity_id, hash: row.hash, prevHash: row.prev_hash };
      const differ = Object.entries(columns).filter(([key, value]) => entry[key as keyof LedgerEntry] !== value).map(([key]) => key);
      if (differ.length > 0) add(`the row's ${differ.join(', ')} differ from the entry as it was signed: the row was changed in the database.`);
      else if (entryHash(entry as LedgerEntry) !== row.hash) add('its contents do not match its hash: the entry was changed in the database.');
      // The link to the entry before: in PostgreSQL, or across a gap through the working copy.
      const before = last && last.deviceId === row.device_id && last.seq === seq - 1 ? last.hash : seq === 1 ? GENESIS_HASH : ((local.get(row.device_id, seq - 1) ?? stub.get(row.device_id, seq - 1)) as string | undefined);
      if (before === undefined) add(`nothing of entry #${seq - 1} is held, on the hub or in its working copy: the chain cannot be followed to this entry.`);
      else if (row.prev_hash !== before) add('it does not link to the entry before it: entries were inserted, removed or changed.');
      const mine = local.get(row.device_id, seq) as string | undefined;
      if (mine === undefined) add('the working copy does not hold this entry: it reached PostgreSQL without passing the hub\'s checks.');
      else if (mine !== row.hash) add('it differs from the working copy\'s entry of that number.');
      else held.set(row.device_id, (held.get(row.device_id) ?? 0) + 1);
      last = { deviceId: row.device_id, seq, hash: row.hash };
    }
    if (rows.length < PAGE) break;
    after = [last?.deviceId ?? '', last?.seq ?? 0];
  }
  for (const [deviceId, n] of localCounts) {
    const missing = n - (held.get(deviceId) ?? 0);
    if (missing > 0) problems.push({ area: 'hub ledger', location: `device ${deviceId}`, message: `${missing} of the working copy's ${n} entries of this device are not in PostgreSQL as the working copy holds them.` });
  }
  return { entries, devices: new Set([...localCounts.keys(), ...held.keys()]).size };
}

/** Every object's chunks, read back a few at a time: numbered from 0 without gaps, summing to its size, hashing to its name. */
async function verifyObjects(pool: pg.Pool, problems: HubVerifyProblem[]): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  for (let after = ''; ; ) {
    const rows = (await pool.query('SELECT sha256, size FROM hub_objects WHERE sha256 > $1 ORDER BY sha256 LIMIT $2', [after, PAGE])).rows as Array<{ sha256: string; size: string }>;
    for (const object of rows) {
      objects += 1;
      const add = (message: string) => problems.push({ area: 'hub objects', location: `object ${object.sha256}`, message });
      const hash = createHash('sha256');
      let n = 0;
      let size = 0;
      let gap = false;
      for (;;) {
        const chunks = (await pool.query('SELECT n, data FROM hub_object_chunks WHERE sha256 = $1 AND n >= $2 ORDER BY n LIMIT $3', [object.sha256, n, CHUNKS_AT_ONCE])).rows as Array<{ n: number; data: Buffer }>;
        for (const chunk of chunks) {
          if (chunk.n !== n) gap = true;
          hash.update(chunk.data);
          size += chunk.data.length;
          n = chunk.n + 1;
        }
        if (chunks.length < CHUNKS_AT_ONCE) break;
      }
      bytes += size;
      if (gap) add('some of its pieces are missing: its bytes were removed in the database.');
      if (size !== Number(object.size)) add(`its pieces hold ${size} bytes, not the ${Number(object.size)} it was stored with.`);
      else if (hash.digest('hex') !== object.sha256) add('its bytes do not match its SHA-256: the object was changed in the database.');
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.sha256 ?? '';
  }
  const strays = (await pool.query('SELECT DISTINCT c.sha256 FROM hub_object_chunks c WHERE NOT EXISTS (SELECT 1 FROM hub_objects o WHERE o.sha256 = c.sha256) ORDER BY 1')).rows as Array<{ sha256: string }>;
  for (const s of strays) problems.push({ area: 'hub objects', location: `object ${s.sha256}`, message: 'its pieces are stored, but the object itself is not: its row was removed in the database.' });
  return { objects, bytes };
}

/** Every archived report has its object and keeps it until its date; every report of the working copy is archived. */
async function verifyArchive(hub: Hub, problems: HubVerifyProblem[]): Promise<{ archived: number; retained: number }> {
  const { pool } = hub.database;
  const add = (location: string, message: string) => problems.push({ area: 'hub archive', location, message });
  const rows = (
    await pool.query(`SELECT a.report_id, a.audit_id, a.sha256, (o.sha256 IS NOT NULL) AS stored,
      EXISTS (SELECT 1 FROM hub_retention r WHERE r.report_id = a.report_id AND r.sha256 = a.sha256 AND r.retain_until >= a.retain_until) AS kept
      FROM hub_archive a LEFT JOIN hub_objects o ON o.sha256 = a.sha256 ORDER BY a.report_id`)
  ).rows as Array<{ report_id: string; audit_id: string; sha256: string; stored: boolean; kept: boolean }>;
  for (const r of rows) {
    if (!r.stored) add(`report ${r.report_id}`, `its PDF (object ${r.sha256}) is not among the hub's objects: it was removed in the database.`);
    if (!r.kept) add(`report ${r.report_id}`, 'no retention row keeps its PDF until the report\'s date: the row was removed or changed in the database.');
  }
  const orphans = (await pool.query('SELECT r.sha256, r.report_id FROM hub_retention r WHERE NOT EXISTS (SELECT 1 FROM hub_objects o WHERE o.sha256 = r.sha256) ORDER BY 1, 2')).rows as Array<{ sha256: string; report_id: string }>;
  for (const o of orphans) add(`object ${o.sha256}`, `report ${o.report_id} keeps this object, but the hub no longer holds it: it was removed in the database.`);
  const archived = new Set(rows.map((r) => r.report_id));
  for (const report of hub.core.sqlite.prepare('SELECT id, audit_id AS auditId FROM reports ORDER BY id').all() as Array<{ id: string; auditId: string }>) {
    if (!archived.has(report.id)) add(`report ${report.id}`, `the working copy holds this issued report of audit ${report.auditId}, but the archive does not.`);
  }
  // Every object the working copy's records name is in PostgreSQL; an archived audit's evidence is kept with it.
  const named = hub.core.sqlite.prepare('SELECT sha256, audit_id AS auditId, 1 AS evidence FROM evidence UNION ALL SELECT sha256, audit_id, 0 FROM reports').all() as Array<{ sha256: string; auditId: string; evidence: number }>;
  const stored = new Set(((await pool.query('SELECT sha256 FROM hub_objects WHERE sha256 = ANY($1)', [named.map((n) => n.sha256)])).rows as Array<{ sha256: string }>).map((r) => r.sha256));
  const kept = new Set(((await pool.query('SELECT DISTINCT sha256, audit_id FROM hub_retention')).rows as Array<{ sha256: string; audit_id: string }>).map((r) => `${r.sha256} ${r.audit_id}`));
  const archivedAudits = new Set(rows.map((r) => r.audit_id));
  for (const n of named) {
    if (!stored.has(n.sha256)) add(`object ${n.sha256}`, `the working copy's ${n.evidence ? 'evidence' : 'report'} of audit ${n.auditId} names this object, but PostgreSQL does not hold it: it was removed in the database.`);
    else if (n.evidence && archivedAudits.has(n.auditId) && !kept.has(`${n.sha256} ${n.auditId}`)) add(`object ${n.sha256}`, `this evidence of audit ${n.auditId}, whose reports are archived, is kept by no retention row: the row was removed in the database.`);
  }
  const retained = (await pool.query('SELECT count(*)::int AS n FROM hub_retention')).rows[0] as { n: number };
  return { archived: rows.length, retained: retained.n };
}

/** The triggers the hub's migrations made, present and enabled; the writer role without DELETE, TRUNCATE or whole-table UPDATE. */
export async function verifyProtections(pool: pg.Pool, migrationsFolder: string): Promise<HubVerifyProblem[]> {
  const problems: HubVerifyProblem[] = [];
  const expected = new Map<string, string>();
  for (const file of fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    for (const match of fs.readFileSync(path.join(migrationsFolder, file), 'utf8').matchAll(/CREATE TRIGGER (\w+) .*? ON (\w+)/g)) expected.set(match[1] as string, match[2] as string);
  }
  const actual = new Map(
    ((await pool.query("SELECT t.tgname, c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace s ON s.oid = c.relnamespace WHERE NOT t.tgisinternal AND s.nspname = 'public'")).rows as Array<{ tgname: string; relname: string; tgenabled: string }>).map((r) => [r.tgname, r]),
  );
  for (const [name, table] of expected) {
    const found = actual.get(name);
    if (!found || found.relname !== table) problems.push({ area: 'hub database', location: `trigger ${name}`, message: `this protection of table ${table} was removed outside the hub.` });
    else if (found.tgenabled === 'D') problems.push({ area: 'hub database', location: `trigger ${name}`, message: `this protection of table ${table} is disabled: enable it again (ALTER TABLE ${table} ENABLE TRIGGER ALL) and find out who disabled it.` });
  }
  const rights = (
    await pool.query(
      `SELECT c.relname, has_table_privilege($1, c.oid, 'DELETE') AS del, has_table_privilege($1, c.oid, 'TRUNCATE') AS trunc, has_table_privilege($1, c.oid, 'UPDATE') AS upd
       FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'hub\\_%' ORDER BY c.relname`,
      [WRITER_ROLE],
    )
  ).rows as Array<{ relname: string; del: boolean; trunc: boolean; upd: boolean }>;
  for (const r of rights) {
    // (The nonces of signed requests are bookkeeping the hub prunes once outside the clock window.)
    const granted = [r.del && r.relname !== 'hub_nonces' && 'DELETE', r.trunc && 'TRUNCATE', r.upd && 'UPDATE'].filter(Boolean);
    if (granted.length > 0) problems.push({ area: 'hub database', location: `table ${r.relname}`, message: `the hub's writer role ${WRITER_ROLE} was granted ${granted.join(', ')} on it outside the hub.` });
  }
  return problems;
}
