import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { setZone } from '../../tests/helpers/zone';
import type { Core } from '../services';
import { pageCount, pagesBefore, readPages, renderPages } from './pdf-pages';
import { everyRecordAudit, markers, secrets } from './record-fixture';
import { generateReport } from './service';

// The report tells the whole audit: an audit with every kind of record, each carrying a marker, read
// back from real PDFs with poppler (pdftotext for the words, pdftohtml -xml for the outline, pdfsig for
// the signature, pdftoppm for pages to look at in test-results/pdf-layout/).

const OUT = path.resolve('test-results/pdf-layout');
// The computer's zone differs from the releases' (Europe/Berlin): each time must say which it is in.
const ZONE = 'America/New_York';

interface Edition {
  file: string;
  text: string;
  outline: string[];
  pages: number;
}

let restoreZone: () => void;
let core: Core;
const editions = new Map<string, Edition>();
let fixture: Awaited<ReturnType<typeof everyRecordAudit>>;

/** The words of the PDF, one space between each. */
const words = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** Markers are compared without their hyphens: pdftotext drops the hyphen where a marker wraps at one. */
const flat = (s: string) => s.replace(/-/g, '');

/** The bookmarks of the PDF's outline, nested ones too, as poppler lists them. */
function outline(file: string): string[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

describe('the report tells the whole audit', () => {
  beforeAll(async () => {
    restoreZone = setZone(ZONE);
    fs.mkdirSync(OUT, { recursive: true });
    core = testCore({ actor: 'Ada Auditor' });
    fixture = await everyRecordAudit(core, tempDir());
    for (const [kind, distribution, sign] of [['full', 'internal', false], ['full', 'external', true], ['summary', 'internal', false], ['summary', 'external', false]] as const) {
      const { pdf } = await generateReport(core, { auditId: fixture.audit.id, kind, distribution, sign });
      const file = path.join(OUT, `every-record-${kind}-${distribution}.pdf`);
      fs.writeFileSync(file, pdf);
      editions.set(`${kind} ${distribution}`, { file, text: words(file), outline: outline(file), pages: pageCount(file) });
    }
  }, 180_000);

  afterAll(() => restoreZone());

  const edition = (name: string) => editions.get(name) as Edition;

  it('the full internal report contains a planted marker from every section, confidential ones too', () => {
    const { text } = edition('full internal');
    for (const [what, marker] of Object.entries(markers)) expect(flat(text), what).toContain(flat(marker));
    for (const [what, marker] of Object.entries(secrets)) expect(flat(text), what).toContain(flat(marker));
    for (const section of ['Contents', 'Overall conclusion', 'Needs improvement', 'Key numbers', 'What the CAB must decide', 'Success criteria', 'Access to data sources', 'War room', 'Emergency releases', 'Interviews']) {
      expect(text, section).toContain(section);
    }
  });

  it('the external edition carries none of the confidential markers, in its text or its outline, and says what it withholds', () => {
    for (const name of ['full external', 'summary external']) {
      const { text, outline: bookmarks, file } = edition(name);
      for (const [what, marker] of Object.entries(secrets)) {
        expect(flat(text), `${name}: ${what}`).not.toContain(flat(marker));
        expect(bookmarks.join('\n'), `${name} outline: ${what}`).not.toContain(marker);
      }
      // Nor anywhere in the file's bytes (the outline and metadata are plain strings there).
      expect(fs.readFileSync(file).toString('latin1'), name).not.toMatch(/SECRET-[A-Z]+-MARK/);
    }
    const { text } = edition('full external');
    expect(text).toContain('Interviews are internal: this distribution includes only those the auditor marked shareable.');
    // A shareable interview is printed in full.
    for (const marker of [markers.interviewee, markers.tribal, markers.answer, markers.interviewNote]) expect(flat(text), marker).toContain(flat(marker));
    expect(text).toContain('A critical finding is withheld (F-01)');
  });

  it('lists every section and every finding in the outline, with the ids the text uses', () => {
    const { outline: bookmarks, text } = edition('full internal');
    for (const section of ['Overall conclusion', 'Key numbers', 'What the CAB must decide', 'Scope and methodology', 'Results by severity', 'Releases', 'Checklist results and coverage', 'War room', 'Emergency releases', 'Interviews', 'Findings', 'Remediation plan', 'Sign-off', 'Appendix: evidence cited']) {
      expect(bookmarks, section).toContain(section);
    }
    for (const nested of [markers.release, `War room: ${markers.release}`, `Emergency: ${markers.emergency}`, `Items for ${markers.emergency}`]) expect(bookmarks, nested).toContain(nested);
    const findings = bookmarks.filter((b) => /^F-\d\d /.test(b));
    expect(findings).toHaveLength(3);
    expect(findings[0]).toBe(`F-01 ${secrets.finding}`);
    // Each finding's id is the same in the findings section, the remediation plan and the CAB's decisions.
    for (const b of findings) expect(text.split(b).length - 1, b).toBeGreaterThanOrEqual(3);
    const external = edition('full external').outline;
    expect(external).toContain('F-01 (critical, withheld)');
    expect(external.filter((b) => /^F-\d\d /.test(b)).slice(1)).toEqual(findings.slice(1));
    // The summary has bookmarks too, for its sections and its key findings.
    expect(edition('summary internal').outline).toEqual(expect.arrayContaining(['Overall conclusion', 'Key findings', 'What the CAB must decide', findings[0], findings[1]]));
  });

  it('gives coverage honestly: items of the pinned version with no result are NOT ASSESSED, and every failed item names its finding or none', () => {
    const { text } = edition('full internal');
    // 70 items for each of two releases: 5 results recorded.
    expect(text).toContain('1 passed, 2 failed, 1 not applicable, 1 not tested and 135 NOT ASSESSED (no result recorded), of 140 item checks.');
    expect(text).toContain('Coverage by framework');
    for (const framework of ['ITIL 4', 'COBIT 2019', 'ISO/IEC 20000-1', 'SOX']) expect(text, framework).toContain(framework);
    const start = text.indexOf('Failed items');
    const failed = text.slice(start, text.indexOf(`Items for ${markers.release}`, start));
    expect(failed).toMatch(/RA-RFC-01 .*F-0\d/);
    expect(failed).toContain('no finding raised');
    expect(text).toContain(markers.resultNote);
  });

  it('shows every release time in the release zone, and the others in the computer zone, each named', () => {
    const { text } = edition('full internal');
    const times = [...text.matchAll(/\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d ([A-Za-z_]+\/[A-Za-z_]+|\S+)/g)].map((m) => m[1]);
    expect(new Set(times)).toEqual(new Set(['Europe/Berlin', ZONE]));
    expect(text).toContain('Times are in Europe/Berlin.');
    expect(text).toMatch(/LATE: after the window opened/);
    expect(text).toMatch(/MISMATCH: the artifact versions disagree/);
    expect(text).toMatch(/BREACH: halted/);
  });

  it('keeps the executive summary to two pages before its trends, with the conclusion, key numbers, key findings and the CAB decisions', () => {
    for (const name of ['summary internal', 'summary external']) {
      const { text, file } = edition(name);
      // The trends across audit cycles follow the summary proper, which still ends by its second page.
      expect(pagesBefore(readPages(file, { top: 60, bottom: 56 }), 'Trends across audit cycles'), name).toBeLessThanOrEqual(2);
      for (const part of ['Overall conclusion', markers.conclusion, 'Key numbers', 'Key findings', 'What the CAB must decide', 'NOT ASSESSED']) expect(flat(text), `${name}: ${part}`).toContain(flat(part));
      expect(flat(text), name).not.toContain(flat(markers.deviation));
    }
  });

  it('still signs so that pdfsig validates the report', () => {
    const report = execFileSync('pdfsig', [edition('full external').file], { encoding: 'utf8' });
    expect(report).toContain('Signature Validation: Signature is Valid.');
  });

  it('renders the new sections to images to be looked at', () => {
    for (const name of ['full internal', 'summary external']) {
      const { file, pages } = edition(name);
      const images = renderPages(file, OUT, path.basename(file, '.pdf'));
      expect(images).toHaveLength(pages);
    }
  });
});
