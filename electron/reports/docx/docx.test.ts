import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../../tests/helpers/temp';
import { setZone } from '../../../tests/helpers/zone';
import { addEvidenceFile, linkEvidence } from '../../evidence/service';
import { createFinding } from '../../findings/service';
import type { Core } from '../../services';
import { issueReport } from '../archive';
import { everyRecordAudit } from '../record-fixture';
import { makeReportDocx } from './export';

// The editable DOCX read back with a second library (mammoth, which reads Word files as Word does their
// styles): its headings are the signed PDF's bookmarks, in the same order, its first page says the PDF
// is the record and names it by its fingerprint, and its tables and images are there.

const require = createRequire(import.meta.url);
const mammoth = require('mammoth') as { convertToHtml(input: { buffer: Buffer }): Promise<{ value: string }> };

const OUT = path.resolve('test-results/docx');
const decode = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The bookmarks of a PDF's outline, nested ones too, in order (as sections.test.ts reads them). */
function outline(file: string): string[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => decode(m[1] ?? ''));
}

const headings = (html: string, levels: string) => [...html.matchAll(new RegExp(`<h([${levels}])>(.*?)</h\\1>`, 'g'))].map((m) => decode(m[2] ?? ''));

let restoreZone: () => void;
let core: Core;
let auditId: string;
let pdfFile: string;
let fingerprint: string;
let pdfSha256: string;
let full: Awaited<ReturnType<typeof makeReportDocx>>;
let summary: Awaited<ReturnType<typeof makeReportDocx>>;
let externalRefusal: unknown;

beforeAll(async () => {
  restoreZone = setZone('America/New_York');
  fs.mkdirSync(OUT, { recursive: true });
  core = testCore({ actor: 'Ada Auditor' });
  const folder = tempDir();
  const fixture = await everyRecordAudit(core, folder);
  auditId = fixture.audit.id;
  // A screenshot cited by a finding, printed as a thumbnail.
  const png = path.join(folder, 'approval-screen.png');
  fs.writeFileSync(png, await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#3366aa' } }).png().toBuffer());
  const screenshot = await addEvidenceFile(core, { auditId, path: png, refersTo: null, sourceSystem: 'ServiceNow', captureMethod: 'file', note: '' });
  linkEvidence(core, screenshot.id, { targetType: 'finding', targetId: createFinding(core, { auditId, title: 'Approval screen shows no approver', severity: 'major' }).id });
  // (Every call is made here: the core is closed after the first test.)
  summary = await makeReportDocx(core, { auditId, kind: 'summary', distribution: 'internal' });
  externalRefusal = await makeReportDocx(core, { auditId, kind: 'full', distribution: 'external' }).catch((error: unknown) => error);
  const issued = await issueReport(core, { auditId, kind: 'full', distribution: 'internal', sign: true });
  pdfFile = path.join(OUT, 'issued-full-internal.pdf');
  fs.copyFileSync(core.vault.objectPath(issued.sha256), pdfFile);
  fingerprint = issued.certificateFingerprint;
  pdfSha256 = issued.sha256;
  full = await makeReportDocx(core, { auditId, kind: 'full', distribution: 'internal' });
}, 240_000);

afterAll(() => restoreZone());

describe('the report as an editable DOCX', () => {
  it('has the signed PDF’s headings, its tables and its images, and says on its first page that the PDF is the record', async () => {
    const made = full;
    fs.writeFileSync(path.join(OUT, made.fileName), made.bytes);
    const { value: html } = await mammoth.convertToHtml({ buffer: made.bytes });
    fs.writeFileSync(path.join(OUT, 'full-internal.html'), html);

    // Word headings 1 and 2 are exactly the PDF's bookmarks (sections, and releases, findings … under them).
    const bookmarks = outline(pdfFile);
    expect(bookmarks.length).toBeGreaterThan(20);
    expect(headings(html, '12')).toEqual(bookmarks);
    // The smaller headings inside sections are printed in the PDF too.
    const words = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const inner = headings(html, '3');
    expect(inner).toEqual(expect.arrayContaining(['Regulatory drivers', 'Change tickets', 'Runbook']));
    for (const h of inner) expect(words).toContain(h);

    // The first page: an editable copy; the signed PDF, by its SHA-256 and certificate fingerprint, is the record.
    const first = decode(html.slice(0, html.indexOf('</p>', html.indexOf('</p>') + 4)));
    expect(first).toContain('This DOCX is an editable copy of the report');
    expect(first).toContain('the signed PDF is');
    expect(first).toContain(pdfSha256);
    expect(fingerprint).toMatch(/[0-9A-F]{2}(:[0-9A-F]{2})+|[0-9a-f]{40,}/i);
    expect(first).toContain(fingerprint);
    expect(made.issued?.certificateFingerprint).toBe(fingerprint);

    // Tables are Word tables with their header rows; the thumbnail is there as a picture.
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThan(10);
    expect(html).toContain('<thead>');
    expect(html).toMatch(/<th><p><strong>Severity<\/strong><\/p><\/th>/);
    expect((html.match(/<img alt="Evidence thumbnail" src="data:image\/jpeg;base64,/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(decode(html)).toContain('approval-screen.png');
    // Numbered and bulleted lists are Word lists.
    expect(html).toMatch(/<ol>/);
  });

  it('names no PDF before one is issued, and an executive summary has the summary’s headings', async () => {
    const made = summary;
    const { value: html } = await mammoth.convertToHtml({ buffer: made.bytes });
    expect(made.issued).toBeNull();
    expect(decode(html)).toContain('No signed PDF of this report has been issued yet');
    expect(headings(html, '1')).toEqual(['Overall conclusion', 'Key numbers', 'Key findings', 'What the CAB must decide', 'Sign-off', 'Appendix: evidence cited', 'Trends across audit cycles']);
  });

  it('refuses an external edition without an approval, as the PDF is refused, and writes nothing', async () => {
    expect(externalRefusal).toBeInstanceOf(Error);
    expect((externalRefusal as Error).message).toMatch(/approv/i);
  });
});
