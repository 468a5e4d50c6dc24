import fs from 'node:fs';
import { canonicalJson } from '../ledger/canonical';
import type { LedgerRow } from '../ledger/ledger';
import { IndexedScope } from '../ledger/replay-scope';
import { allRecordKinds } from '../registry/registry';
import type { Hub } from './types';

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// What the hub writes to PostgreSQL: the ledger entries its working copy accepted, exactly as they
// were signed (the bundle's line), and the objects they name, each stored once by its SHA-256.

const BATCH = 500;
const CHUNK = 1024 * 1024;

type Range = { deviceId: string; from: number; to: number };

const entryRows = `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks, prev_hash AS prevHash, hash
  FROM ledger WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq`;

/**
 * Copies the working copy's entries of these ranges of each device's chain into PostgreSQL (those
 * already there stay as they are); returns how many were new there.
 */
export async function mirrorRanges(hub: Hub, ranges: Range[], bundleId: string | null): Promise<number> {
  const scope = new IndexedScope(hub.core.sqlite);
  const read = hub.core.sqlite.prepare(entryRows);
  const client = await hub.database.pool.connect();
  let added = 0;
  try {
    await client.query('BEGIN');
    for (const range of ranges) {
      for (let low = range.from; low < range.to; low += BATCH) {
        const rows = read.all(range.deviceId, low, Math.min(range.to, low + BATCH)) as LedgerRow[];
        if (rows.length === 0) continue;
        const records = rows.map((row) => {
          const entry = { ...row, fields: JSON.parse(row.fields) as unknown, prevClocks: JSON.parse(row.prevClocks) as unknown };
          return {
            device_id: row.deviceId,
            seq: row.seq,
            hlc: row.hlc,
            entity: row.entity,
            entity_id: row.entityId,
            audit_id: scope.auditOf(row.entity, row.entityId) ?? null,
            hash: row.hash,
            prev_hash: row.prevHash,
            entry: JSON.parse(canonicalJson(entry)) as unknown,
            bundle_id: bundleId,
          };
        });
        const result = await client.query(
          `INSERT INTO hub_entries (device_id, seq, hlc, entity, entity_id, audit_id, hash, prev_hash, entry, bundle_id)
           SELECT device_id, seq, hlc, entity, entity_id, audit_id, hash, prev_hash, entry, bundle_id
           FROM jsonb_to_recordset($1::jsonb) AS r(device_id text, seq bigint, hlc text, entity text, entity_id text, audit_id text, hash text, prev_hash text, entry jsonb, bundle_id text)
           ON CONFLICT (device_id, seq) DO NOTHING`,
          [JSON.stringify(records)],
        );
        added += result.rowCount ?? 0;
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  return added;
}

/** The hub's own chain and every chain of the working copy, as far as PostgreSQL lacks them (at start, after a stop mid-push). */
export async function mirrorAll(hub: Hub): Promise<number> {
  const heads = hub.core.sqlite.prepare('SELECT device_id AS deviceId, seq FROM ledger_heads').all() as Array<{ deviceId: string; seq: number }>;
  const held = new Map(
    ((await hub.database.pool.query('SELECT device_id, count(*)::bigint AS n, max(seq) AS top FROM hub_entries GROUP BY device_id')).rows as Array<{ device_id: string; n: string; top: string }>).map((r) => [
      r.device_id,
      { n: Number(r.n), top: Number(r.top) },
    ]),
  );
  const count = hub.core.sqlite.prepare('SELECT count(*) AS n FROM ledger WHERE device_id = ?');
  const ranges: Range[] = [];
  for (const head of heads) {
    const pg = held.get(head.deviceId);
    const local = (count.get(head.deviceId) as { n: number }).n;
    if (pg && pg.n === local && pg.top === head.seq) continue;
    // Some are missing: the range is copied whole, and those PostgreSQL has are kept as they are.
    ranges.push({ deviceId: head.deviceId, from: 0, to: head.seq });
  }
  const added = ranges.length > 0 ? await mirrorRanges(hub, ranges, null) : 0;
  // Every vault file a record names (the registry's `vaultFile`: evidence, issued reports).
  const named = allRecordKinds().flatMap((kind) => (kind.vaultFile ? (hub.core.sqlite.prepare(`SELECT DISTINCT "${snake(kind.vaultFile)}" FROM "${kind.entity}"`).pluck().all() as string[]) : []));
  await storeObjects(hub, named);
  return added;
}

/** Stores each object the working copy's vault holds and PostgreSQL lacks; returns how many were new. */
export async function storeObjects(hub: Hub, shas: Iterable<string>): Promise<number> {
  const wanted = [...new Set(shas)].filter((sha) => hub.core.vault.has(sha));
  if (wanted.length === 0) return 0;
  const present = new Set(((await hub.database.pool.query('SELECT sha256 FROM hub_objects WHERE sha256 = ANY($1)', [wanted])).rows as Array<{ sha256: string }>).map((r) => r.sha256));
  let added = 0;
  for (const sha of wanted) {
    if (present.has(sha)) continue;
    if (await storeObject(hub, sha, hub.core.vault.objectPath(sha))) added += 1;
  }
  return added;
}

/** One object in 1 MiB pieces, in one transaction: it is there whole or not at all. */
async function storeObject(hub: Hub, sha: string, file: string): Promise<boolean> {
  const client = await hub.database.pool.connect();
  try {
    await client.query('BEGIN');
    const size = fs.statSync(file).size;
    const inserted = await client.query('INSERT INTO hub_objects (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha, size]);
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    let n = 0;
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
      await client.query('INSERT INTO hub_object_chunks (sha256, n, data) VALUES ($1, $2, $3)', [sha, n, chunk as Buffer]);
      n += 1;
    }
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
