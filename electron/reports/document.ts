import type { Checkpoint } from '../ledger/checkpoints';
import type { Evidence } from '../../shared/api/evidence';
import type { ReportData } from './data';
import { findingsDetail, findingsSummary, type ShownFinding } from './findings-section';
import { keepHeadingsWithContent, ReportClock, RUNNING, type Content } from './layout';
import { amendmentsSection, appendix, escalation, remediation, results, scope, titlePage } from './sections';
import { signOff } from './sign-off';

// The report as a pdfmake document: a title (a cover page for the full report), scope and methodology,
// results by severity with a chart, findings with their evidence, the remediation plan, sign-off, and an
// appendix of every piece of evidence cited with its SHA-256. Every page carries the report id, its
// classification and its number; every time is shown in the report's zone, named beside it.

export type { Content } from './layout';

export interface ReportOptions {
  reportId: string;
  kind: 'full' | 'summary';
  distribution: 'internal' | 'external';
  generatedAt: string;
  generatedBy: string;
  /** Who signs it: the certificate's fingerprint is printed and listed in the manifest, binding the report id to it. */
  signer: { name: string; role: string; fingerprint: string } | null;
  /** This laptop's ledger head as the report was made, signed (null when nothing was ever written). */
  checkpoint?: Checkpoint | null;
  /** Image evidence as data URLs, by evidence id (thumbnails), and text excerpts, read from the vault. */
  images: Map<string, string>;
  excerpts: Map<string, string>;
  /** Corrections made after finalising: who, when, why. */
  amendments: Array<{ author: string; at: string; reason: string; text: string }>;
  /** For an external edition: the compliance or legal reviewer's approval it is issued under, printed on the sign-off. */
  approval?: { reviewer: string; role: 'compliance' | 'legal'; approvedAt: string; comment: string } | null;
}

/** What every section is told: the options, the report's clock, and what it may show. */
export interface ReportContext {
  data: ReportData;
  options: ReportOptions;
  clock: ReportClock;
  classification: string;
  external: boolean;
}

const MARGINS = { left: 48, top: 60, right: 48, bottom: 56 };

export function buildReport(data: ReportData, options: ReportOptions): { doc: Record<string, unknown>; cited: Evidence[] } {
  const external = options.distribution === 'external';
  const shown: ShownFinding[] = data.findings.map((f) => ({ ...f, hidden: external && f.confidential }));
  const withheld = shown.some((f) => f.hidden);
  const draft = data.audit.status !== 'finalised';
  const classification = `${draft ? 'DRAFT (audit not finalised) · ' : ''}${external ? (withheld ? 'EXTERNAL — confidential content withheld' : 'EXTERNAL') : 'INTERNAL — confidential'}`;
  const cited = dedupe(shown.filter((f) => !f.hidden).flatMap((f) => f.evidence));
  const context: ReportContext = { data, options, clock: new ReportClock(data.timeZone), classification, external };
  const content: Content[] = [
    titlePage(context),
    scope(context),
    results(data),
    escalation(data),
    options.kind === 'full' ? findingsDetail(shown, context) : findingsSummary(shown),
    remediation(shown, context),
    amendmentsSection(context),
    signOff(context),
    appendix(cited, context, withheld),
  ];
  const title = options.kind === 'full' ? 'Audit report' : 'Executive summary';
  // One short line: the id, what it is and who may read it; the header carries the full classification.
  const footerLine = `${options.reportId} · ${title} · ${external ? 'External' : 'Internal, confidential'}${draft ? ' · Draft' : ''}`;
  const doc = {
    info: {
      title: `${title}: ${data.audit.name}`,
      author: options.generatedBy,
      subject: `Release Audit report ${options.reportId}`,
      creator: 'Release Audit',
      ReleaseAuditManifest: Buffer.from(
        JSON.stringify({ reportId: options.reportId, auditId: data.audit.id, kind: options.kind, distribution: options.distribution, generatedAt: options.generatedAt, signer: options.signer ? { name: options.signer.name, fingerprint: options.signer.fingerprint } : null, evidence: cited.map((e) => ({ id: e.id, sha256: e.sha256 })), ledgerHeads: data.ledgerHeads, checkpoint: options.checkpoint ?? null }),
      ).toString('base64'),
    },
    pageSize: 'A4',
    pageMargins: [MARGINS.left, MARGINS.top, MARGINS.right, MARGINS.bottom],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25 },
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 15, bold: true, margin: [0, 18, 0, 8] },
      h3: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      label: { bold: true, color: '#333333' },
      muted: { color: '#555555', fontSize: 9 },
      [RUNNING]: { color: '#555555', fontSize: 9 },
      mono: { fontSize: 8, font: 'Roboto', color: '#222222' },
      th: { bold: true, fillColor: '#eef1f5' },
    },
    header: (page: number) => (page === 1 ? null : { text: `${options.reportId} · ${classification}`, alignment: 'right', margin: [MARGINS.left, 24, MARGINS.right, 0], style: RUNNING }),
    footer: (page: number, pages: number) => ({
      columns: [
        { text: footerLine, width: '*', style: RUNNING },
        { text: `Page ${page} of ${pages}`, width: 'auto', alignment: 'right', style: RUNNING },
      ],
      style: RUNNING,
      columnGap: 12,
      margin: [MARGINS.left, 16, MARGINS.right, 0],
    }),
    pageBreakBefore: keepHeadingsWithContent,
    content,
  };
  return { doc, cited };
}

function dedupe(items: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return items.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
