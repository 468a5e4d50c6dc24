import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { allRecordKinds, ownerField, recordKind, referencesOf } from '../registry/registry';
import { entityTables, isEntityName, type EntityName } from './entities';
import { linkTargets, replay, type Replay, type ReplayEntry } from './replay';

// The state of the records an import touched, worked out by the same rules as replayLedger, from
// the entries of those records only (read by the ledger's (entity, entity_id) index), so that the
// cost of an import follows the bundle, not the laptop receiving it.
//
// A record's state depends on more than its own entries: on the audit it belongs to (a freeze), on
// the record it depends on (held back with it), on the record an evidence link points at. So each
// touched record brings those records along (and theirs), and the replay over all of them gives,
// for each, what a replay of the whole ledger gives. The other way round, a record that stops being
// live can hold back the records that depend on or link to it: those still live have rows, found by
// their tables' indexes, and are brought along too, until nothing new comes.
//
// A new finalisation changes which entries of a whole audit count; the caller replays the whole
// ledger then (see applyLedger).

export interface RecordKey {
  entity: string;
  entityId: string;
}

export const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/** A ledger row as replay reads it: fields and previous clocks as their stored JSON. */
export interface Row extends Omit<ReplayEntry, 'fields' | 'prevClocks'> {
  fields: string;
  prevClocks: string;
}

/** For each kind, the records that hold it back when it is not live: [their kind, their field naming it] (a dependent reference). */
const dependentsByParent = new Map<string, Array<{ entity: EntityName; field: string }>>();
for (const kind of allRecordKinds()) {
  for (const [field, reference] of referencesOf(kind.entity)) {
    if (!reference.dependent) continue;
    dependentsByParent.set(reference.entity, [...(dependentsByParent.get(reference.entity) ?? []), { entity: kind.entity as EntityName, field }]);
  }
}
const pointers = allRecordKinds().flatMap((kind) => (kind.pointsAtLinkTarget ? [{ entity: kind.entity as EntityName, ...kind.pointsAtLinkTarget }] : []));
const linkTypeOf = new Map(Object.entries(linkTargets).map(([type, entity]) => [entity as string, type]));

const column = (entity: EntityName, field: string): string => (getTableColumns(entityTables[entity]) as Record<string, SQLiteColumn>)[field]?.name as string;
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The records a record's state depends on: its owner (its audit's freeze), what it depends on, what it links to. */
function upward(entity: EntityName, entries: ReplayEntry[]): RecordKey[] {
  const kind = recordKind(entity);
  if (!kind) return [];
  const found: RecordKey[] = [];
  if (kind.owner === 'self' && entity !== 'audits') for (const entry of entries.slice(0, 1)) found.push({ entity: 'audits', entityId: entry.entityId });
  const owner = ownerField(entity);
  const named = referencesOf(entity).filter(([field, reference]) => field === owner || reference.dependent);
  for (const entry of entries) {
    for (const [field, reference] of named) {
      const value = entry.fields[field];
      if (typeof value === 'string' && value !== '') found.push({ entity: reference.entity, entityId: value });
    }
    const pointer = kind.pointsAtLinkTarget;
    const target = pointer ? linkTargets[String(entry.fields[pointer.typeField])] : undefined;
    const targetId = pointer ? entry.fields[pointer.idField] : undefined;
    if (target && typeof targetId === 'string') found.push({ entity: target, entityId: targetId });
  }
  return found;
}

/** Reads by keys in slices, so that no statement binds more than SQLite allows. */
const SLICE = 500;

/**
 * Which of these records the ledger holds any entry of (`entity\0id`), found by its (entity,
 * entity_id) index in one statement per slice of keys, not one query per record.
 */
export function recordsInLedger(sqlite: Database.Database, keys: RecordKey[]): Set<string> {
  const held = new Set<string>();
  if (keys.length === 0) return held;
  const select = sqlite.prepare(
    `SELECT DISTINCT entity, entity_id AS entityId FROM ledger
     WHERE (entity, entity_id) IN (SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?))`,
  );
  for (let at = 0; at < keys.length; at += SLICE) {
    const slice = JSON.stringify(keys.slice(at, at + SLICE).map((key) => [key.entity, key.entityId]));
    for (const row of select.all(slice) as RecordKey[]) held.add(keyOf(row.entity, row.entityId));
  }
  return held;
}

export class TouchedReplay {
  private readonly entriesOf: Database.Statement;
  private readonly downward = new Map<string, Array<(id: string) => RecordKey[]>>();

  constructor(private readonly sqlite: Database.Database) {
    this.entriesOf = sqlite.prepare(
      'SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks FROM ledger WHERE entity = ? AND entity_id = ?',
    );
  }

  /** The live records (rows in their tables) that a record of this kind holds back when it is not live. */
  private dependentsOf(entity: EntityName, id: string): RecordKey[] {
    let statements = this.downward.get(entity);
    if (!statements) {
      statements = (dependentsByParent.get(entity) ?? []).map(({ entity: child, field }) => {
        const select = this.sqlite.prepare(`SELECT id FROM ${quoted(getTableName(entityTables[child]))} WHERE ${quoted(column(child, field))} = ?`).pluck();
        return (id: string) => (select.all(id) as string[]).map((entityId) => ({ entity: child, entityId }));
      });
      const type = linkTypeOf.get(entity);
      if (type !== undefined) {
        for (const pointer of pointers) {
          const select = this.sqlite
            .prepare(`SELECT id FROM ${quoted(getTableName(entityTables[pointer.entity]))} WHERE ${quoted(column(pointer.entity, pointer.typeField))} = ? AND ${quoted(column(pointer.entity, pointer.idField))} = ?`)
            .pluck();
          statements.push((id: string) => (select.all(type, id) as string[]).map((entityId) => ({ entity: pointer.entity, entityId })));
        }
      }
      this.downward.set(entity, statements);
    }
    return statements.flatMap((lookup) => lookup(id));
  }

  /**
   * Replays the touched records and every record their state depends on or that depends on theirs.
   * `known`: records whose every ledger entry the caller holds already, as rows read back from the
   * ledger would give them (an import's records of which the ledger held nothing before): taken from
   * there instead of read again.
   */
  replay(touched: Iterable<RecordKey>, known: ReadonlyMap<string, Row[]> = new Map()): Replay {
    const loaded = new Map<string, ReplayEntry[]>();
    const load = (queue: RecordKey[]) => {
      while (queue.length > 0) {
        const { entity, entityId } = queue.pop() as RecordKey;
        const key = keyOf(entity, entityId);
        if (loaded.has(key)) continue;
        const entries: ReplayEntry[] = [];
        for (const row of known.get(key) ?? (this.entriesOf.all(entity, entityId) as Row[])) {
          try {
            entries.push({ ...row, fields: JSON.parse(row.fields) as Record<string, unknown>, prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null> });
          } catch {
            // An unreadable entry is reported by the chain check (as loadEntries skips it).
          }
        }
        loaded.set(key, entries);
        if (isEntityName(entity)) queue.push(...upward(entity, entries));
      }
    };
    load([...touched]);
    const asked = new Set<string>();
    for (;;) {
      // In the order loadEntries gives them: by clock, then device and place in its chain.
      const entries = [...loaded.values()].flat().sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq));
      const result = replay(entries);
      const more: RecordKey[] = [];
      for (const [entity, records] of result.records) {
        if (!dependentsByParent.has(entity) && !linkTypeOf.has(entity)) continue;
        for (const record of records.values()) {
          if (record.state === 'live' || asked.has(keyOf(entity, record.id))) continue;
          asked.add(keyOf(entity, record.id));
          for (const dependent of this.dependentsOf(entity, record.id)) if (!loaded.has(keyOf(dependent.entity, dependent.entityId))) more.push(dependent);
        }
      }
      if (more.length === 0) return result;
      load(more);
    }
  }
}
