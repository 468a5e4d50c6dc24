import { getTableColumns, getTableName, is, SQL, StringChunk, type Column } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { VerifyProblem } from '../../shared/api/system';
import { canonicalJson } from './canonical';
import { entityNames, entityTables, type EntityName } from './entities';
import { RecordStream, replayOrder, type StreamedRecord } from './replay-stream';

// Replays the ledger into the state every record should have and compares it with the tables,
// so a row changed, added or removed behind the app's back (say with the sqlite3 shell) is found.
// Both sides are read as streams in id order and walked side by side: memory does not grow with the
// ledger or the tables.

export function verifyRecords(sqlite: Database.Database): { problems: VerifyProblem[]; records: number } {
  const stream = new RecordStream(sqlite);
  const found = new Map<EntityName, VerifyProblem[]>();
  let records = 0;
  for (const entity of replayOrder()) {
    const rowProblems: VerifyProblem[] = [];
    const deleted: VerifyProblem[] = [];
    found.set(entity, rowProblems);
    const missing = (want: StreamedRecord) => {
      if (want.state === 'live') {
        deleted.push({ area: 'records', location: `table ${entity}, record ${want.id}`, message: 'the ledger records this record but the table no longer has it: it was deleted outside the app.' });
      }
    };
    const defaults = columnDefaults(entity);
    const replayed = stream.records(entity);
    let want = replayed.next();
    for (const actual of tableRows(sqlite, entity)) {
      records += 1;
      // What the ledger holds before this row (in SQLite's order of ids) is not in the table.
      while (!want.done && typeof actual.id === 'string' && sqliteTextBefore(want.value.id, actual.id)) {
        missing(want.value);
        want = replayed.next();
      }
      const matched = !want.done && want.value.id === actual.id ? want.value : undefined;
      if (matched) want = replayed.next();
      rowProblems.push(...compareRow(entity, actual, matched, defaults));
    }
    for (; !want.done; want = replayed.next()) missing(want.value);
    rowProblems.push(...deleted);
  }
  const problems = entityNames.flatMap((entity) => found.get(entity) ?? []);
  return { problems, records };
}

function compareRow(entity: EntityName, actual: Record<string, unknown>, want: StreamedRecord | undefined, defaults: Record<string, unknown>): VerifyProblem[] {
  const location = `table ${entity}, record ${String(actual.id)}`;
  if (!want || want.state !== 'live') {
    return [
      {
        area: 'records',
        location,
        message:
          want?.state === 'absent'
            ? 'this record was added after its audit was finalised elsewhere: it belongs in the conflicts list, not the audit.'
            : 'this record is not in the ledger: it was added outside the app, or its ledger entries were removed.',
      },
    ];
  }
  const problems: VerifyProblem[] = [];
  for (const [field, value] of Object.entries(actual)) {
    if (field === 'id') continue;
    // A column added by a later migration is not in older entries: there it must hold its default.
    const expectedValue = field in want.fields ? want.fields[field] : defaults[field];
    if (!sameValue(value, expectedValue)) {
      problems.push({
        area: 'records',
        location: `${location}, field ${field}`,
        message: `holds ${preview(value)} but the ledger says ${preview(expectedValue)}: it was changed outside the app.`,
      });
    }
  }
  return problems;
}

/** canonicalJson(a) === canonicalJson(b), without writing JSON for the text, numbers and booleans most fields hold. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
  if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) return a === b;
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** A table's rows in id order, each read as the app's queries read it (drizzle's column decoding). */
function* tableRows(sqlite: Database.Database, entity: EntityName): Generator<Record<string, unknown>> {
  const columns = Object.entries(getTableColumns(entityTables[entity])) as Array<[string, Column]>;
  const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const select = sqlite.prepare(`SELECT ${names} FROM "${getTableName(entityTables[entity])}" ORDER BY "id"`).raw();
  for (const raw of select.iterate() as Iterable<unknown[]>) {
    const row: Record<string, unknown> = {};
    for (const [i, [field, column]] of columns.entries()) {
      const value = raw[i];
      row[field] = value === null ? null : column.mapFromDriverValue(value);
    }
    yield row;
  }
}

/**
 * Whether SQLite's BINARY order puts text a before b: the order of UTF-8 bytes, which is JavaScript's
 * order of UTF-16 units except around surrogate pairs. An id that is not text never matches the ledger
 * (which names records by text), so the walk only needs this for text.
 */
function sqliteTextBefore(a: string, b: string): boolean {
  if (/[\uD800-\uDFFF]/.test(a) || /[\uD800-\uDFFF]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
  return a < b;
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
