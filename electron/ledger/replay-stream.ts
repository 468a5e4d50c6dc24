import type Database from 'better-sqlite3';
import { allRecordKinds, ownerField, recordKind, referencesOf } from '../registry/registry';
import { entityNames, type EntityName } from './entities';
import { linkTargets, type ReplayedRecord } from './replay';

/** A record's state as replayLedger gives it (its audit left out: verify does not ask). */
export type StreamedRecord = Omit<ReplayedRecord, 'auditId'>;
import { frozenEntities } from './scope';

// The state every record should have, as replayLedger works it out, one record at a time: for verify,
// which compares it with the tables and needs no conflicts. replayLedger holds the whole ledger in
// memory (about 5.5 KB an entry); this reads one record's entries at a time, kind by kind (each kind
// after the kinds it belongs to, depends on or links to), each kind's records in id order, as SQLite
// sorts them. What it keeps between records is small: the finalised audits, which records of
// finalised audits own others, and the records that are not live (deleted, or held back by a freeze).

interface Finalisation {
  deviceId: string;
  seq: number;
  hlc: string;
  heads: Record<string, number> | null;
}

interface Entry {
  deviceId: string;
  seq: number;
  hlc: string;
  op: string;
  fields: Record<string, unknown>;
}

interface Row {
  deviceId: string;
  seq: number;
  hlc: string;
  entityId: string;
  op: string;
  fields: string;
  prevClocks: string;
}

const entriesOf = `SELECT device_id AS deviceId, seq, hlc, entity_id AS entityId, op, fields, prev_clocks AS prevClocks
  FROM ledger WHERE entity = ? ORDER BY entity_id, hlc, device_id, seq`;

/** The entry with both JSON fields read, or undefined for one that does not parse (the chain check reports it; replay skips it). */
function parsed(row: Row): Entry | undefined {
  try {
    JSON.parse(row.prevClocks);
    return { deviceId: row.deviceId, seq: row.seq, hlc: row.hlc, op: row.op, fields: JSON.parse(row.fields) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

function seenBy(final: Finalisation, entry: Entry): boolean {
  if (entry.deviceId === final.deviceId) return entry.seq <= final.seq;
  if (final.heads) return entry.seq <= (final.heads[entry.deviceId] ?? 0);
  return entry.hlc <= final.hlc;
}

/** The kinds in an order where each comes after every kind it is owned by, depends on, or (evidence links) points at. */
export function replayOrder(): EntityName[] {
  const after = new Map<string, Set<string>>();
  for (const entity of entityNames) {
    const before = new Set(referencesOf(entity).map(([, reference]) => reference.entity));
    if (recordKind(entity)?.pointsAtLinkTarget) for (const target of Object.values(linkTargets)) before.add(target);
    before.delete(entity);
    after.set(entity, before);
  }
  const order: EntityName[] = [];
  const placed = new Set<string>();
  const place = (entity: EntityName, path: string[]) => {
    if (placed.has(entity)) return;
    if (path.includes(entity)) throw new Error(`The record kinds name each other in a cycle (${[...path, entity].join(' → ')}).`);
    for (const first of after.get(entity) ?? []) if (after.has(first)) place(first as EntityName, [...path, entity]);
    placed.add(entity);
    order.push(entity);
  };
  for (const entity of entityNames) place(entity, []);
  return order;
}

export class RecordStream {
  private readonly finals = new Map<string, Finalisation>();
  /** `entity\0id` → the finalised audit it belongs to, for records that other records belong to. */
  private readonly finalisedOwners = new Map<string, string>();
  /** `entity\0id` → its state, for records another record depends on or links to that are not live. */
  private readonly notLive = new Map<string, 'deleted' | 'absent'>();
  private readonly owners = new Set<string>();
  private readonly watched = new Set<string>();
  private readonly dependents = new Map<string, Array<[parent: string, field: string]>>();
  private readonly select: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.select = sqlite.prepare(entriesOf);
    for (const kind of allRecordKinds()) {
      if (typeof kind.owner === 'object') this.owners.add(kind.owner.entity);
      for (const [field, reference] of referencesOf(kind.entity)) {
        if (!reference.dependent) continue;
        this.watched.add(reference.entity);
        this.dependents.set(kind.entity, [...(this.dependents.get(kind.entity) ?? []), [reference.entity, field]]);
      }
    }
    for (const target of Object.values(linkTargets)) this.watched.add(target);
    // The first finalisation of each audit, in clock order: the records it had seen are the audit's.
    for (const row of this.select.iterate('audits') as Iterable<Row>) {
      const entry = parsed(row);
      if (!entry || entry.fields.status !== 'finalised' || this.finals.has(row.entityId)) continue;
      const heads = entry.fields.finalisedHeads;
      this.finals.set(row.entityId, { deviceId: entry.deviceId, seq: entry.seq, hlc: entry.hlc, heads: heads !== null && typeof heads === 'object' ? (heads as Record<string, number>) : null });
    }
  }

  /** The records of one kind, in id order; call it for the kinds in replayOrder(). */
  *records(entity: EntityName): Generator<StreamedRecord> {
    let id: string | undefined;
    let group: Entry[] = [];
    for (const row of this.select.iterate(entity) as Iterable<Row>) {
      if (row.entityId !== id) {
        if (id !== undefined && group.length > 0) yield this.settle(entity, id, group);
        id = row.entityId;
        group = [];
      }
      const entry = parsed(row);
      if (entry) group.push(entry);
    }
    if (id !== undefined && group.length > 0) yield this.settle(entity, id, group);
  }

  private settle(entity: EntityName, id: string, group: Entry[]): StreamedRecord {
    const parentOf = ownerField(entity);
    const parent = parentOf ? group.find((entry) => typeof entry.fields[parentOf] === 'string')?.fields[parentOf] as string | undefined : undefined;
    const auditId = this.auditOf(entity, id, parent);
    const final = auditId && frozenEntities.has(entity) ? this.finals.get(auditId) : undefined;
    const record: StreamedRecord = { entity, id, fields: {}, clocks: {}, state: 'absent' };
    for (const entry of group) {
      if (final && !seenBy(final, entry)) continue;
      if (record.state === 'absent') record.state = 'live';
      if (entry.op === 'delete') {
        record.state = 'deleted';
        continue;
      }
      for (const [field, value] of Object.entries(entry.fields)) {
        if ((record.clocks[field] ?? '') < entry.hlc) {
          record.fields[field] = value;
          record.clocks[field] = entry.hlc;
        }
      }
    }
    // Held back with the record it depends on (see replay's childOf), and a link to a record that is not live.
    for (const [parentEntity, field] of this.dependents.get(entity) ?? []) {
      const parentId = record.fields[field];
      if (typeof parentId === 'string' && this.notLive.get(`${parentEntity}\u0000${parentId}`) === 'absent') record.state = 'absent';
    }
    const pointer = recordKind(entity)?.pointsAtLinkTarget;
    if (pointer && record.state === 'live') {
      const target = linkTargets[String(record.fields[pointer.typeField])];
      if (target && this.notLive.has(`${target}\u0000${String(record.fields[pointer.idField])}`)) record.state = 'absent';
    }
    if (record.state !== 'live' && this.watched.has(entity)) this.notLive.set(`${entity}\u0000${id}`, record.state);
    if (auditId && this.finals.has(auditId) && this.owners.has(entity)) this.finalisedOwners.set(`${entity}\u0000${id}`, auditId);
    return record;
  }

  /** As AuditScope.auditOf, but an owner is known only when its audit is finalised: that is all a freeze asks. */
  private auditOf(entity: EntityName, id: string, parent: string | undefined): string | null | undefined {
    const owner = recordKind(entity)?.owner;
    if (owner === undefined) return undefined;
    if (owner === 'self') return id;
    if (owner === 'library') return null;
    if (parent === undefined) return undefined;
    return owner.entity === 'audits' ? parent : this.finalisedOwners.get(`${owner.entity}\u0000${parent}`);
  }
}
