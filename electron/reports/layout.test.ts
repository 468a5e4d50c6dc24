import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { formatInZone } from '../../shared/time';
import { evidenceForTarget } from '../evidence/service';
import { listFindings } from '../findings/service';
import type { Core } from '../services';
import { largeAudit, smallAudit } from './layout-fixtures';
import { everyRecordAudit } from './record-fixture';
import { pageCount, pagesBefore, readPages, renderPages, type Page } from './pdf-pages';
import { gatherReportData } from './data';
import { buildReport } from './build';
import type { ReportOptions } from './document';
import { generateReport } from './service';
import { savePlan } from '../plans/service';

// The reports as a reader sees them: real PDFs laid out from real audits, read back page by page with
// poppler (pdfinfo, pdftotext) and rendered with pdftoppm to test-results/pdf-layout/ to be looked at.

const ZONE = 'Europe/Berlin';
const OUT = path.resolve('test-results/pdf-layout');
const MARGINS = { top: 60, bottom: 56 };
const variants = [
  { kind: 'summary', distribution: 'internal', sign: false },
  { kind: 'summary', distribution: 'external', sign: false },
  { kind: 'full', distribution: 'internal', sign: false },
  { kind: 'full', distribution: 'external', sign: false },
  // Signed, as the app issues them: the sign-off then carries the fingerprint and how to check it.
  { kind: 'summary', distribution: 'internal', sign: true },
] as const;

/** Section headings and table header rows: none may be the last thing on a page. */
const headings = [
  'Scope and methodology', 'Results by severity', 'Escalation thresholds', 'Key findings', 'Findings', 'Critical (', 'Major (', 'Minor (', 'Informational (',
  'Remediation plan', 'Amendments after finalising', 'Sign-off', 'Signed ledger head', 'Appendix: evidence cited',
  'Finding Owner Due Status', 'Evidence Captured', 'Severity Findings',
  // The sections that tell the whole audit, their groups and their tables' headers.
  'Contents', 'Overall conclusion', 'Key numbers', 'What the CAB must decide', 'Regulatory drivers', 'Success criteria', 'Finding owners', 'Access to data sources',
  'Change tickets', 'Runbook', 'Artifact versions', 'Third-party components', 'Warnings', 'Checklist results and coverage', 'Coverage by stage', 'Coverage by framework',
  'Failed items', 'Items for', 'War room:', 'Planned against actual', 'Node status at the end', 'Deviations from the runbook', 'On-the-fly changes', 'Halt checks', 'Rollbacks',
  'Emergency releases', 'Emergency:', 'Justification', 'Approval after the fact', 'Bypassed controls', 'Post-emergency review', 'Interviews', 'Tribal knowledge',
  'Environment parity and drift', 'Known vulnerabilities', 'Version by source',
  'Item Check Result', 'Ticket Title Approval', 'Step Planned Actual', 'Release Item Note Finding', 'Checks Passed Failed', 'Framework Checks', 'Criterion Met',
];

interface Made {
  name: string;
  kind: 'summary' | 'full';
  file: string;
  reportId: string;
  pages: Page[];
  count: number;
  text: string;
  capturedTimes: string[];
}

let previousZone: string | undefined;
const made: Made[] = [];
const docs: Array<{ kind: string; doc: Record<string, unknown> }> = [];
let core: Core;

async function make(audit: { id: string }, name: string, signed: boolean): Promise<void> {
  const findings = listFindings(core, audit.id);
  for (const { kind, distribution, sign } of variants.filter((v) => signed || !v.sign)) {
    const { pdf, reportId } = await generateReport(core, { auditId: audit.id, kind, distribution, sign });
    const label = `${name}-${kind}-${distribution}${sign ? '-signed' : ''}`;
    const file = path.join(OUT, `${label}.pdf`);
    fs.writeFileSync(file, pdf);
    const pages = readPages(file, MARGINS);
    const text = pages.map((p) => p.layout).join('\f');
    const visible = findings.filter((f) => distribution === 'internal' || !f.confidential);
    const cited = new Set(visible.flatMap((f) => evidenceForTarget(core, { targetType: 'finding', targetId: f.id }).map((e) => e.capturedAt)));
    made.push({ name: label.replace(/-/g, ' '), kind, file, reportId, pages, count: pageCount(file), text, capturedTimes: [...cited].map((at) => formatInZone(at, ZONE)) });
  }
}

describe('PDF report layout', () => {
  beforeAll(async () => {
    // The report's times are in the zone of the computer making it, as the screens show them.
    previousZone = process.env.TZ;
    process.env.TZ = ZONE;
    fs.mkdirSync(OUT, { recursive: true });
    core = testCore({ actor: 'Ada Auditor' });
    await make(await smallAudit(core), 'small', true);
    const large = await largeAudit(core, tempDir());
    await make(large, 'large', false);
    await make((await everyRecordAudit(core, tempDir())).audit, 'every-record', false);
    for (const kind of ['summary', 'full'] as const) {
      const options: ReportOptions = { reportId: 'RA-20261201-000000', kind, distribution: 'internal', generatedAt: new Date().toISOString(), generatedBy: 'Ada Auditor', signer: null, images: new Map(), excerpts: new Map(), amendments: [] };
      docs.push({ kind, doc: buildReport(gatherReportData(core, large.id), options).doc });
    }
  }, 180_000);

  afterAll(() => {
    if (previousZone === undefined) delete process.env.TZ;
    else process.env.TZ = previousZone;
  });

  it('an executive summary of a small audit takes at most two pages before its trends, and no page but the last is left mostly empty', () => {
    const summaries = made.filter((m) => m.name.startsWith('small summary'));
    expect(summaries).toHaveLength(3);
    // The trends across audit cycles follow the summary proper, which still ends by its second page.
    for (const m of summaries) expect(pagesBefore(m.pages, 'Trends across audit cycles'), m.name).toBeLessThanOrEqual(2);
    for (const m of made) {
      expect(m.pages, m.name).toHaveLength(m.count);
      // The full report's cover stands alone; every other page but the last is filled at least half way.
      // A trend chart and its numbers are never split (the section's heading goes with its first chart), so the page
      // before the trends and each page of them may end at 40% when the next chart cannot fit.
      const trendsPage = m.pages.find((p) => p.body.some((line) => line.text.includes('Trends across audit cycles')))?.number ?? Infinity;
      for (const page of m.pages.slice(m.kind === 'full' ? 1 : 0, -1)) {
        const bottom = Math.max(...page.body.map((l) => l.yMax));
        const filled = (bottom - MARGINS.top) / (page.height - MARGINS.top - MARGINS.bottom);
        expect(filled, `${m.name}, page ${page.number}`).toBeGreaterThan(page.number >= trendsPage - 1 ? 0.4 : 0.5);
      }
    }
  });

  it('prints an evidence excerpt longer than a page in full, over the page break', () => {
    const full = made.find((m) => m.name === 'large full internal');
    expect(full?.text).toContain('step 001 ok');
    expect(full?.text).toContain('step 110 ok');
  });

  it('has a one-line footer with the report id and the page number on every page', () => {
    for (const m of made) {
      for (const page of m.pages) {
        expect(page.footer.map((l) => l.text), `${m.name}, page ${page.number}`).toHaveLength(1);
        expect(page.footer[0]?.text, `${m.name}, page ${page.number}`).toMatch(new RegExp(`^${m.reportId} .* Page ${page.number} of ${m.count}$`));
      }
    }
  });

  it('shows every time in one local form with the zone, never as a raw ISO string or in another zone', () => {
    for (const m of made) {
      expect(m.text, m.name).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(m.text, m.name).not.toMatch(/\b\d{4}-\d\d-\d\d\b/);
      // No time in another zone (a chart's definition may say its months are calendar months in UTC).
      expect(m.text, m.name).not.toMatch(/\d\d:\d\d(?::\d\d)?\s*(?:UTC|GMT)|GMT[+-]/);
      const times = [...m.text.matchAll(/\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d(.{0,20})/g)];
      // Generated, signed off, the ledger seal and each piece of evidence cited, at least.
      expect(times.length, m.name).toBeGreaterThanOrEqual(3 + m.capturedTimes.length);
      for (const t of times) expect(t[1], `${m.name}: ${t[0]}`).toMatch(new RegExp(`^ ${ZONE}\\b`));
      // Each evidence time is whole on one line: an appendix cell never wraps in the middle of a time.
      for (const captured of m.capturedTimes) expect(m.text, `${m.name}: ${captured}`).toContain(captured);
    }
  });

  it('never leaves a heading, a finding title or a table header as the last line of a page', () => {
    for (const m of made) {
      for (const page of m.pages.slice(0, -1)) {
        const last = page.body.at(-1);
        const where = `${m.name}, page ${page.number} ends with "${last?.text}"`;
        // Body text is 10 pt or less; headings and finding titles are 11 pt or more (pdftotext's line box is ~1.17 em).
        expect((last?.yMax ?? 0) - (last?.yMin ?? 0), where).toBeLessThan(12.5);
        for (const heading of headings) expect(last?.text.startsWith(heading), where).toBe(false);
      }
    }
  });

  it('lays every table out so that no row splits across pages, and a header repeats and stays with the first row', () => {
    const tables = (node: unknown): Array<Record<string, unknown>> =>
      Array.isArray(node) ? node.flatMap(tables) : node && typeof node === 'object' ? [...('table' in node ? [node.table as Record<string, unknown>] : []), ...Object.values(node).flatMap(tables)] : [];
    for (const { kind, doc } of docs) {
      const found = tables(doc.content);
      // Summary: cover facts, key numbers, appendix. Full: those and the scope, drivers, results by severity,
      // each release's facts and artifacts, the remediation plan.
      expect(found.length, kind).toBeGreaterThanOrEqual(kind === 'summary' ? 3 : 5 + 12 * 2);
      for (const t of found) expect(t, kind).toMatchObject({ dontBreakRows: true });
      // Every table with a header repeats it and keeps it with its first row.
      const headed = found.filter((t) => (t.body as unknown[][])[0]?.some((cell) => (cell as { style?: string }).style === 'th'));
      expect(headed.length, kind).toBeGreaterThanOrEqual(kind === 'summary' ? 1 : 3);
      for (const t of headed) expect(t, kind).toMatchObject({ headerRows: 1, keepWithHeaderRows: 1 });
    }
  });

  it('renders every page to an image', () => {
    for (const m of made) {
      const images = renderPages(m.file, OUT, path.basename(m.file, '.pdf'));
      expect(images, m.name).toHaveLength(m.count);
      for (const image of images) expect(fs.statSync(image).size).toBeGreaterThan(1000);
    }
  });
});

describe('PDF report layout, whatever the length of the text before a heading', () => {
  it('never leaves a heading or a table header at the foot of a page', async () => {
    const sweep = testCore({ actor: 'Ada Auditor' });
    const audit = await smallAudit(sweep);
    const folder = tempDir();
    const started = Date.now();
    let renders = 0;
    for (let sentences = 0; sentences <= 56; sentences += 4) {
      savePlan(sweep, { auditId: audit.id, objective: Array.from({ length: sentences }, (_, i) => `Sentence ${i + 1} of the objective says what this audit sets out to show and why.`).join(' ') });
      for (const kind of ['summary', 'full'] as const) {
        const { pdf } = await generateReport(sweep, { auditId: audit.id, kind, distribution: 'external', sign: false });
        renders += 1;
        const file = path.join(folder, `${kind}-${sentences}.pdf`);
        fs.writeFileSync(file, pdf);
        for (const page of readPages(file, MARGINS).slice(0, -1)) {
          const last = page.body.at(-1);
          const where = `${kind} with ${sentences} sentences, page ${page.number} ends with "${last?.text}"`;
          expect((last?.yMax ?? 0) - (last?.yMin ?? 0), where).toBeLessThan(12.5);
          for (const heading of headings) expect(last?.text.startsWith(heading), where).toBe(false);
        }
      }
    }
    console.log(`${renders} reports in ${Date.now() - started} ms`);
  }, 180_000);
});
