import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { audits } from '../db/schema';
import type { Core } from '../services';

/** The stored audit row, or a NOT_FOUND error in plain words. */
export function getAuditRow(core: Core, id: string): typeof audits.$inferSelect {
  const row = core.db.select().from(audits).where(eq(audits.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no audit with the id ${id}.`);
  return row;
}
