import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable, getTableConfig } from 'drizzle-orm/sqlite-core';
import type { LocalTable, RecordKind } from './types';
import { mergeOrderOf } from './registry';

// What makes a set of descriptors wrong: a table of the schema nobody declared, a descriptor naming
// a field, a parent or a record kind that does not exist, a foreign key no descriptor names, or
// references that go round in a cycle. The registry test runs it on the app's own schema.

export function registryProblems(schema: Record<string, unknown>, kinds: readonly RecordKind[], locals: readonly LocalTable[]): string[] {
  const problems: string[] = [];
  const tables = Object.values(schema).filter((value): value is SQLiteTable => is(value, SQLiteTable));
  const declared = new Map<string, number>();
  for (const table of [...kinds.map((k) => k.table), ...locals.map((l) => l.table)]) declared.set(getTableName(table), (declared.get(getTableName(table)) ?? 0) + 1);
  for (const table of tables) {
    const name = getTableName(table);
    if (!declared.has(name)) problems.push(`table ${name} has no descriptor: declare it in its domain's records.ts (a record kind, or a local table).`);
    else if ((declared.get(name) as number) > 1) problems.push(`table ${name} is declared twice.`);
  }
  const names = new Set(kinds.map((k) => k.entity));
  for (const kind of kinds) {
    const where = `record kind ${kind.entity}`;
    if (getTableName(kind.table) !== kind.entity) problems.push(`${where} names table ${getTableName(kind.table)}: the entity must be the table's name.`);
    if (!tables.includes(kind.table)) problems.push(`${where}: its table is not part of the schema (electron/db/schema.ts).`);
    const columns = new Set(Object.keys(getTableColumns(kind.table)));
    const field = (f: string, what: string) => {
      if (!columns.has(f)) problems.push(`${where}: ${what} ${f} is not a field of the table.`);
    };
    const entity = (e: string, what: string) => {
      if (!names.has(e)) problems.push(`${where}: ${what} ${e} is not a record kind.`);
    };
    if (typeof kind.owner === 'object') {
      field(kind.owner.field, 'its owner field');
      entity(kind.owner.entity, 'its owner');
    }
    for (const [f, reference] of Object.entries(kind.references ?? {})) {
      field(f, 'the reference');
      entity(reference.entity, `the reference ${f} names`);
      if (reference.sameAs) field(reference.sameAs, 'the field it shares,');
    }
    if (kind.vaultFile) field(kind.vaultFile, 'its vault file field');
    if (kind.pointsAtLinkTarget) for (const f of [kind.pointsAtLinkTarget.typeField, kind.pointsAtLinkTarget.idField]) field(f, 'its link field');
    for (const f of [...(kind.conflictFields ?? []), ...Object.keys(kind.values ?? {})]) field(f, 'the field');
    if (kind.linkTarget && !(typeof kind.owner === 'object' && kind.owner.entity === 'audits')) problems.push(`${where}: evidence links only to records an audit owns directly.`);
    if (kind.refuses?.includes('update') && !kind.appendOnly) problems.push(`${where}: a record that is never updated is append-only.`);
    // Every foreign key of the table is a reference the registry knows (merge order and checks use them).
    const named = new Map<string, string>(Object.entries(kind.references ?? {}).map(([f, r]) => [f, r.entity]));
    if (typeof kind.owner === 'object') named.set(kind.owner.field, kind.owner.entity);
    if (kind.owner === 'self' && kind.entity !== 'audits') named.set('id', 'audits');
    const byColumn = new Map(Object.entries(getTableColumns(kind.table)).map(([f, c]) => [c.name, f]));
    for (const fk of getTableConfig(kind.table).foreignKeys) {
      const reference = fk.reference();
      for (const column of reference.columns) {
        const f = byColumn.get(column.name) ?? column.name;
        const target = getTableName(reference.foreignTable);
        if (named.get(f) !== target) problems.push(`${where}: the foreign key ${f} → ${target} is not declared as its owner or a reference.`);
      }
    }
  }
  try {
    mergeOrderOf(kinds);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}
