import { asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { ExternalApproval, ApprovalState, DistributionEntry } from '../../shared/api/reports';
import { getAudit, listAmendments } from '../audits/service';
import { reportApprovals, reportDistribution, reportRemovals, reports } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { gatherReportData, type ReportData } from './data';
import { editionDigest, editionOf, editionSummary } from './edition';

// Who may read a report and who did. An external edition is issued only under a compliance or legal
// reviewer's approval of that edition as it stands now: an approval records the SHA-256 of what the
// edition showed (edition.ts), and an edit since to anything the edition shows leaves it standing for
// the old content only, so the reviewer approves again. Who received each report is a log of entries,
// each corrected or withdrawn by a later one.

type ApprovalRow = typeof reportApprovals.$inferSelect;
type EntryRow = typeof reportDistribution.$inferSelect;

/** The digest and summary of an audit's external edition as it stands, from data already read. */
export function externalEditionOf(core: Core, data: ReportData): { digest: string; summary: string } {
  const edition = editionOf(data, 'external');
  return { digest: editionDigest(edition.data, listAmendments(core, data.audit.id)), summary: editionSummary(edition) };
}

export function approveExternalEdition(core: Core, input: { auditId: string; reviewer: string; role: 'compliance' | 'legal'; comment: string }): ExternalApproval {
  getAudit(core, input.auditId);
  const { digest, summary } = externalEditionOf(core, gatherReportData(core, input.auditId));
  const row = transact(core, (records) =>
    records.insert('report_approvals', {
      id: newId(),
      auditId: input.auditId,
      reviewer: input.reviewer.trim(),
      role: input.role,
      comment: input.comment.trim(),
      approvedAt: utcNow(),
      recordedBy: core.actor,
      editionDigest: digest,
      approvedContent: summary,
    }),
  );
  return { ...toApproval(row as ApprovalRow), current: true };
}

/** Every approval of the audit's external edition, newest first, each saying whether it covers the edition as it stands. */
export function approvalState(core: Core, auditId: string, data: ReportData = gatherReportData(core, auditId)): ApprovalState {
  const { digest, summary } = externalEditionOf(core, data);
  const approvals = core.db.select().from(reportApprovals).where(eq(reportApprovals.auditId, auditId)).orderBy(desc(reportApprovals.approvedAt), desc(reportApprovals.id)).all();
  const shown = approvals.map((a) => ({ ...toApproval(a), current: a.editionDigest === digest }));
  return { approvals: shown, current: shown.find((a) => a.current) ?? null, edition: summary };
}

/** The approval an external edition of this audit is issued under, or a refusal saying what is missing. */
export function requireExternalApproval(core: Core, data: ReportData): ExternalApproval {
  const state = approvalState(core, data.audit.id, data);
  if (state.current) return state.current;
  const last = state.approvals[0];
  throw new AppError(
    'CONFLICT',
    last
      ? `The external edition cannot be issued: the audit changed after ${last.reviewer} (${roleName(last.role)}) approved it on ${last.approvedAt.slice(0, 10)} (approved: ${last.approvedContent}; now: ${state.edition}). A compliance or legal reviewer must approve it again as it stands, on the Reports screen.`
      : 'The external edition cannot be issued until a named compliance or legal reviewer has approved it: record their approval on the Reports screen (or with reports.approve), then issue it.',
  );
}

export function addDistributionEntry(
  core: Core,
  input: { reportId: string; name: string; role: string; organisation: string; sentOn: string; correctsId?: string | undefined; withdrawn: boolean },
): DistributionEntry {
  const report = core.db.select().from(reports).where(eq(reports.id, input.reportId)).get();
  if (!report) throw new AppError('NOT_FOUND', `There is no issued report with the id ${input.reportId}.`);
  if (core.db.select().from(reportRemovals).where(eq(reportRemovals.reportId, report.id)).get()) {
    throw new AppError('CONFLICT', `Report ${report.reportId} was removed from the archive: no one can be recorded as receiving it now.`);
  }
  if (input.sentOn < report.generatedAt.slice(0, 10)) throw new AppError('VALIDATION', `sentOn: report ${report.reportId} was issued on ${report.generatedAt.slice(0, 10)}, so it cannot have been sent on ${input.sentOn}.`);
  // A day's grace for a computer whose zone is ahead of UTC.
  if (input.sentOn > new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)) throw new AppError('VALIDATION', `sentOn: ${input.sentOn} is in the future: record a report as sent once it has been.`);
  if (input.correctsId) {
    const corrected = core.db.select().from(reportDistribution).where(eq(reportDistribution.id, input.correctsId)).get();
    if (!corrected || corrected.reportId !== report.id) throw new AppError('NOT_FOUND', `correctsId: report ${report.reportId} has no distribution entry with the id ${input.correctsId}.`);
  } else if (input.withdrawn) {
    throw new AppError('VALIDATION', 'withdrawn: only a correction of an entry can withdraw it (give correctsId).');
  }
  const row = transact(core, (records) =>
    records.insert('report_distribution', {
      id: newId(),
      auditId: report.auditId,
      reportId: report.id,
      name: input.name.trim(),
      role: input.role.trim(),
      organisation: input.organisation.trim(),
      sentOn: input.sentOn,
      recordedBy: core.actor,
      recordedAt: utcNow(),
      correctsId: input.correctsId ?? null,
      withdrawn: input.withdrawn,
    }),
  );
  return toEntry(row as EntryRow, false);
}

/** The audit's distribution entries by report id, oldest first, each marked when a later entry corrected it. */
export function distributionByReport(core: Core, auditId: string): Map<string, DistributionEntry[]> {
  const rows = core.db.select().from(reportDistribution).where(eq(reportDistribution.auditId, auditId)).orderBy(asc(reportDistribution.recordedAt), asc(reportDistribution.id)).all();
  const corrected = new Set(rows.map((r) => r.correctsId).filter((id): id is string => Boolean(id)));
  const byReport = new Map<string, DistributionEntry[]>();
  for (const row of rows) byReport.set(row.reportId, [...(byReport.get(row.reportId) ?? []), toEntry(row, corrected.has(row.id))]);
  return byReport;
}

export function roleName(role: string): string {
  return role === 'legal' ? 'Legal' : 'Compliance';
}

function toApproval(row: ApprovalRow): Omit<ExternalApproval, 'current'> {
  return { ...row, role: row.role === 'legal' ? 'legal' : 'compliance' };
}

function toEntry(row: EntryRow, superseded: boolean): DistributionEntry {
  return { ...row, superseded };
}
