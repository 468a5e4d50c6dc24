import { eq } from 'drizzle-orm';
import { AppError } from '../shared/api/errors';
import { statementsOf } from './common/statements';
import type { audits } from './db/schema';
import { entityTables, type EntityName } from './ledger/entities';
import type { Core } from './services';

/** One stored record by id, or a NOT_FOUND error that names what was looked for, in plain words. */
export function rowOrNotFound<E extends EntityName>(core: Core, entity: E, id: string, noun: string): (typeof entityTables)[E]['$inferSelect'] {
  const table = entityTables[entity];
  const row = core.db.select().from(table).where(eq(table.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no ${noun} with the id ${id}.`);
  return row as (typeof entityTables)[E]['$inferSelect'];
}

/** The stored audit row, or a NOT_FOUND error in plain words (every domain checks the audit it writes to). */
export function getAuditRow(core: Core, id: string): typeof audits.$inferSelect {
  return rowOrNotFound(core, 'audits', id, 'audit');
}

/**
 * That the audit exists, in one indexed query, or the same NOT_FOUND error: for callers that need
 * nothing else of it (getAudit also reads the pinned template and evaluates every escalation rule).
 */
export function requireAudit(core: Core, id: string): void {
  if (auditExists(core.sqlite).get(id) === undefined) throw new AppError('NOT_FOUND', `There is no audit with the id ${id}.`);
}

// Prepared once per database: preparing it on each call cost twice what the lookup does, on every write.
const auditExists = statementsOf((sqlite) => sqlite.prepare('SELECT 1 FROM audits WHERE id = ?'));
