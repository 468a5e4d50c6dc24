import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { IssuedReport } from '../../shared/api/reports';
import { reportApprovals, reportRemovals, reports } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { writeReport, type ReportRequest } from './service';
import { checkSignature } from './sign';
import { prepareSeal } from '../identity/seal';
import fs from 'node:fs';
import { distributionByReport } from './audience';
import { auditRetentionOf, retainUntil } from './retention';

// Issued reports are archived in the vault (content-addressed, read-only) with a retention date,
// and listed with their signature checked again from the stored bytes.

type ReportRow = typeof reports.$inferSelect;

export async function issueReport(
  core: Core,
  input: { auditId: string; kind: 'full' | 'summary'; distribution: 'internal' | 'external'; sign: boolean },
  onProgress?: (stage: string, fraction: number) => void,
): Promise<IssuedReport> {
  const { reportId, approval, stored, signature } = await writeIntoVault(core, { ...input, requireApproval: true, ...(onProgress ? { onProgress: (stage: string, f: number) => onProgress(stage, f * 0.95) } : {}) }, onProgress);
  const generatedAt = utcNow();
  // Kept under the audit's retention policy as it stands at issue: a later choice changes later reports only.
  const retention = auditRetentionOf(core, input.auditId, generatedAt);
  const seal = prepareSeal(core, 'report');
  const row = transact(core, (records) => {
    const inserted = records.insert('reports', {
      id: newId(),
      auditId: input.auditId,
      reportId,
      kind: input.kind,
      distribution: input.distribution,
      sha256: stored.sha256,
      size: stored.size,
      signedBy: signature.signer ?? '',
      certificateFingerprint: signature.certificateFingerprint ?? '',
      generatedAt,
      generatedBy: core.actor,
      retainUntil: retainUntil(generatedAt, retention.years),
      approvalId: approval?.id ?? null,
    });
    seal();
    return inserted;
  });
  onProgress?.('Done', 1);
  return toIssued(core, row as ReportRow);
}

/** Written straight into the vault's tmp/ folder, then taken into the vault as it is (no copy). */
async function writeIntoVault(core: Core, request: ReportRequest, onProgress?: (stage: string, fraction: number) => void) {
  const file = core.vault.tempName('.pdf');
  try {
    const written = await writeReport(core, request, file);
    onProgress?.('Archiving in the vault', 0.97);
    const pdf = fs.readFileSync(file);
    const signature = checkSignature(pdf);
    const stored = await core.vault.adopt(file, createHash('sha256').update(pdf).digest('hex'));
    return { ...written, stored, signature };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function listReports(core: Core, auditId: string): IssuedReport[] {
  const recipients = distributionByReport(core, auditId);
  return core.db
    .select()
    .from(reports)
    .where(eq(reports.auditId, auditId))
    .orderBy(desc(reports.generatedAt))
    .all()
    .map((row) => toIssued(core, row, recipients.get(row.id)));
}

export function reportFile(core: Core, id: string): { stream: fs.ReadStream; size: number; name: string } {
  const row = core.db.select().from(reports).where(eq(reports.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no issued report with the id ${id}.`);
  const removed = core.db.select().from(reportRemovals).where(eq(reportRemovals.reportId, row.id)).get();
  if (removed) throw new AppError('NOT_FOUND', `Report ${row.reportId} was removed from the archive on ${removed.removedAt.slice(0, 10)} by ${removed.removedBy}.`);
  return { stream: core.vault.openRead(row.sha256), size: row.size, name: `${row.reportId}-${row.kind}-${row.distribution}.pdf` };
}

function toIssued(core: Core, row: ReportRow, recipients: IssuedReport['recipients'] = distributionByReport(core, row.auditId).get(row.id) ?? []): IssuedReport {
  const file = core.vault.objectPath(row.sha256);
  let signature: IssuedReport['signature'] = 'missing';
  if (fs.existsSync(file)) {
    const check = checkSignature(fs.readFileSync(file));
    // Valid means signed once, with the certificate this report was issued with, and unchanged since.
    const own = check.signatures === 1 && check.certificateFingerprint === row.certificateFingerprint;
    signature = !check.signed ? (row.certificateFingerprint ? 'invalid' : 'unsigned') : check.valid && own ? 'valid' : 'invalid';
  }
  const policy = auditRetentionOf(core, row.auditId, row.generatedAt);
  const approval = row.approvalId ? core.db.select().from(reportApprovals).where(eq(reportApprovals.id, row.approvalId)).get() : undefined;
  const removed = core.db.select().from(reportRemovals).where(eq(reportRemovals.reportId, row.id)).get();
  return {
    ...row,
    kind: row.kind as IssuedReport['kind'],
    distribution: row.distribution as IssuedReport['distribution'],
    signature,
    retentionPolicy: `${policy.policyName}, ${policy.years} year${policy.years === 1 ? '' : 's'}`,
    approval: approval ? { reviewer: approval.reviewer, role: approval.role === 'legal' ? 'legal' : 'compliance', approvedAt: approval.approvedAt, comment: approval.comment } : null,
    recipients,
    removed: removed ? { removedBy: removed.removedBy, removedAt: removed.removedAt, reason: removed.reason } : null,
  };
}
