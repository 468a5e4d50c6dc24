import type Database from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import type { EntityName } from './entities';
import type { Ledger, LedgerEntry } from './ledger';
import { rowStatements } from './row-statements';

// Every change to a record goes through here: the row and its ledger entry are written together,
// inside the caller's transaction, with the clock of each field it overwrites. Each write is one
// prepared statement that gives the row back as stored (RETURNING), then the ledger's few indexed
// statements: its cost does not grow with the ledger or the table.

type Row = Record<string, unknown> & { id: string };

export interface RecordWriter {
  insert<T extends Row>(entity: EntityName, row: T): T;
  update<T extends Row>(entity: EntityName, id: string, fields: Partial<Omit<T, 'id'>>): T;
  /** Removes a record that is not append-only (a runbook step, a ticket); the ledger keeps its history. */
  remove(entity: EntityName, id: string): void;
}

export function createRecordWriter(sqlite: Database.Database, ledger: Ledger, actor: string): RecordWriter {
  const notFound = (entity: EntityName, id: string) => new AppError('NOT_FOUND', `No ${entity.replace(/_/g, ' ')} record has the id ${id}.`);

  const record = (entity: EntityName, id: string, op: LedgerEntry['op'], fields: Record<string, unknown>, stamped = Object.keys(fields)) => {
    const hlc = ledger.nextClock();
    const prevClocks = ledger.stampFields(entity, id, stamped, hlc, op);
    ledger.append({ actor, entity, entityId: id, op, fields, prevClocks }, hlc);
  };

  return {
    insert(entity, row) {
      // The ledger keeps the row as stored, defaults included, so replaying it gives this row back.
      const { id, ...stored } = rowStatements(sqlite, entity).insert(row);
      record(entity, id, 'insert', stored);
      return { id, ...stored } as typeof row;
    },
    update(entity, id, fields) {
      const changed = rowStatements(sqlite, entity).update(id, fields);
      if (!changed) throw notFound(entity, id);
      const { row: stored, written: keys } = changed;
      const written = Object.fromEntries(keys.map((key) => [key, stored[key]]));
      record(entity, id, 'update', written);
      return stored as never;
    },
    remove(entity, id) {
      const statements = rowStatements(sqlite, entity);
      const existing = statements.select(id);
      if (!existing) throw notFound(entity, id);
      statements.remove(id);
      // The deletion names the clock of every value it removes: an edit it had not seen, arriving
      // later from another laptop, is then listed as a conflict instead of vanishing with the record.
      record(entity, id, 'delete', {}, Object.keys(existing).filter((key) => key !== 'id'));
    },
  };
}
