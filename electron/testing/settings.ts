import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { ScanThreshold, TestKindRule, type TestSettings } from '../../shared/api/testing';
import { testSettings, testSignOffs } from '../db/schema';
import { utcNow } from '../ids';
import { defaultScanThreshold, defaultTestKinds } from './settings-defaults';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';

// An audit's scan threshold and test-kind mapping: the shipped defaults until the auditor saves the
// audit's own. The rules read them (with the audit's sign-offs) as `audit.*` through auditTestSettings.

function parsedOr<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function getTestSettings(core: Core, auditId: string): TestSettings {
  getAuditRow(core, auditId);
  const row = core.db.select().from(testSettings).where(eq(testSettings.id, auditId)).get();
  if (!row) return { auditId, scanThreshold: defaultScanThreshold, testKinds: defaultTestKinds, saved: false, updatedAt: null, updatedBy: '' };
  return {
    auditId,
    scanThreshold: parsedOr(ScanThreshold, row.scanThreshold, defaultScanThreshold),
    testKinds: parsedOr(TestKindRule.array(), row.testKinds, defaultTestKinds),
    saved: true,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export function saveTestSettings(core: Core, input: { auditId: string; scanThreshold: ScanThreshold; testKinds: TestKindRule[] }): TestSettings {
  const audit = getAuditRow(core, input.auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its test and scan settings can no longer change.`);
  // The contract validated them; a service call from elsewhere is checked the same way.
  const scanThreshold = ScanThreshold.parse(input.scanThreshold);
  const testKinds = TestKindRule.array().parse(input.testKinds);
  const exists = core.db.select({ id: testSettings.id }).from(testSettings).where(eq(testSettings.id, input.auditId)).get();
  const now = utcNow();
  transact(core, (records) => {
    if (exists) records.update('test_settings', input.auditId, { scanThreshold, testKinds, updatedAt: now, updatedBy: core.actor });
    else records.insert('test_settings', { id: input.auditId, scanThreshold, testKinds, updatedAt: now, updatedBy: core.actor });
  });
  return getTestSettings(core, input.auditId);
}

/** The newest sign-off of each test report of the audit, by import id. */
export function latestSignOffs(core: Core, auditId: string): Record<string, { decision: string; signedBy: string; role: string; signedAt: string; note: string }> {
  const rows = core.db.select().from(testSignOffs).where(eq(testSignOffs.auditId, auditId)).orderBy(desc(testSignOffs.signedAt), desc(testSignOffs.id)).all();
  const latest: Record<string, { decision: string; signedBy: string; role: string; signedAt: string; note: string }> = {};
  for (const row of rows) latest[row.importId] ??= { decision: row.decision, signedBy: row.signedBy, role: row.role, signedAt: row.signedAt, note: row.note };
  return latest;
}

/** What the audit's test settings say to the rules: `audit.scanThreshold`, `audit.testKinds`, `audit.testSignOffs` (by import id). */
export function auditTestSettings(core: Core, auditId: string): Record<string, unknown> {
  const settings = getTestSettings(core, auditId);
  return { scanThreshold: settings.scanThreshold, testKinds: settings.testKinds, testSignOffs: latestSignOffs(core, auditId) };
}
