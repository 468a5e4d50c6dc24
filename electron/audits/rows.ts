import type { audits } from '../db/schema';
import { rowOrNotFound } from '../rows';
import type { Core } from '../services';

/** The stored audit row, or a NOT_FOUND error in plain words. */
export function getAuditRow(core: Core, id: string): typeof audits.$inferSelect {
  return rowOrNotFound(core, 'audits', id, 'audit');
}
