import crypto from 'node:crypto';
import fs from 'node:fs';
import { listAmendments } from '../audits/service';
import { recordCustody } from '../evidence/service';
import type { Core } from '../services';
import { gatherReportData } from './data';
import { buildReport } from './document';
import { loadIdentity, createSelfSignedIdentity, unlock } from './identity';
import { renderPdf } from './render';
import { signPdf } from './sign';
import { sealLedger } from '../system/seal';
import { approvalState, requireExternalApproval } from './audience';
import { checkEdition, editionOf } from './edition';
import type { ExternalApproval } from '../../shared/api/reports';

// Turns an audit into a PDF report, optionally signed with the auditor's identity (checked in verify.ts).

export interface ReportRequest {
  auditId: string;
  kind: 'full' | 'summary';
  distribution: 'internal' | 'external';
  sign: boolean;
  /** Issuing: an external edition needs an approval of it as it stands (refused without one). */
  requireApproval?: boolean;
  onProgress?: (stage: string, fraction: number) => void;
}

const MAX_THUMBNAIL = 2 * 1024 * 1024;
const MAX_EXCERPT = 2000;

export async function generateReport(core: Core, request: ReportRequest): Promise<{ pdf: Buffer; reportId: string; approval: ExternalApproval | null }> {
  const progress = request.onProgress ?? (() => undefined);
  progress('Reading the audit', 0.05);
  const audit = gatherReportData(core, request.auditId);
  const external = request.distribution === 'external';
  // Refused before anything is written: no seal, no custody entry, no file.
  const approval = !external ? null : request.requireApproval ? requireExternalApproval(core, audit) : approvalState(core, request.auditId, audit).current;
  // Every section, the outline, the metadata and the evidence read below see only what this edition may show.
  const { data, withheld } = editionOf(audit, request.distribution);
  const reportId = `RA-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  // Signed as the person running it: their own identity, made on first use.
  const identity = request.sign ? unlock(loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor)) : null;
  progress('Reading evidence from the vault', 0.2);
  const images = new Map<string, string>();
  const excerpts = new Map<string, string>();
  for (const finding of data.findings) {
    for (const e of finding.evidence) {
      if ((e.mediaType === 'image/png' || e.mediaType === 'image/jpeg') && e.size <= MAX_THUMBNAIL) {
        images.set(e.id, `data:${e.mediaType};base64,${fs.readFileSync(core.vault.objectPath(e.sha256)).toString('base64')}`);
      } else if (e.mediaType.startsWith('text/') || e.mediaType === 'application/json') {
        const text = fs.readFileSync(core.vault.objectPath(e.sha256)).subarray(0, MAX_EXCERPT).toString('utf8');
        excerpts.set(e.id, e.size > MAX_EXCERPT ? `${text}\n…` : text);
      }
    }
  }
  progress('Laying out the pages', 0.4);
  const layoutOptions = {
    reportId,
    kind: request.kind,
    distribution: request.distribution,
    generatedAt: new Date().toISOString(),
    generatedBy: core.actor,
    signer: identity ? { name: identity.name, role: identity.role, fingerprint: identity.fingerprint } : null,
    images,
    excerpts,
    amendments: listAmendments(core, request.auditId),
    checkpoint: null as ReturnType<typeof sealLedger>,
    approval,
  };
  // Checked before anything is written: content withheld from this edition refuses it, the ledger untouched.
  if (withheld.texts.length > 0) checkEdition(buildReport(data, layoutOptions).doc, withheld);
  // The ledger head as of this report, signed: a copy of it leaves the laptop inside the report.
  layoutOptions.checkpoint = sealLedger(core, 'report');
  const { doc, cited } = buildReport(data, layoutOptions);
  let pdf: Buffer;
  try {
    pdf = await renderPdf(doc);
  } catch (error) {
    // A damaged image must never stop a report: lay it out again without thumbnails.
    if (images.size === 0) throw error;
    images.clear();
    pdf = await renderPdf(buildReport(data, { ...layoutOptions, images }).doc);
  }
  if (identity) {
    progress('Signing', 0.85);
    pdf = await signPdf(pdf, identity, `Release audit report ${reportId}`);
  }
  for (const e of cited) recordCustody(core, e.id, 'exported', `Cited in report ${reportId} (${request.kind}, ${request.distribution}).`);
  progress('Done', 1);
  return { pdf, reportId, approval };
}

export { verifyReport, type ReportVerification } from './verify';
