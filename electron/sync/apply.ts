import { eq, getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import { entityTables, type EntityName } from '../ledger/entities';
import { replayLedger, type Conflict } from '../ledger/replay';
import type { Core } from '../services';

// Makes the tables hold what the ledger says, after new entries from a bundle were added to it:
// only records that differ are written. Runs inside the import's transaction.
//
// Children are written before their parents, with foreign keys checked at commit: a finalised audit
// arriving whole is then written with its records first and its final status last, so the freeze
// triggers (which refuse changes under a finalised audit) never see a half-arrived audit as final.

const order: EntityName[] = [
  'conflict_resolutions',
  'custody_events',
  'evidence_links',
  'change_tickets',
  'runbook_steps',
  'release_components',
  'checklist_results',
  'interviews',
  'warroom_entries',
  'findings',
  'reports',
  'audit_amendments',
  'evidence',
  'releases',
  'audit_plans',
  'template_versions',
  'checklist_templates',
  'controls',
  'audits',
];

type AnyTable = SQLiteTable & { id: SQLiteColumn };

export interface ApplyResult {
  inserted: number;
  updated: number;
  deleted: number;
  conflicts: Conflict[];
}

export function applyLedger(core: Core): ApplyResult {
  if (!core.sqlite.inTransaction) throw new Error('Merging runs inside the import transaction.');
  core.sqlite.pragma('defer_foreign_keys = ON');
  const replayed = replayLedger(core.sqlite);
  const result: ApplyResult = { inserted: 0, updated: 0, deleted: 0, conflicts: replayed.conflicts };
  const clocks = new Map(
    (core.sqlite.prepare('SELECT entity, entity_id AS entityId, field, hlc FROM field_clocks').all() as Array<{ entity: string; entityId: string; field: string; hlc: string }>).map(
      (r) => [`${r.entity}\u0000${r.entityId}\u0000${r.field}`, r.hlc],
    ),
  );
  const saveClock = core.sqlite.prepare(
    'INSERT INTO field_clocks (entity, entity_id, field, hlc) VALUES (?, ?, ?, ?) ON CONFLICT(entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc',
  );
  for (const entity of order) {
    const records = replayed.records.get(entity);
    if (!records) continue;
    const table = entityTables[entity] as AnyTable;
    const columns = new Set(Object.keys(getTableColumns(table)));
    const rows = new Map((core.db.select().from(table).all() as Array<Record<string, unknown> & { id: string }>).map((row) => [row.id, row]));
    for (const record of records.values()) {
      const row = rows.get(record.id);
      const known = Object.fromEntries(Object.entries(record.fields).filter(([field]) => columns.has(field) && field !== 'id'));
      try {
        if (record.state === 'live' && !row) {
          core.db.insert(table).values({ ...known, id: record.id }).run();
          result.inserted += 1;
        } else if (record.state === 'live' && row) {
          const changed = Object.fromEntries(Object.entries(known).filter(([field, value]) => canonicalJson(row[field] ?? null) !== canonicalJson(value ?? null)));
          if (Object.keys(changed).length > 0) {
            core.db.update(table).set(changed).where(eq(table.id, record.id)).run();
            result.updated += 1;
          }
        } else if (row) {
          core.db.delete(table).where(eq(table.id, record.id)).run();
          result.deleted += 1;
        }
      } catch (error) {
        const message = (error as Error).message;
        if (/finalised/.test(message)) {
          throw new AppError(
            'CONFLICT',
            `The bundle changes ${entity.replace(/_/g, ' ')} ${record.id} of an audit finalised on this laptop, with edits its finaliser had seen but this laptop had not (was the audit finalised on two laptops at once?). Nothing was imported.`,
          );
        }
        throw error;
      }
      for (const [field, hlc] of Object.entries(record.clocks)) {
        const key = `${entity}\u0000${record.id}\u0000${field}`;
        if (clocks.get(key) !== hlc) saveClock.run(entity, record.id, field, hlc);
      }
    }
  }
  return result;
}
