import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnomalySettings } from '../../../shared/api/logs';
import { laptop } from '../../../tests/helpers/laptops';
import { tempDir } from '../../../tests/helpers/temp';
import { releases } from '../../logs/deploy-log.fixture';
import { detectAnomalies, dismissObservation, raiseObservation } from '../../logs/service';
import { buildReport } from '../build';
import { gatherReportData } from '../data';
import { renderPdf } from '../render';

// The "Log anomalies" part of each release in the full report, read back from the PDF with pdftotext.

const pdftotext = (pdf: Buffer): string => {
  const file = path.join(tempDir(), 'report.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
};

describe("a release's log anomalies in the report", () => {
  it('lists each observation with its log and lines and what was decided, and says so for a release with none', async () => {
    const core = laptop('Ada Auditor');
    const [first, , last] = await releases(core);
    const run = await detectAnomalies(core, { releaseId: last!.id, settings: AnomalySettings.parse({}) });
    const burst = run.observations.find((o) => o.kind === 'error-burst')!;
    const others = run.observations.filter((o) => o.id !== burst.id);
    expect(others.length).toBeGreaterThan(0);
    raiseObservation(core, { id: burst.id, severity: 'major' });
    dismissObservation(core, { id: others[0]!.id, reason: 'Node 13 was drained for maintenance' });
    const options = { reportId: 'RA-TEST', kind: 'full' as const, distribution: 'internal' as const, generatedAt: new Date().toISOString(), generatedBy: 'Ada Auditor', signer: null, images: new Map(), excerpts: new Map(), amendments: [] };
    const text = pdftotext(await renderPdf(buildReport(gatherReportData(core, last!.auditId), options).doc));
    expect(text).toContain('Log anomalies');
    expect(text).toContain(`${run.observations.length} observations: ${run.observations.length - 2} open, 1 raised as finding, 1 dismissed.`);
    expect(text).toContain(`Error burst ${burst.title}`);
    expect(text).toContain(`pay-3.log, lines ${burst.lines[0]}–${burst.lines[1]}`);
    expect(text).toMatch(/Raised as finding F-01 by/);
    expect(text).toContain('Dismissed by Ada Auditor:');
    expect(text).toContain('Node 13 was drained for');
    expect(first!.id).not.toBe(last!.id);
    expect(text).toContain('No log anomaly was recorded for this release.');
  });
});
