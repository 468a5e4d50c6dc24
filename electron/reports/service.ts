import crypto from 'node:crypto';
import fs from 'node:fs';
import { listAmendments } from '../audits/service';
import { recordCustody } from '../evidence/service';
import type { Core } from '../services';
import { gatherReportData } from './data';
import { buildReport } from './build';
import { loadIdentity, createSelfSignedIdentity, keyAndCertificate, unlock } from '../identity/identity';
import { isPrintableImage, pendingImages, printImages, printImagesAsMade, pruneThumbnailCache, thumbnailCacheDir, thumbnailSealKey, type ImagesBeingMade, type PrintImage } from './images';
import { renderPdfToFile } from './render';
import { signPdfFile } from './sign';
import { sealLedger } from '../identity/seal';
import { approvalState, requireExternalApproval } from './audience';
import { checkEdition, editionOf } from './edition';
import type { Evidence } from '../../shared/api/evidence';
import type { ExternalApproval } from '../../shared/api/reports';
import type { Identity } from '../identity/p12';

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

const MAX_EXCERPT = 2000;

export interface WrittenReport {
  reportId: string;
  approval: ExternalApproval | null;
}

/** A report laid out as a pdfmake document, ready to render: what writeReport writes (and the bench times pdfmake on). */
export interface PreparedReport extends WrittenReport {
  doc: Record<string, unknown>;
  cited: Evidence[];
  identity: Identity | null;
  /** The same document without thumbnails, for a damaged image pdfmake cannot read. */
  withoutImages: (() => Record<string, unknown>) | null;
  /** With `asMade`: the thumbnails still being made while the document is laid out (render them with renderPdfToFile's `pending`). */
  making: ImagesBeingMade | null;
}

/**
 * The report as a pdfmake document. With `asMade`, thumbnails that must be made are not waited for: the
 * document names them with the size their files promise, and `making` says when they are all made (the
 * report's own writeReport lays the pages out meanwhile); without it every image is in the document.
 */
export async function prepareReport(core: Core, request: ReportRequest, options: { asMade?: boolean } = {}): Promise<PreparedReport> {
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
  const evidence = data.findings.flatMap((f) => f.evidence);
  // Only the full report prints thumbnails; an executive summary names its evidence in the appendix.
  const thumbnails = thumbnailCacheDir(core.layout.root);
  const sealKey = identity ? thumbnailSealKey(keyAndCertificate(identity).privateKeyPem) : null;
  // An edition for outside readers (the approved Word copy, an unsigned external PDF) prints only thumbnails made from the originals or sealed.
  const fileOf = (sha256: string) => core.vault.objectPath(sha256);
  const onlyTrusted = sealKey !== null || external;
  const making = request.kind === 'full' && options.asMade ? await printImagesAsMade(evidence, fileOf, thumbnails, sealKey, onlyTrusted, () => core.vault.tempName('.thumbnail.jpg')) : null;
  const images = making ? making.images : request.kind === 'full' ? await printImages(evidence, fileOf, thumbnails, sealKey, onlyTrusted) : new Map<string, PrintImage>();
  try {
    if (request.kind === 'full') pruneThumbnailCache(thumbnails, (sha256) => fs.existsSync(core.vault.objectPath(sha256)));
    const excerpts = new Map<string, string>();
    for (const e of evidence) {
      if (excerpts.has(e.id) || isPrintableImage(e) || !(e.mediaType.startsWith('text/') || e.mediaType === 'application/json')) continue;
      const text = fs.readFileSync(core.vault.objectPath(e.sha256)).subarray(0, MAX_EXCERPT).toString('utf8');
      excerpts.set(e.id, e.size > MAX_EXCERPT ? `${text}\n…` : text);
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
    const withoutImages = images.size === 0 ? null : () => buildReport(data, { ...layoutOptions, images: new Map() }).doc;
    return { reportId, approval, doc, cited, identity, withoutImages, making };
  } catch (error) {
    // (Refused before anything is written: the thumbnail process is not left making what no report prints.)
    making?.abort();
    throw error;
  }
}

/**
 * Writes the report to `file`: pdfmake's output is streamed there, never gathered into one buffer,
 * each screenshot is embedded once at print resolution, and a signed report is signed from the file.
 */
export async function writeReport(core: Core, request: ReportRequest, file: string): Promise<WrittenReport> {
  const progress = request.onProgress ?? (() => undefined);
  // The pages are laid out while the thumbnails that must be made are made, in their own process.
  const { reportId, approval, doc, cited, identity, withoutImages, making } = await prepareReport(core, request, { asMade: true });
  try {
    await renderPdfToFile(doc, file, making ? pendingImages(making.images) : undefined);
  } catch (error) {
    making?.abort();
    await making?.settled;
    // A damaged image must never stop a report: lay it out again without thumbnails.
    if (!withoutImages) throw error;
    await renderPdfToFile(withoutImages(), file);
  }
  // Every thumbnail kept on disk and the process that made them ended (all were embedded by now).
  await making?.settled;
  if (identity) {
    progress('Signing', 0.85);
    await signPdfFile(file, identity, `Release audit report ${reportId}`);
  }
  for (const e of cited) recordCustody(core, e.id, 'exported', `Cited in report ${reportId} (${request.kind}, ${request.distribution}).`);
  progress('Done', 1);
  return { reportId, approval };
}

/** The report as bytes in memory (tests, small callers): written to a temporary file of the vault and read back. */
export async function generateReport(core: Core, request: ReportRequest): Promise<WrittenReport & { pdf: Buffer }> {
  const file = core.vault.tempName('.pdf');
  try {
    const written = await writeReport(core, request, file);
    return { ...written, pdf: fs.readFileSync(file) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export { verifyReport, type ReportVerification } from './verify';
