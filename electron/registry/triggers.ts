import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { allLocalTables, allRecordKinds, recordKind } from './registry';
import { refusedOps } from './append-only';
import type { LocalTable, RecordKind, Refused } from './types';

// The freeze and append-only triggers each descriptor calls for: their names, the SQL for a new
// kind's migration (`npm run db:generate` writes it), and the check `verify` and the registry test
// make that the database holds exactly them.

type Op = 'insert' | Refused;
type Protected = RecordKind | LocalTable;

const FROZEN = 'The audit is finalised: its records cannot change. Add an amendment instead.';

const tableOf = (item: Protected): string => getTableName(item.table);
const isKind = (item: Protected): item is RecordKind => 'entity' in item;

/** What a finalised audit freezes of a kind: an audit itself is never created finalised. */
const frozenOps = (kind: RecordKind): Op[] => (kind.freezes ? (kind.entity === 'audits' ? ['update', 'delete'] : ['insert', 'update', 'delete']) : []);

/** The names of the triggers the descriptors call for, each with its table and operation. */
export function expectedTriggers(kinds: readonly RecordKind[] = allRecordKinds(), locals: readonly LocalTable[] = allLocalTables()): Array<{ name: string; table: string; op: Op; why: 'append-only' | 'freeze' }> {
  const list: Array<{ name: string; table: string; op: Op; why: 'append-only' | 'freeze' }> = [];
  for (const item of [...kinds, ...locals]) {
    const table = tableOf(item);
    for (const op of refusedOps(item)) list.push({ name: `${table}_no_${op}`, table, op, why: 'append-only' });
    // An operation the table refuses altogether needs no freeze trigger of its own.
    if (isKind(item)) for (const op of frozenOps(item)) if (!refusedOps(item).includes(op as Refused)) list.push({ name: `${table}_frozen_${op}`, table, op, why: 'freeze' });
  }
  return list;
}

/** The status of the audit a row belongs to, as SQL over `row` (NEW or OLD, or an alias). */
function auditStatus(kind: RecordKind, row: string, depth = 0): string {
  const columns = getTableColumns(kind.table) as Record<string, { name: string }>;
  if (kind.owner === 'self') return kind.entity === 'audits' ? `${row}.status` : `(SELECT status FROM audits WHERE id = ${row}.id)`;
  if (kind.owner === 'library') throw new Error(`${kind.entity} belongs to no audit: it cannot freeze with one.`);
  const column = columns[kind.owner.field]?.name ?? kind.owner.field;
  const parent = recordKind(kind.owner.entity);
  if (kind.owner.entity === 'audits' || !parent) return `(SELECT status FROM audits WHERE id = ${row}.${column})`;
  const alias = `p${depth}`;
  return `(SELECT ${auditStatus(parent, alias, depth + 1)} FROM ${kind.owner.entity} ${alias} WHERE ${alias}.id = ${row}.${column})`;
}

/** The CREATE TRIGGER statement for one expected trigger. */
export function triggerSql(item: Protected, op: Op, why: 'append-only' | 'freeze'): string {
  const table = tableOf(item);
  const event = op.toUpperCase();
  if (why === 'append-only') {
    const noun = isKind(item) ? item.noun : table.replace(/_/g, ' ');
    const message = `The ${noun} records are append-only: they cannot be ${op === 'update' ? 'changed' : 'removed'}.`;
    return `CREATE TRIGGER \`${table}_no_${op}\` BEFORE ${event} ON \`${table}\` BEGIN SELECT RAISE(ABORT, '${message.replace(/'/g, "''")}'); END;`;
  }
  const row = op === 'insert' ? 'NEW' : 'OLD';
  return `CREATE TRIGGER \`${table}_frozen_${op}\` BEFORE ${event} ON \`${table}\` WHEN ${auditStatus(item as RecordKind, row)} = 'finalised' BEGIN SELECT RAISE(ABORT, '${FROZEN}'); END;`;
}

/** The statements of the triggers the descriptors call for that no migration writes yet (for a new kind's migration). */
export function missingTriggerSql(migrationsSql: string, kinds: readonly RecordKind[] = allRecordKinds(), locals: readonly LocalTable[] = allLocalTables()): string[] {
  const written = new Set([...migrationsSql.matchAll(/CREATE TRIGGER `([^`]+)`/g)].map((m) => m[1]));
  const items = new Map<string, Protected>([...kinds, ...locals].map((item) => [tableOf(item), item]));
  return expectedTriggers(kinds, locals)
    .filter((t) => !written.has(t.name))
    .map((t) => triggerSql(items.get(t.table) as Protected, t.op, t.why));
}

/** Where the database's triggers differ from what the descriptors say: a protection missing, or one the descriptors do not call for. */
export function triggerProblems(sqlite: Database.Database, kinds: readonly RecordKind[] = allRecordKinds(), locals: readonly LocalTable[] = allLocalTables()): Array<{ location: string; message: string }> {
  const actual = sqlite.prepare("SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; tableName: string; sql: string }>;
  const byName = new Map(actual.map((t) => [t.name, t]));
  const expected = expectedTriggers(kinds, locals);
  // (A freeze trigger may also guard what append-only triggers already refuse, as older migrations wrote.)
  const names = new Set([...expected.map((t) => t.name), ...kinds.flatMap((k) => frozenOps(k).map((op) => `${tableOf(k)}_frozen_${op}`))]);
  const problems: Array<{ location: string; message: string }> = [];
  for (const want of expected) {
    const found = byName.get(want.name);
    const event = found ? /\bBEFORE\s+(INSERT|UPDATE|DELETE)\b/i.exec(found.sql)?.[1]?.toLowerCase() : undefined;
    const what = want.why === 'freeze' ? `keeps a finalised audit's ${want.table} from ${want.op === 'insert' ? 'growing' : want.op === 'update' ? 'changing' : 'losing records'}` : `keeps ${want.table} append-only`;
    if (!found) problems.push({ location: `trigger ${want.name}`, message: `the trigger that ${what} is missing.` });
    else if (found.tableName !== want.table || event !== want.op) problems.push({ location: `trigger ${want.name}`, message: `the trigger that ${what} guards something else.` });
  }
  // A freeze or append-only trigger the descriptors do not call for refuses what the app may write.
  const described = new Set([...kinds.map((k) => tableOf(k)), ...locals.map((l) => tableOf(l))]);
  for (const trigger of actual) {
    if (names.has(trigger.name) || !described.has(trigger.tableName) || !/_(no|frozen)_(insert|update|delete)$/.test(trigger.name)) continue;
    problems.push({ location: `trigger ${trigger.name}`, message: `the record descriptors do not call for this trigger on table ${trigger.tableName}: it refuses what the app may write.` });
  }
  return problems;
}
