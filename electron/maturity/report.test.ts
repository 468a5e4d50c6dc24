import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { savePlan } from '../plans/service';
import { generateReport } from '../reports/service';
import { judgeCriterion } from './assessment';
import { listModels } from './service';

// The report's Maturity section, read back from the real PDF with pdftotext: the level per practice,
// the gap to the next level with the auditor's note, and the levels of the earlier cycle.

const words = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the Maturity section of the report', () => {
  it('prints the levels, the gaps and the history up to this audit', async () => {
    const core = testCore({ actor: 'Ada Auditor' });
    const itil = listModels(core).find((m) => m.key === 'itil4')!;
    const earlier = createAudit(core, { name: 'Payments H1', description: '' });
    savePlan(core, { auditId: earlier.id, scheduleStart: '2026-01-05' });
    const audit = createAudit(core, { name: 'Payments H2', description: '' });
    savePlan(core, { auditId: audit.id, scheduleStart: '2026-07-06' });
    const later = createAudit(core, { name: 'Payments 2027', description: '' });
    savePlan(core, { auditId: later.id, scheduleStart: '2027-01-04' });
    const judge = (auditId: string, criterionId: string, status: 'met' | 'not-met', note = '', evidenceIds: string[] = []) => judgeCriterion(core, { auditId, modelId: itil.id, criterionId, status, note, evidenceIds });
    judge(earlier.id, 'ce-2-record', 'met');
    const cab = await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'CAB minutes', sourceSystem: 'Jira', sourceFile: 'cab-minutes.txt', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    for (const id of ['ce-2-record', 'ce-2-authorise', 'ce-2-risk']) judge(audit.id, id, 'met');
    judge(audit.id, 'ce-3-schedule', 'not-met', 'No published change schedule for November', [cab.id]);
    judge(later.id, 'ce-2-record', 'met');

    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    const dir = tempDir();
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    const text = words(file);
    const section = text.slice(text.lastIndexOf('Maturity'));
    expect(section).toContain('ITIL 4 practice capability');
    expect(section).toMatch(/Change enablement\s+2 Basic activities\s+3\s+3/);
    expect(section).toMatch(/Release management\s+1 Initial\s+2\s+3/);
    expect(section).toContain('Change enablement: gap to level 3');
    expect(section).toContain('L3 ce-3-schedule, not met: A change schedule is kept');
    expect(section).toContain('Note: No published change schedule for November. Evidence: cab-minutes.txt.');
    expect(section).toContain('Across audit cycles');
    expect(section).toMatch(/Payments H1 \(v1\)\s+2026-01-05\s+1\s+1\s+1/);
    expect(section).toMatch(/Payments H2 \(v1\)\s+2026-07-06\s+2\s+1\s+1/);
    // The history stops at this audit: a later cycle is not in this audit's report.
    expect(section).not.toContain('Payments 2027');
    // The external edition prints the levels and gaps, without the auditor's notes or evidence names.
    const external = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'external', sign: false });
    const externalFile = path.join(dir, 'external.pdf');
    fs.writeFileSync(externalFile, external.pdf);
    const externalText = words(externalFile);
    expect(externalText).toContain('Change enablement: gap to level 3');
    expect(externalText).not.toContain('No published change schedule for November');
    expect(externalText).not.toContain('cab-minutes.txt');
    if (process.env.MATURITY_PAGES) execFileSync('pdftoppm', ['-png', '-r', '70', file, path.join(process.env.MATURITY_PAGES, 'page')]);
  });
});
