import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { SignOffFields, TestSignOff } from '../../shared/api/testing';
import { testSignOffs } from '../db/schema';
import { newId, utcNow } from '../ids';
import { importRow } from '../imports/store';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';

// QA sign-offs: who, in which role and when accepted (or rejected) an imported test report. Never
// edited: a later sign-off of the same report holds, and the earlier ones stay as the record.

type Row = typeof testSignOffs.$inferSelect;
const toSignOff = (row: Row): TestSignOff => TestSignOff.parse(row);

export function signOffTests(core: Core, input: z.input<typeof SignOffFields>): TestSignOff {
  const fields = SignOffFields.parse(input);
  const imported = importRow(core, fields.importId);
  if (imported.kind !== 'junit') throw new AppError('VALIDATION', `Import ${fields.importId} is not a test report (it was read as ${imported.kind}); only JUnit test reports are signed off.`);
  const audit = getAuditRow(core, imported.auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its test reports can no longer be signed off.`);
  const id = newId();
  transact(core, (records) => {
    records.insert('test_sign_offs', { ...fields, id, auditId: imported.auditId, importId: imported.id, releaseId: imported.releaseId, recordedAt: utcNow(), recordedBy: core.actor });
  });
  return toSignOff(core.db.select().from(testSignOffs).where(eq(testSignOffs.id, id)).get() as Row);
}

export function listSignOffs(core: Core, input: { auditId: string; importId?: string }): TestSignOff[] {
  getAuditRow(core, input.auditId);
  const where = input.importId === undefined ? eq(testSignOffs.auditId, input.auditId) : and(eq(testSignOffs.auditId, input.auditId), eq(testSignOffs.importId, input.importId));
  return core.db.select().from(testSignOffs).where(where).orderBy(desc(testSignOffs.signedAt), desc(testSignOffs.id)).all().map(toSignOff);
}
