import type { Evidence } from '../../shared/api/evidence';
import type { ReportData } from './data';
import type { ReportContext, ReportOptions } from './document';
import { findingsDetail, findingsSummary } from './findings-section';
import { imageDictionary } from './images';
import { flatten, keepHeadings, keepHeadingsWithContent, ReportClock, RUNNING, type Content } from './layout';
import { amendmentsSection, appendix, escalation, remediation, results, titlePage } from './sections';
import { checklistSection } from './sections/checklist';
import { editionView } from './sections/edition';
import { emergencySection } from './sections/emergency';
import { engagement } from './sections/engagement';
import { interviewsSection } from './sections/interviews';
import { maturitySection } from './sections/maturity';
import { contents } from './sections/navigation';
import { releasesSection } from './sections/release';
import { retrospectivesSection } from './sections/retrospectives';
import { trainingSection } from './sections/training';
import { cabDecisions, conclusion, keyNumbers } from './sections/summary';
import { trendsSection } from './sections/trends';
import { warRoomSection } from './sections/warroom';
import { signOff } from './sign-off';

// The report as a pdfmake document. An executive summary: a title block, the conclusion, key numbers,
// the critical and major findings, what the CAB must decide, thresholds, sign-off, the evidence cited and
// the trends across audit cycles.
// A full report: a cover page and contents, the same summary, then the engagement, results by severity, trends,
// every release, the checklist item by item with honest coverage, the war rooms, emergency releases,
// interviews, findings with their evidence, the remediation plan, amendments, sign-off and the appendix
// of evidence with its SHA-256. Every section and finding is a bookmark; every page carries the report
// id, its classification and its number; every time is shown with its zone named beside it.

const MARGINS = { left: 48, top: 60, right: 48, bottom: 56 };

export function buildReport(data: ReportData, options: ReportOptions): { doc: Record<string, unknown>; cited: Evidence[] } {
  const external = options.distribution === 'external';
  const view = editionView(data, external);
  const shown = view.findings;
  const cited = view.cited;
  const draft = data.audit.status !== 'finalised';
  const classification = `${draft ? 'DRAFT (audit not finalised) · ' : ''}${external ? (view.withheld ? 'EXTERNAL — confidential content withheld' : 'EXTERNAL') : 'INTERNAL — confidential'}`;
  const context: ReportContext = { data, options, clock: new ReportClock(data.timeZone), classification, external, view };
  const content: Content[] =
    options.kind === 'full'
      ? [
          titlePage(context),
          contents(context),
          conclusion(context),
          keyNumbers(context),
          cabDecisions(context),
          engagement(context),
          results(context),
          trendsSection(context),
          escalation(context),
          releasesSection(context),
          checklistSection(context),
          warRoomSection(context),
          emergencySection(context),
          interviewsSection(context),
          maturitySection(context),
          findingsDetail(shown, context),
          remediation(shown, context),
          retrospectivesSection(context),
          trainingSection(context),
          amendmentsSection(context),
          signOff(context),
          appendix(context),
        ]
      : [
          titlePage(context),
          conclusion(context),
          keyNumbers(context),
          findingsSummary(shown, context),
          cabDecisions(context),
          escalation(context),
          amendmentsSection(context),
          signOff(context),
          appendix(context),
          trendsSection(context),
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
    // Every heading goes down with the first lines of what it heads (layout.ts), across sections too, so
    // that pageBreakBefore, which lays the whole document out again each time it moves one, rarely has to.
    pageBreakBefore: keepHeadingsWithContent,
    images: imageDictionary(options.images),
    content: keepHeadings(flatten(content)),
  };
  return { doc, cited };
}
