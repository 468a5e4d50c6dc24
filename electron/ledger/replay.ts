import type Database from 'better-sqlite3';
import { canonicalJson, sha256Hex } from './canonical';
import { isEntityName, type EntityName } from './entities';
import type { LedgerEntry } from './ledger';
import { allRecordKinds, recordKind, referencesOf } from '../registry/registry';
import { AuditScope, frozenEntities } from './scope';

// The state every record should have, worked out from the ledger alone. The same rules run when
// `verify` compares the tables with the ledger and when a bundle from another laptop is merged, so
// every laptop holding the same entries holds the same records, whatever order they arrived in:
// - each field takes the value of its write with the latest hybrid logical clock;
// - a delete removes the record for good (its earlier entries stay in the ledger);
// - a finalised audit keeps the records its finaliser had seen: an edit made elsewhere that the
//   finaliser had not seen is kept in the ledger and listed, not applied;
// - a write that nobody overwrote knowingly (no later write names its clock as the value it
//   replaced) and that is not the current value is a conflict: listed for a person to confirm or swap.

/** A ledger entry as replay needs it: its chain links are checked elsewhere. */
export type ReplayEntry = Omit<LedgerEntry, 'prevHash' | 'hash'>;

export interface ReplayedRecord {
  entity: EntityName;
  id: string;
  auditId: string | null | undefined;
  fields: Record<string, unknown>;
  clocks: Record<string, string>;
  /** live: should be in its table; deleted or absent (every entry held back by a freeze): should not. */
  state: 'live' | 'deleted' | 'absent';
  /**
   * The clock of the record's latest insert, when no entry of it was held back: the clock of every
   * field no later write set, which field_clocks then need not hold (see Ledger.stampFields).
   */
  insertHlc?: string;
}

export type ConflictKind = 'concurrent' | 'deleted' | 'frozen';

export interface Conflict {
  id: string;
  auditId: string | null;
  entity: string;
  entityId: string;
  field: string;
  kind: ConflictKind;
  winnerValue: unknown;
  winnerHlc: string | null;
  winnerActor: string | null;
  loserValue: unknown;
  loserHlc: string;
  loserActor: string;
  loserDeviceId: string;
}

export interface Replay {
  records: Map<EntityName, Map<string, ReplayedRecord>>;
  conflicts: Conflict[];
  /**
   * Concurrent writes that nobody overwrote knowingly but that hold the current value: no conflict
   * now, one as soon as a later edit here changes the value (the stored conflict list keeps them, so
   * that an edit needs no replay to show it).
   */
  latent: Conflict[];
}

/** Bookkeeping fields every edit writes: two edits of different fields are not a conflict over these. */
const bookkeeping = new Set(['updatedAt', 'recordedAt', 'recordedBy']);

/** A record held back with the record it belongs to or depends on: [kind, the kind it names, the field naming it]. */
const childOf: Array<[EntityName, EntityName, string]> = allRecordKinds().flatMap((kind) =>
  referencesOf(kind.entity).flatMap(([field, reference]) => (reference.dependent ? [[kind.entity as EntityName, reference.entity as EntityName, field] as [EntityName, EntityName, string]] : [])),
);

/** The record kind each evidence link type names. */
export const linkTargets: Record<string, EntityName> = Object.fromEntries(
  allRecordKinds().flatMap((kind) => (kind.linkTarget ? [[kind.linkTarget.type, kind.entity as EntityName]] : [])),
);

/** The kinds that point at a link target (evidence links), with the fields naming it. */
const pointers = allRecordKinds().flatMap((kind) => (kind.pointsAtLinkTarget ? [{ entity: kind.entity as EntityName, ...kind.pointsAtLinkTarget }] : []));

interface Finalisation {
  deviceId: string;
  seq: number;
  hlc: string;
  heads: Record<string, number> | null;
}

interface Write {
  hlc: string;
  value: unknown;
  actor: string;
  deviceId: string;
}

export function loadEntries(sqlite: Database.Database): ReplayEntry[] {
  const rows = sqlite
    .prepare(
      'SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks FROM ledger ORDER BY hlc, device_id, seq',
    )
    .all() as Array<Omit<ReplayEntry, 'fields' | 'prevClocks'> & { fields: string; prevClocks: string }>;
  const entries: ReplayEntry[] = [];
  for (const row of rows) {
    try {
      entries.push({ ...row, fields: JSON.parse(row.fields) as Record<string, unknown>, prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null> });
    } catch {
      // An unreadable entry is reported by the chain check.
    }
  }
  return entries;
}

export const conflictId = (entity: string, entityId: string, field: string, loserHlc: string): string =>
  sha256Hex(`${entity}\u0000${entityId}\u0000${field}\u0000${loserHlc}`).slice(0, 32);

function seenBy(final: Finalisation, entry: ReplayEntry): boolean {
  if (entry.deviceId === final.deviceId) return entry.seq <= final.seq;
  if (final.heads) return entry.seq <= (final.heads[entry.deviceId] ?? 0);
  return entry.hlc <= final.hlc; // audits finalised before sync existed
}

/** Replays entries sorted by clock (as loadEntries returns them). */
export function replay(entries: ReplayEntry[]): Replay {
  const scope = new AuditScope(entries);
  const finals = new Map<string, Finalisation>();
  const groups = new Map<string, ReplayEntry[]>();
  for (const entry of entries) {
    if (!isEntityName(entry.entity)) continue;
    if (entry.entity === 'audits' && entry.fields.status === 'finalised' && !finals.has(entry.entityId)) {
      const heads = entry.fields.finalisedHeads;
      finals.set(entry.entityId, {
        deviceId: entry.deviceId,
        seq: entry.seq,
        hlc: entry.hlc,
        heads: heads !== null && typeof heads === 'object' ? (heads as Record<string, number>) : null,
      });
    }
    const key = `${entry.entity}\u0000${entry.entityId}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }

  const records = new Map<EntityName, Map<string, ReplayedRecord>>();
  const conflicts: Conflict[] = [];
  const latent: Conflict[] = [];
  const linkActors = new Map<string, string>();
  const linkDevices = new Map<string, string>();
  const pointing = new Set(pointers.map((p) => p.entity as string));
  for (const entry of entries) {
    if (pointing.has(entry.entity) && entry.op === 'insert') {
      linkActors.set(`${entry.entity}\u0000${entry.entityId}`, entry.actor);
      linkDevices.set(`${entry.entity}\u0000${entry.entityId}`, entry.deviceId);
    }
  }
  for (const group of groups.values()) {
    const first = group[0] as ReplayEntry;
    const entity = first.entity as EntityName;
    const id = first.entityId;
    const auditId = scope.auditOf(entity, id);
    const final = auditId && frozenEntities.has(entity) ? finals.get(auditId) : undefined;
    const record: ReplayedRecord = { entity, id, auditId, fields: {}, clocks: {}, state: 'absent' };
    const writes = new Map<string, Write[]>();
    const overwritten = new Map<string, Set<string>>();
    const held: ReplayEntry[] = [];
    let deletion: ReplayEntry | undefined;
    for (const entry of group) {
      if (final && !seenBy(final, entry)) {
        held.push(entry);
        continue;
      }
      if (record.state === 'absent') record.state = 'live';
      if (entry.op === 'insert' && (record.insertHlc ?? '') < entry.hlc) record.insertHlc = entry.hlc;
      for (const [field, clock] of Object.entries(entry.prevClocks)) {
        if (!clock) continue;
        const set = overwritten.get(field) ?? new Set<string>();
        set.add(clock);
        overwritten.set(field, set);
      }
      if (entry.op === 'delete') {
        record.state = 'deleted';
        deletion ??= entry;
        continue;
      }
      for (const [field, value] of Object.entries(entry.fields)) {
        const list = writes.get(field) ?? [];
        list.push({ hlc: entry.hlc, value, actor: entry.actor, deviceId: entry.deviceId });
        writes.set(field, list);
        if ((record.clocks[field] ?? '') < entry.hlc) {
          record.fields[field] = value;
          record.clocks[field] = entry.hlc;
        }
      }
    }
    if (held.length > 0) delete record.insertHlc;
    const byEntity = records.get(entity) ?? new Map<string, ReplayedRecord>();
    records.set(entity, byEntity);
    byEntity.set(id, record);

    const conflictBase = { auditId: auditId ?? null, entity, entityId: id };
    {
      for (const [field, list] of writes) {
        if (bookkeeping.has(field)) continue;
        // Two people settling one conflict differently is itself a conflict, over the decision.
        const only = recordKind(entity)?.conflictFields as readonly string[] | undefined;
        if (only && !only.includes(field)) continue;
        const replaced = overwritten.get(field) ?? new Set<string>();
        const winner = list.find((w) => w.hlc === record.clocks[field]) as Write;
        for (const write of list) {
          if (replaced.has(write.hlc) || (record.state === 'live' && write === winner)) continue;
          if (record.state === 'live') {
            const same = canonicalJson(write.value ?? null) === canonicalJson(winner.value ?? null);
            (same ? latent : conflicts).push({
              ...conflictBase,
              id: conflictId(entity, id, field, write.hlc),
              field,
              kind: 'concurrent',
              winnerValue: winner.value ?? null,
              winnerHlc: winner.hlc,
              winnerActor: winner.actor,
              loserValue: write.value ?? null,
              loserHlc: write.hlc,
              loserActor: write.actor,
              loserDeviceId: write.deviceId,
            });
          } else if (record.state === 'deleted' && deletion) {
            // A deletion names the clocks of the values it saw; one recorded before sync named none,
            // so there only an edit later than the deletion counts as unseen.
            const namesClocks = Object.keys(deletion.prevClocks).length > 0;
            if (namesClocks || write.hlc > deletion.hlc) {
              conflicts.push({
                ...conflictBase,
                id: conflictId(entity, id, field, write.hlc),
                field,
                kind: 'deleted',
                winnerValue: null,
                winnerHlc: deletion.hlc,
                winnerActor: deletion.actor,
                loserValue: write.value ?? null,
                loserHlc: write.hlc,
                loserActor: write.actor,
                loserDeviceId: write.deviceId,
              });
            }
          }
        }
      }
    }
    for (const entry of held) {
      const changes = entry.op === 'update' ? Object.entries(entry.fields).filter(([field]) => !bookkeeping.has(field)) : [['*', entry.op === 'insert' ? entry.fields : null] as const];
      for (const [field, value] of changes) {
        const current = field === '*' ? null : (record.fields[field] ?? null);
        if (field !== '*' && canonicalJson(current) === canonicalJson(value ?? null)) continue;
        conflicts.push({
          ...conflictBase,
          id: conflictId(entity, id, field, entry.hlc),
          field,
          kind: 'frozen',
          winnerValue: current,
          winnerHlc: field === '*' ? null : (record.clocks[field] ?? null),
          winnerActor: null,
          loserValue: value ?? null,
          loserHlc: entry.hlc,
          loserActor: entry.actor,
          loserDeviceId: entry.deviceId,
        });
      }
    }
  }
  // A record whose parent is held back by a freeze (the custody log of evidence added elsewhere after
  // the audit was finalised) is held back with it: it has nothing to belong to here.
  for (const [entity, parentEntity, parentField] of childOf) {
    for (const record of records.get(entity)?.values() ?? []) {
      const parentId = record.fields[parentField];
      if (typeof parentId === 'string' && records.get(parentEntity)?.get(parentId)?.state === 'absent') record.state = 'absent';
    }
  }
  // Evidence linked, on one laptop, to a record deleted on another (a draft finding discarded): the
  // link has nothing to point at. It is held back and listed, so the evidence is not shown as
  // supporting something that no longer exists.
  for (const pointer of pointers) {
    for (const link of records.get(pointer.entity)?.values() ?? []) {
      const targetEntity = linkTargets[String(link.fields[pointer.typeField])];
      const target = targetEntity ? records.get(targetEntity)?.get(String(link.fields[pointer.idField])) : undefined;
      if (link.state === 'live' && target && target.state !== 'live') {
        link.state = 'absent';
        const key = `${pointer.entity}\u0000${link.id}`;
        conflicts.push({
          id: conflictId(pointer.entity, link.id, '*', link.clocks[pointer.idField] ?? ''),
          auditId: link.auditId ?? null,
          entity: pointer.entity,
          entityId: link.id,
          field: '*',
          kind: 'deleted',
          winnerValue: null,
          winnerHlc: null,
          winnerActor: null,
          loserValue: link.fields,
          loserHlc: link.clocks[pointer.idField] ?? '',
          loserActor: linkActors.get(key) ?? '',
          loserDeviceId: linkDevices.get(key) ?? '',
        });
      }
    }
  }
  const byId = (a: Conflict, b: Conflict) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  conflicts.sort(byId);
  latent.sort(byId);
  return { records, conflicts, latent };
}

export function replayLedger(sqlite: Database.Database): Replay {
  return replay(loadEntries(sqlite));
}
