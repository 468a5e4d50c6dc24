import { getTableName } from 'drizzle-orm';
import { localTables, recordKinds } from './kinds';
import type { LocalTable, RecordKind, Reference } from './types';

// What every consumer asks of the record kinds, worked out once from their descriptors. A kind the
// registry does not know has no owner, no place in the merge and no checks: callers refuse it.

const kinds: readonly RecordKind[] = recordKinds;
const byEntity = new Map<string, RecordKind>(kinds.map((kind) => [kind.entity, kind]));
if (byEntity.size !== kinds.length) throw new Error('Two record descriptors name the same entity.');

export function recordKind(entity: string): RecordKind | undefined {
  return byEntity.get(entity);
}

export function isRecordKind(entity: string): boolean {
  return byEntity.has(entity);
}

export function allRecordKinds(): readonly RecordKind[] {
  return kinds;
}

export function allLocalTables(): readonly LocalTable[] {
  return localTables;
}

/** The field naming the record a record belongs to (its audit, release or piece of evidence); null for library and audit-own records. */
export function ownerField(entity: string): string | null {
  const owner = byEntity.get(entity)?.owner;
  return owner !== undefined && typeof owner === 'object' ? owner.field : null;
}

/** Every field of a kind that names another record: its owner's field first, then its references. */
export function referencesOf(entity: string): Array<[field: string, reference: Reference]> {
  const kind = byEntity.get(entity);
  if (!kind) return [];
  const list: Array<[string, Reference]> = [];
  if (typeof kind.owner === 'object') list.push([kind.owner.field, { entity: kind.owner.entity, dependent: kind.owner.entity !== 'audits' }]);
  else if (kind.owner === 'self' && kind.entity !== 'audits') list.push(['id', { entity: 'audits' }]);
  for (const [field, reference] of Object.entries(kind.references ?? {})) list.push([field, reference]);
  return list;
}

/** The record kind evidence links name with this link type. */
export function linkTargetKind(type: string): RecordKind | undefined {
  return kinds.find((kind) => kind.linkTarget?.type === type);
}

export const linkTargetTypesOfKinds = (): string[] => kinds.flatMap((kind) => (kind.linkTarget ? [kind.linkTarget.type] : []));

/**
 * The order a merge writes the kinds in: each kind before every kind it names, so children go
 * before their parents (worked out from the references; a cycle is an error when the app starts).
 */
export function mergeOrderOf(list: readonly RecordKind[]): string[] {
  const names = new Set(list.map((kind) => kind.entity));
  const named = new Map(list.map((kind) => [kind.entity, new Set(referencesOfKind(kind).filter((e) => e !== kind.entity && names.has(e)))]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth first from the parents' side: a kind is placed once every kind naming it is placed.
  const namedBy = (entity: string) => list.filter((kind) => named.get(kind.entity)?.has(entity)).map((kind) => kind.entity);
  const visit = (entity: string, path: string[]) => {
    if (state.get(entity) === 'done') return;
    if (state.get(entity) === 'visiting') throw new Error(`The record kinds name each other in a cycle (${[...path, entity].join(' → ')}): the merge has no order.`);
    state.set(entity, 'visiting');
    for (const child of namedBy(entity)) visit(child, [...path, entity]);
    state.set(entity, 'done');
    order.push(entity);
  };
  for (const kind of list) visit(kind.entity, []);
  return order;
}

function referencesOfKind(kind: RecordKind): string[] {
  const list: string[] = [];
  if (typeof kind.owner === 'object') list.push(kind.owner.entity);
  else if (kind.owner === 'self' && kind.entity !== 'audits') list.push('audits');
  for (const reference of Object.values(kind.references ?? {})) list.push(reference.entity);
  return list;
}

export const mergeOrder: readonly string[] = mergeOrderOf(kinds);

/** The kind's table as SQLite names it. */
export const tableNameOf = (kind: RecordKind): string => getTableName(kind.table);
