import type Database from 'better-sqlite3';
import { canonicalJson, sha256Hex } from './canonical';
import { receiveHlc, tickHlc } from './hlc';

// The append-only, hash-chained record of every change. Each device keeps its own chain:
// entry n carries the hash of entry n-1, and ledger_heads remembers the newest entry.

export type LedgerOp = 'insert' | 'update' | 'delete';

export interface LedgerEntry {
  deviceId: string;
  seq: number;
  hlc: string;
  actor: string;
  entity: string;
  entityId: string;
  op: LedgerOp;
  fields: Record<string, unknown>;
  prevClocks: Record<string, string | null>;
  prevHash: string;
  hash: string;
}

export type LedgerRow = Omit<LedgerEntry, 'fields' | 'prevClocks'> & { fields: string; prevClocks: string };

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry: SHA-256 of the canonical JSON of every field but the hash itself. */
export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  return sha256Hex(
    canonicalJson([
      entry.deviceId,
      entry.seq,
      entry.hlc,
      entry.actor,
      entry.entity,
      entry.entityId,
      entry.op,
      entry.fields,
      entry.prevClocks,
      entry.prevHash,
    ]),
  );
}

/** An entry's fields and previous clocks as canonical JSON: made once per append, then hashed and stored. */
interface EncodedParts {
  fields: string;
  prevClocks: string;
}

/**
 * The same hash as entryHash, from the parts already encoded: the canonical JSON of an array is its
 * items' canonical JSON joined by commas, so the fields are not sorted and serialised a second time.
 */
function hashOfEncoded(entry: Omit<LedgerEntry, 'hash' | 'fields' | 'prevClocks'>, encoded: EncodedParts): string {
  const text = (value: string | number) => JSON.stringify(value);
  return sha256Hex(
    `[${text(entry.deviceId)},${text(entry.seq)},${text(entry.hlc)},${text(entry.actor)},${text(entry.entity)},${text(entry.entityId)},${text(entry.op)},${encoded.fields},${encoded.prevClocks},${text(entry.prevHash)}]`,
  );
}

/** entryHash of an entry about to be appended, with the encoded parts it is stored with. */
export function hashForAppend(entry: Omit<LedgerEntry, 'hash'>): { hash: string; encoded: EncodedParts } {
  const encoded = { fields: canonicalJson(entry.fields), prevClocks: canonicalJson(entry.prevClocks) };
  return { hash: hashOfEncoded(entry, encoded), encoded };
}

export type AppendInput = Pick<LedgerEntry, 'actor' | 'entity' | 'entityId' | 'op' | 'fields' | 'prevClocks'>;

/**
 * The one way a full entry is written into the ledger: this device's appends, and the entries of
 * other devices an import brings (their hashes checked first). Fields are stored as canonical JSON
 * (given when the caller has made it already).
 */
export function ledgerInserter(sqlite: Database.Database): (entry: LedgerEntry, encoded?: EncodedParts) => void {
  const insert = sqlite.prepare(
    `INSERT INTO ledger (device_id, seq, hlc, actor, entity, entity_id, op, fields, prev_clocks, prev_hash, hash)
     VALUES (@deviceId, @seq, @hlc, @actor, @entity, @entityId, @op, @fields, @prevClocks, @prevHash, @hash)`,
  );
  return (entry, encoded) => {
    insert.run({ ...entry, ...(encoded ?? { fields: canonicalJson(entry.fields), prevClocks: canonicalJson(entry.prevClocks) }) });
  };
}

export class Ledger {
  readonly deviceId: string;
  private readonly sqlite: Database.Database;
  private readonly now: () => number;
  private readonly statements;
  private readonly insertEntry: ReturnType<typeof ledgerInserter>;

  constructor(sqlite: Database.Database, deviceId: string, now: () => number = Date.now) {
    this.sqlite = sqlite;
    this.deviceId = deviceId;
    this.now = now;
    this.statements = {
      head: sqlite.prepare('SELECT seq, hash FROM ledger_heads WHERE device_id = ?'),
      lastClock: sqlite.prepare("SELECT value FROM meta WHERE key = 'hlc'"),
      saveClock: sqlite.prepare(
        "INSERT INTO meta (key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ),
      fieldClocks: sqlite.prepare('SELECT field, hlc FROM field_clocks WHERE entity = ? AND entity_id = ?'),
      clearFieldClocks: sqlite.prepare('DELETE FROM field_clocks WHERE entity = ? AND entity_id = ?'),
      // The clock of a field no edit has written since the record was made: its (latest) insert's.
      insertClock: sqlite.prepare("SELECT max(hlc) FROM ledger WHERE entity = ? AND entity_id = ? AND op = 'insert'").pluck(),
      // All fields of one change in one statement (a plan has twenty): the field names come as a JSON array.
      saveFieldClocks: sqlite.prepare(
        `INSERT INTO field_clocks (entity, entity_id, field, hlc) SELECT ?, ?, value, ? FROM json_each(?) WHERE true
         ON CONFLICT(entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc`,
      ),
      saveHead: sqlite.prepare(
        `INSERT INTO ledger_heads (device_id, seq, hash) VALUES (?, ?, ?)
         ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
      ),
    };
    this.insertEntry = ledgerInserter(sqlite);
  }

  /** Issues the next clock value. Call inside the write transaction, so two processes never share one. */
  nextClock(): string {
    const last = this.statements.lastClock.get() as { value: string } | undefined;
    const hlc = tickHlc(last?.value ?? null, this.deviceId, this.now());
    this.statements.saveClock.run(hlc);
    return hlc;
  }

  /** Moves this device's clock past a clock seen in another laptop's entries, so later edits here order after them. */
  observe(remote: string): void {
    const last = this.statements.lastClock.get() as { value: string } | undefined;
    this.statements.saveClock.run(receiveHlc(last?.value ?? null, remote, this.deviceId, this.now()));
  }

  /**
   * Sets the clock of each written field to `hlc` and returns the clock each one had before
   * (null for a field never written): what this write overwrites.
   *
   * A record's insert writes every field, so until a field is edited its clock is the insert's own
   * clock, which the ledger already holds: an insert stores no row per field (an audit's plan has
   * thirty), and a field without a row takes the clock of the record's latest insert. An insert
   * after a deletion clears the rows the deletion left, so that the new record's fields start anew.
   */
  stampFields(entity: string, entityId: string, fields: string[], hlc: string, op: LedgerOp = 'update'): Record<string, string | null> {
    const known = new Map(
      (this.statements.fieldClocks.all(entity, entityId) as Array<{ field: string; hlc: string }>).map((r) => [r.field, r.hlc]),
    );
    const previous: Record<string, string | null> = {};
    if (op === 'insert') {
      for (const field of fields) previous[field] = known.get(field) ?? null;
      if (known.size > 0) this.statements.clearFieldClocks.run(entity, entityId);
      return previous;
    }
    let inserted: string | null | undefined;
    for (const field of fields) {
      const clock = known.get(field);
      if (clock !== undefined) previous[field] = clock;
      else previous[field] = inserted === undefined ? (inserted = (this.statements.insertClock.get(entity, entityId) as string | null) ?? null) : inserted;
    }
    if (fields.length > 0) this.statements.saveFieldClocks.run(entity, entityId, hlc, JSON.stringify(fields));
    return previous;
  }

  /** Appends one entry to this device's chain. Must run inside the transaction that makes the change. */
  append(input: AppendInput, hlc: string = this.nextClock()): LedgerEntry {
    if (!this.sqlite.inTransaction) throw new Error('Ledger entries are appended inside the transaction of the change.');
    const head = this.statements.head.get(this.deviceId) as { seq: number; hash: string } | undefined;
    const unsigned = {
      deviceId: this.deviceId,
      seq: (head?.seq ?? 0) + 1,
      hlc,
      actor: input.actor,
      entity: input.entity,
      entityId: input.entityId,
      op: input.op,
      fields: input.fields,
      prevClocks: input.prevClocks,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const { hash, encoded } = hashForAppend(unsigned);
    const entry: LedgerEntry = { ...unsigned, hash };
    this.insertEntry(entry, encoded);
    this.statements.saveHead.run(entry.deviceId, entry.seq, entry.hash);
    return entry;
  }
}

export function parseLedgerRow(row: LedgerRow): LedgerEntry {
  return {
    ...row,
    fields: JSON.parse(row.fields) as Record<string, unknown>,
    prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null>,
  };
}
