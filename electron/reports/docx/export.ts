import { formatInZone } from '../../../shared/time';
import { recordCustody } from '../../evidence/service';
import type { Core } from '../../services';
import { listReports } from '../archive';
import { prepareReport } from '../service';
import { reportDocx, type IssuedPdf } from './document';

// The report as an editable DOCX: laid out by the same sections as the PDF (prepareReport), converted
// to Word (document.ts), its first page naming the signed PDF that is the record. An external edition
// needs the same approval as the PDF, and the evidence it cites gets the same custody entry.

export interface DocxRequest {
  auditId: string;
  kind: 'full' | 'summary';
  distribution: 'internal' | 'external';
}

export interface MadeDocx {
  bytes: Buffer;
  reportId: string;
  fileName: string;
  /** The signed PDF it names as the record, if one was issued. */
  issued: IssuedPdf | null;
}

/** The newest report of this audit issued in the same kind and distribution, still in the archive. */
export function issuedRecord(core: Core, request: DocxRequest): IssuedPdf | null {
  const found = listReports(core, request.auditId).find((r) => r.kind === request.kind && r.distribution === request.distribution && !r.removed);
  return found ? { reportId: found.reportId, generatedAt: found.generatedAt, sha256: found.sha256, signedBy: found.signedBy, certificateFingerprint: found.certificateFingerprint } : null;
}

export async function makeReportDocx(core: Core, request: DocxRequest, progress: (stage: string, fraction: number) => void = () => undefined): Promise<MadeDocx> {
  const issued = issuedRecord(core, request);
  const prepared = await prepareReport(core, { ...request, sign: false, requireApproval: true, onProgress: (stage, f) => progress(stage, f * 0.6) });
  progress('Writing the Word document', 0.7);
  const bytes = await reportDocx({ doc: prepared.doc, issued, time: (iso) => formatInZone(iso) });
  for (const e of prepared.cited) recordCustody(core, e.id, 'exported', `Cited in the editable DOCX copy of report ${prepared.reportId} (${request.kind}, ${request.distribution}).`);
  return { bytes, reportId: prepared.reportId, fileName: `${prepared.reportId}-${request.kind}-${request.distribution}.docx`, issued };
}
