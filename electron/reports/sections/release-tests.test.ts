import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../../tests/helpers/temp';
import { createAudit } from '../../audits/service';
import { fixture } from '../../imports/test-files';
import { createRelease } from '../../releases/service';
import { importReal } from '../../rules/facts.fixture';
import { signOffTests } from '../../testing/signoffs';
import { buildReport } from '../build';
import { gatherReportData } from '../data';
import { renderPdf } from '../render';

// The release's tests, scans and version table in the full report, read back from the PDF with pdftotext.

const pdftotext = (pdf: Buffer): string => {
  const file = path.join(tempDir(), 'report.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
};

describe("the release's tests and scans in the report", () => {
  it('prints totals per kind, failing tests, the sign-off, scans by tool and level, suppressions and the version table', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Payments 4.2.0', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.0', sourceTag: 'v4.2.0', manifestVersion: 'payments-4.2.1', timeZone: 'UTC' });
    const empty = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.1', timeZone: 'UTC' });
    const report = await importReal(core, audit.id, release.id, fixture('junit-release-checks.xml'));
    await importReal(core, audit.id, release.id, fixture('sarif-threshold.sarif'));
    signOffTests(core, { importId: report.importId, signedBy: 'Priya Raman', role: 'QA lead', signedAt: '2026-03-14T21:55:00.000Z', decision: 'accepted-with-exceptions', note: 'PAY-402 retried by hand' });
    const options = { reportId: 'RA-TEST', kind: 'full' as const, distribution: 'internal' as const, generatedAt: new Date().toISOString(), generatedBy: 'Ada Auditor', signer: null, images: new Map(), excerpts: new Map(), amendments: [] };
    const text = pdftotext(await renderPdf(buildReport(gatherReportData(core, audit.id), options).doc));
    expect(text).toContain('Tests');
    expect(text).toMatch(/integration 1 4 1 1 1/);
    expect(text).toContain('com.acme.payments.PaymentsApiIT › refundSettlesWithinOneDay');
    expect(text).toContain('expected status 200 but was 500');
    expect(text).toContain('signed off as accepted with exceptions by Priya Raman (QA lead)');
    expect(text).toMatch(/Semgrep OSS 1\.97\.0 4 1 1 0 2 3/);
    expect(text).toContain('NO JUSTIFICATION');
    expect(text).toContain('Throwaway key generated for the');
    expect(text).toContain('Version by source');
    expect(text).toContain('MISMATCH: Versions disagree');
    expect(text).toContain('deployment manifest (typed) payments-4.2.1 says 4.2.1');
    expect(empty.id).not.toBe(release.id);
    expect(text).toContain('No test report was imported for this release.');
    expect(text).toContain('No scan results were imported for this release.');
  });
});
