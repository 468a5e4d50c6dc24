import { recordKinds } from '../registry/kinds';

// The records that change only through the ledger, by the entity name the ledger stores: every
// record kind of the registry (electron/registry), each declared by its domain.

type Kind = (typeof recordKinds)[number];
export type EntityName = Kind['entity'];

export const entityTables = Object.fromEntries(recordKinds.map((kind) => [kind.entity, kind.table])) as unknown as {
  [K in EntityName]: Extract<Kind, { entity: K }>['table'];
};

export const entityNames = recordKinds.map((kind) => kind.entity) as EntityName[];

export function isEntityName(value: string): value is EntityName {
  return Object.hasOwn(entityTables, value);
}
