import { desc, eq } from 'drizzle-orm';
import type { Audit } from '../../shared/api/audits';
import type { MethodParsedInput } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import { audits } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';

// Audits: the unit of work every other record belongs to.

export function createAudit(core: Core, input: MethodParsedInput<'audits.create'>): Audit {
  const now = utcNow();
  return transact(core, (records) =>
    toAudit(
      records.insert('audits', {
        id: newId(),
        name: input.name,
        description: input.description,
        status: 'planning',
        createdAt: now,
        createdBy: core.actor,
        updatedAt: now,
      }),
    ),
  );
}

export function listAudits(core: Core): Audit[] {
  return core.db.select().from(audits).orderBy(desc(audits.createdAt), desc(audits.id)).all().map(toAudit);
}

export function getAudit(core: Core, id: string): Audit {
  const row = core.db.select().from(audits).where(eq(audits.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no audit with the id ${id}.`);
  return toAudit(row);
}

function toAudit(row: Record<string, unknown>): Audit {
  const r = row as typeof audits.$inferSelect;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status as Audit['status'],
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
  };
}
