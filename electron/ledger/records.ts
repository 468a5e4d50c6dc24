import { eq } from 'drizzle-orm';
import type { SQLiteTable, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../shared/api/errors';
import type { AppDatabase } from '../db/database';
import { entityTables, type EntityName } from './entities';
import type { Ledger, LedgerEntry } from './ledger';

// Every change to a record goes through here: the row and its ledger entry are written together,
// inside the caller's transaction, with the clock of each field it overwrites.

type Row = Record<string, unknown> & { id: string };
type AnyTable = SQLiteTable & { id: SQLiteColumn };

export interface RecordWriter {
  insert<T extends Row>(entity: EntityName, row: T): T;
  update<T extends Row>(entity: EntityName, id: string, fields: Partial<Omit<T, 'id'>>): T;
  /** Removes a record that is not append-only (a runbook step, a ticket); the ledger keeps its history. */
  remove(entity: EntityName, id: string): void;
}

export function createRecordWriter(tx: AppDatabase, ledger: Ledger, actor: string): RecordWriter {
  const table = (entity: EntityName) => entityTables[entity] as AnyTable;
  const readRow = (entity: EntityName, id: string): Row | undefined =>
    tx.select().from(table(entity)).where(eq(table(entity).id, id)).get() as Row | undefined;

  const record = (entity: EntityName, id: string, op: LedgerEntry['op'], fields: Record<string, unknown>, stamped = Object.keys(fields)) => {
    const hlc = ledger.nextClock();
    const prevClocks = ledger.stampFields(entity, id, stamped, hlc);
    ledger.append({ actor, entity, entityId: id, op, fields, prevClocks }, hlc);
  };

  return {
    insert(entity, row) {
      tx.insert(table(entity)).values(row).run();
      // The ledger keeps the row as stored, defaults included, so replaying it gives this row back.
      const { id, ...stored } = readRow(entity, row.id) as Row;
      record(entity, id, 'insert', stored);
      return { id, ...stored } as typeof row;
    },
    update(entity, id, fields) {
      if (!readRow(entity, id)) throw new AppError('NOT_FOUND', `No ${entity.replace(/_/g, ' ')} record has the id ${id}.`);
      const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      tx.update(table(entity)).set(changes).where(eq(table(entity).id, id)).run();
      const stored = readRow(entity, id) as Row;
      const written = Object.fromEntries(Object.keys(changes).map((key) => [key, stored[key]]));
      record(entity, id, 'update', written);
      return stored as never;
    },
    remove(entity, id) {
      const existing = readRow(entity, id);
      if (!existing) throw new AppError('NOT_FOUND', `No ${entity.replace(/_/g, ' ')} record has the id ${id}.`);
      tx.delete(table(entity)).where(eq(table(entity).id, id)).run();
      // The deletion names the clock of every value it removes: an edit it had not seen, arriving
      // later from another laptop, is then listed as a conflict instead of vanishing with the record.
      record(entity, id, 'delete', {}, Object.keys(existing).filter((key) => key !== 'id'));
    },
  };
}
