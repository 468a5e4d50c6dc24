import { getTableColumns, is, SQL, StringChunk } from 'drizzle-orm';
import type { VerifyProblem } from '../../shared/api/system';
import type { AppDatabase } from '../db/database';
import type Database from 'better-sqlite3';
import { canonicalJson } from './canonical';
import { replayLedger, type ReplayedRecord } from './replay';
import { entityNames, entityTables } from './entities';

// Replays the ledger into the state every record should have and compares it with the tables,
// so a row changed, added or removed behind the app's back (say with the sqlite3 shell) is found.

export function verifyRecords(db: AppDatabase, sqlite: Database.Database): { problems: VerifyProblem[]; records: number } {
  const expected = replayLedger(sqlite).records;
  const problems: VerifyProblem[] = [];
  let records = 0;
  for (const entity of entityNames) {
    const replayed = expected.get(entity) ?? new Map<string, ReplayedRecord>();
    const actualRows = db.select().from(entityTables[entity]).all() as Array<Record<string, unknown> & { id: string }>;
    const defaults = columnDefaults(entity);
    const seen = new Set<string>();
    for (const actual of actualRows) {
      records += 1;
      seen.add(actual.id);
      const location = `table ${entity}, record ${actual.id}`;
      const want = replayed.get(actual.id);
      if (!want || want.state !== 'live') {
        problems.push({
          area: 'records',
          location,
          message:
            want?.state === 'absent'
              ? 'this record was added after its audit was finalised elsewhere: it belongs in the conflicts list, not the audit.'
              : 'this record is not in the ledger: it was added outside the app, or its ledger entries were removed.',
        });
        continue;
      }
      for (const [field, value] of Object.entries(actual)) {
        if (field === 'id') continue;
        // A column added by a later migration is not in older entries: there it must hold its default.
        const expectedValue = field in want.fields ? want.fields[field] : defaults[field];
        if (canonicalJson(value ?? null) !== canonicalJson(expectedValue ?? null)) {
          problems.push({
            area: 'records',
            location: `${location}, field ${field}`,
            message: `holds ${preview(value)} but the ledger says ${preview(expectedValue)}: it was changed outside the app.`,
          });
        }
      }
    }
    for (const [id, want] of replayed) {
      if (want.state === 'live' && !seen.has(id)) {
        problems.push({
          area: 'records',
          location: `table ${entity}, record ${id}`,
          message: 'the ledger records this record but the table no longer has it: it was deleted outside the app.',
        });
      }
    }
  }
  return { problems, records };
}

/** Each column's default value as the table stores it, for fields older ledger entries never wrote. */
export function columnDefaults(entity: (typeof entityNames)[number]): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(getTableColumns(entityTables[entity]))) {
    const value: unknown = column.default;
    if (is(value, SQL)) {
      const literal = value.queryChunks.map((chunk) => (is(chunk, StringChunk) ? chunk.value.join('') : '')).join('');
      try {
        defaults[field] = JSON.parse(literal.replace(/^'|'$/g, ''));
      } catch {
        defaults[field] = literal;
      }
    } else defaults[field] = value ?? null;
  }
  return defaults;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
