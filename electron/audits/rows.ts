import { AppError } from '../../shared/api/errors';
import type { audits } from '../db/schema';
import { rowOrNotFound } from '../rows';
import type { Core } from '../services';

/** The stored audit row, or a NOT_FOUND error in plain words. */
export function getAuditRow(core: Core, id: string): typeof audits.$inferSelect {
  return rowOrNotFound(core, 'audits', id, 'audit');
}

/**
 * That the audit exists, in one indexed query, or the same NOT_FOUND error: for callers that need
 * nothing else of it (getAudit also reads the pinned template and evaluates every escalation rule).
 */
export function requireAudit(core: Core, id: string): void {
  if (core.sqlite.prepare('SELECT 1 FROM audits WHERE id = ?').get(id) === undefined) throw new AppError('NOT_FOUND', `There is no audit with the id ${id}.`);
}
