import type { Checkpoint } from '../ledger/checkpoints';
import { formatFingerprint } from './certificate';
import type { Evidence } from '../../shared/api/evidence';
import type { Finding } from '../../shared/api/findings';
import { severities, type Severity } from '../../shared/enums';
import type { ReportData } from './data';

// The report as a pdfmake document: cover, scope and methodology, results by severity with a chart,
// findings with their evidence, the remediation plan, sign-off, and an appendix of every piece of
// evidence cited with its SHA-256. Every page carries the report id, its classification and its number.

export type Content = string | { [key: string]: unknown } | Content[];

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
}

const severityColours: Record<Severity, string> = { critical: '#b3261e', major: '#c25e00', minor: '#8a6d00', informational: '#1d5fd0' };
const WITHHELD = 'Withheld: confidential (external distribution).';

export function buildReport(data: ReportData, options: ReportOptions): { doc: Record<string, unknown>; cited: Evidence[] } {
  const external = options.distribution === 'external';
  const shown = data.findings.map((f) => ({ ...f, hidden: external && f.confidential }));
  const withheld = shown.some((f) => f.hidden);
  const draft = data.audit.status === 'finalised' ? '' : 'DRAFT (audit not finalised) · ';
  const classification = `${draft}${external ? (withheld ? 'EXTERNAL — confidential content withheld' : 'EXTERNAL') : 'INTERNAL — confidential'}`;
  const cited = dedupe(shown.filter((f) => !f.hidden).flatMap((f) => f.evidence));
  const content: Content[] = [
    cover(data, options, classification),
    scope(data, options),
    results(data),
    escalation(data),
    options.kind === 'full' ? findingsDetail(shown, options) : findingsSummary(shown),
    remediation(shown),
    amendmentsSection(options),
    signOff(options),
    appendix(cited, data, external && shown.some((f) => f.hidden)),
  ];
  const doc = {
    info: {
      title: `${options.kind === 'full' ? 'Audit report' : 'Executive summary'}: ${data.audit.name}`,
      author: options.generatedBy,
      subject: `Release Audit report ${options.reportId}`,
      creator: 'Release Audit',
      ReleaseAuditManifest: Buffer.from(
        JSON.stringify({ reportId: options.reportId, auditId: data.audit.id, kind: options.kind, distribution: options.distribution, generatedAt: options.generatedAt, signer: options.signer ? { name: options.signer.name, fingerprint: options.signer.fingerprint } : null, evidence: cited.map((e) => ({ id: e.id, sha256: e.sha256 })), ledgerHeads: data.ledgerHeads, checkpoint: options.checkpoint ?? null }),
      ).toString('base64'),
    },
    pageSize: 'A4',
    pageMargins: [48, 60, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25 },
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 15, bold: true, margin: [0, 18, 0, 8] },
      h3: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      label: { bold: true, color: '#333333' },
      muted: { color: '#555555', fontSize: 9 },
      mono: { fontSize: 8, font: 'Roboto', color: '#222222' },
      th: { bold: true, fillColor: '#eef1f5' },
    },
    header: (page: number) => (page === 1 ? null : { text: `${options.reportId} · ${classification}`, alignment: 'right', margin: [48, 24, 48, 0], style: 'muted' }),
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `${options.reportId} · ${classification}`, style: 'muted' },
        { text: `Page ${page} of ${pages}`, alignment: 'right', style: 'muted' },
      ],
      margin: [48, 16, 48, 0],
    }),
    content,
  };
  return { doc, cited };
}

function cover(data: ReportData, options: ReportOptions, classification: string): Content {
  return [
    { text: classification, color: '#b3261e', bold: true, margin: [0, 40, 0, 24] },
    { text: options.kind === 'full' ? 'Release audit report' : 'Release audit — executive summary', style: 'h1', fontSize: 26 },
    { text: data.audit.name, fontSize: 16, margin: [0, 0, 0, 24] },
    {
      table: {
        widths: [140, '*'],
        body: [
          ['Report', options.reportId],
          ['Distribution', options.distribution === 'internal' ? 'Internal: everything, confidential findings included' : 'External: confidential findings and their evidence withheld'],
          ['Audit status', data.audit.status + (data.audit.finalisedAt ? ` (finalised ${data.audit.finalisedAt})` : '')],
          ['Checklist', data.audit.pinnedTemplate ? `${data.audit.pinnedTemplate.name} v${data.audit.pinnedTemplate.version}` : 'none pinned'],
          ['Generated', `${options.generatedAt} by ${options.generatedBy}`],
          ['Ledger head', data.ledgerHeads.map((h) => `#${h.seq} ${h.hash}`).join('\n') || 'empty'],
        ].map(([k, v]) => [{ text: k, style: 'label' }, { text: v, fontSize: 9 }]),
      },
      layout: 'lightHorizontalLines',
    },
    { text: '', pageBreak: 'after' },
  ];
}

function scope(data: ReportData, options: ReportOptions): Content {
  const p = data.plan;
  const list = (items: string[]) => (items.length ? items.join(', ') : '—');
  return [
    { text: 'Scope and methodology', style: 'h2' },
    { text: p.objective || 'No objective was written in the plan.', margin: [0, 0, 0, 8] },
    {
      table: {
        widths: [150, '*'],
        body: [
          ['Scope', p.scopeMode === 'high-risk' ? `High-risk, production-critical deployments only. Criteria: ${p.riskCriteria || '—'}` : 'Every release in the period'],
          ['Environments in / out', `${list(p.environmentsIn)} / ${list(p.environmentsOut)}${p.preProductionIncluded ? ' (pre-production included)' : ''}`],
          ['Announced', p.announced ? 'Announced' : 'Unannounced'],
          ['Schedule', `${p.scheduleStart ?? '—'} to ${p.scheduleEnd ?? '—'}`],
          ['Regulatory drivers', p.regulatoryDrivers.map((d) => d.name).join('; ') || '—'],
          ['Releases audited', data.releases.map((r) => `${r.identifier}${r.emergency ? ' (emergency)' : ''}`).join(', ') || '—'],
        ].map(([k, v]) => [{ text: k, style: 'label' }, v]),
      },
      layout: 'lightHorizontalLines',
    },
    options.kind === 'full'
      ? {
          text:
            'Method: each control of the pinned checklist was tested against each release in scope (inspection of change records, re-performance and observation during the deployment window). ' +
            'Evidence was captured into a content-addressed vault (SHA-256) with a custody log; every change to the audit record is in a hash-chained ledger whose head is printed on the cover.',
          margin: [0, 10, 0, 0],
        }
      : '',
  ];
}

function results(data: ReportData): Content {
  const counts = severities.map((s) => ({ severity: s, n: data.findings.filter((f) => f.severity === s).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const barWidth = 300;
  return [
    { text: 'Results by severity', style: 'h2' },
    {
      columns: [
        {
          width: 180,
          table: { body: [[{ text: 'Severity', style: 'th' }, { text: 'Findings', style: 'th' }], ...counts.map((c) => [c.severity, String(c.n)])] },
          layout: 'lightHorizontalLines',
        },
        {
          width: '*',
          stack: counts.map((c) => ({
            columns: [
              { width: 80, text: c.severity, fontSize: 9 },
              { width: '*', canvas: [{ type: 'rect', x: 0, y: 2, w: Math.max(2, (c.n / max) * barWidth * 0.8), h: 10, color: severityColours[c.severity] }] },
            ],
            margin: [0, 2, 0, 2],
          })),
        },
      ],
    },
    {
      text: `Checklist results: ${data.checklist.pass} passed, ${data.checklist.fail} failed, ${data.checklist.notApplicable} not applicable, ${data.checklist.notTested} not tested.`,
      margin: [0, 8, 0, 0],
    },
  ];
}

function escalation(data: ReportData): Content {
  if (data.escalation.length === 0) return '';
  const breached = data.escalation.filter((e) => e.breached);
  return [
    { text: 'Escalation thresholds', style: 'h2' },
    ...data.escalation.map((e) => ({ text: `${e.breached ? 'BREACHED — ' : ''}${e.sentence}${e.rule.note ? ` (${e.rule.note})` : ''}`, color: e.breached ? '#b3261e' : '#222222' })),
    breached.length === 0 ? { text: 'No threshold is breached.', style: 'muted' } : '',
  ];
}

function findingsSummary(findings: Array<Finding & { hidden: boolean }>): Content {
  return [
    { text: 'Key findings', style: 'h2' },
    ...severities.flatMap((s) =>
      findings.filter((f) => f.severity === s).map((f) => ({ text: `[${s}] ${f.hidden ? WITHHELD : f.title} — ${f.status}`, margin: [0, 2, 0, 2] })),
    ),
    findings.length === 0 ? { text: 'No findings.', style: 'muted' } : '',
  ];
}

function findingsDetail(findings: Array<Finding & { hidden: boolean; evidence: Evidence[] }>, options: ReportOptions): Content {
  const parts: Content[] = [{ text: 'Findings', style: 'h2', pageBreak: 'before' }];
  for (const severity of severities) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    parts.push({ text: `${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`, style: 'h3', color: severityColours[severity] });
    for (const f of group) {
      if (f.hidden) {
        parts.push({ text: `A ${severity} finding is withheld: it is confidential and this is the external distribution.`, italics: true, margin: [0, 4, 0, 8] });
        continue;
      }
      parts.push({
        stack: [
          { text: f.title, bold: true, fontSize: 11 },
          { text: `Status: ${f.status} · Control: ${f.controlId || '—'} · Stage: ${f.stage || '—'} · Owner: ${[f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—'} · Due: ${f.dueAt ?? '—'}`, style: 'muted' },
          f.repeatOf ? { text: `Repeat finding: the same control failed for the same root cause in ${f.repeatOf.auditName}${f.repeatCount > 1 ? ` (${f.repeatCount} earlier occurrences)` : ''}.`, color: '#b3261e', fontSize: 9 } : '',
          ...(['criteria', 'condition', 'cause', 'effect', 'recommendation'] as const).map((k) => ({ text: [{ text: `${k[0]?.toUpperCase()}${k.slice(1)}: `, style: 'label' }, f[k] || '—'], margin: [0, 2, 0, 0] })),
          ...f.evidence.map((e) => evidenceBlock(e, options)),
        ],
        margin: [0, 6, 0, 12],
      });
    }
  }
  if (findings.length === 0) parts.push({ text: 'No findings.', style: 'muted' });
  return parts;
}

function evidenceBlock(e: Evidence, options: ReportOptions): Content {
  const image = options.images.get(e.id);
  const excerpt = options.excerpts.get(e.id);
  return {
    stack: [
      { text: `Evidence: ${e.originalName} — captured ${e.capturedAt} by ${e.capturedBy}`, fontSize: 9, margin: [0, 6, 0, 0] },
      { text: `SHA-256 ${e.sha256}`, style: 'mono' },
      image ? { image, fit: [220, 140], margin: [0, 4, 0, 0] } : '',
      excerpt ? { text: excerpt, style: 'mono', background: '#f3f4f6', margin: [0, 4, 0, 0] } : '',
    ],
  };
}

function remediation(findings: Array<Finding & { hidden: boolean }>): Content {
  const open = findings.filter((f) => f.status !== 'closed');
  return [
    { text: 'Remediation plan', style: 'h2' },
    open.length === 0
      ? { text: 'Nothing left to remediate.', style: 'muted' }
      : {
          table: {
            headerRows: 1,
            widths: ['*', 120, 70, 80],
            body: [
              ['Finding', 'Owner', 'Due', 'Status'].map((h) => ({ text: h, style: 'th' })),
              ...open.map((f) => [f.hidden ? `${f.severity} finding (withheld)` : f.title, f.hidden ? '—' : [f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—', f.dueAt ?? '—', f.status]),
            ],
          },
          layout: 'lightHorizontalLines',
        },
  ];
}

function amendmentsSection(options: ReportOptions): Content {
  if (options.amendments.length === 0) return '';
  return [
    { text: 'Amendments after finalising', style: 'h2' },
    ...options.amendments.map((a) => ({ text: [{ text: `${a.at} — ${a.author}: `, style: 'label' }, a.text, { text: ` (why: ${a.reason})`, style: 'muted' }], margin: [0, 2, 0, 2] })),
  ];
}

function signOff(options: ReportOptions): Content {
  const signer = options.signer;
  const pairs = signer ? (signer.fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':') : '';
  return [
    { text: 'Sign-off', style: 'h2', pageBreak: 'before' },
    {
      text: signer
        ? `Prepared and signed by ${signer.name}${signer.role ? `, ${signer.role}` : ''}, on ${options.generatedAt}. The digital signature covers every byte of this file; any change after signing breaks it.`
        : `Prepared by ${options.generatedBy} on ${options.generatedAt}. This copy is not signed, so nothing in it proves who issued it or that it is unchanged.`,
    },
    ...(signer
      ? [
          { text: 'Signing certificate (SHA-256 fingerprint):', style: 'muted', margin: [0, 8, 0, 0] },
          { text: pairs, style: 'mono' },
          {
            text: [
              'To check this file, with no data folder: ',
              { text: `release-audit verify-report FILE --expect-signer ${signer.fingerprint}`, style: 'mono' },
              '. It holds only if that fingerprint is the one the signer gave you themselves (a fingerprint printed here proves nothing on its own). On a laptop that holds the audit, release-audit verify-report FILE also checks the cited evidence against its vault.',
            ],
            style: 'muted',
            margin: [0, 4, 0, 0],
          },
        ]
      : []),
    ...(options.checkpoint ? ledgerSeal(options.checkpoint) : []),
  ];
}

/** The signed ledger head the report was made at: what verify-report compares with the laptop's ledger later. */
function ledgerSeal(cp: Checkpoint): Content[] {
  return [
    { text: 'Signed ledger head', style: 'h3', margin: [0, 14, 0, 2] },
    {
      text: `When this report was made, the audit trail of device ${cp.deviceId} stood at entry #${cp.seq}, signed by ${cp.signer} (key ${formatFingerprint(cp.fingerprint, true)}) on ${cp.sealedAt.slice(0, 19).replace('T', ' ')} UTC. Head hash:`,
      style: 'muted',
    },
    { text: cp.hash, style: 'mono' },
    {
      text: 'A laptop whose trail was rewritten since then can no longer show this head: release-audit verify-report FILE, run where the audit is held, says so.',
      style: 'muted',
      margin: [0, 2, 0, 0],
    },
  ];
}

function appendix(cited: Evidence[], data: ReportData, withheld: boolean): Content {
  return [
    { text: 'Appendix: evidence cited', style: 'h2', pageBreak: 'before' },
    cited.length === 0
      ? { text: 'No evidence is cited.', style: 'muted' }
      : {
          table: {
            headerRows: 1,
            widths: ['*', 110, 170],
            body: [
              ['Evidence', 'Captured (UTC)', 'SHA-256'].map((h) => ({ text: h, style: 'th' })),
              ...cited.map((e) => [e.originalName, e.capturedAt, { text: e.sha256, style: 'mono' }]),
            ],
          },
          layout: 'lightHorizontalLines',
        },
    withheld ? { text: 'Evidence of confidential findings is withheld from this distribution.', style: 'muted', margin: [0, 6, 0, 0] } : '',
    { text: 'Ledger head at the time of this report', style: 'h3' },
    ...data.ledgerHeads.map((h) => ({ text: `device ${h.deviceId} #${h.seq}: ${h.hash}`, style: 'mono' })),
  ];
}

function dedupe(items: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return items.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
