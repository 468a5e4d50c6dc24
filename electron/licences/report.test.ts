import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { fixture } from '../imports/test-files';
import { generateReport } from '../reports/service';
import { createRelease } from '../releases/service';

// The release's section of the full report lists its SBOM's licence verdicts: the counts, and each
// component not simply allowed with its purl and why (read back from the PDF with pdftotext).

describe("the report's SBOM part", () => {
  it('counts the verdicts and lists the denied, review, unknown and missing components with their purls', async () => {
    const core = testCore({ actor: 'Ada Auditor' });
    const audit = createAudit(core, { name: 'SBOM report', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'ledger-api 5.1.0' });
    createRelease(core, { auditId: audit.id, identifier: 'no-sbom 1.0' });
    await importInto(core, fixture('cyclonedx-1.6.json'), { auditId: audit.id, releaseId: release.id });
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    const file = path.join(tempDir(), 'sbom.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('SBOM components and licences');
    expect(text).toContain('4 components from the SBOM cyclonedx-1.6.json, judged against the audit\'s licence policy: 2 allowed, 0 review, 1 denied, 0 unknown, 1 missing.');
    const part = text.slice(text.indexOf('SBOM components and licences'), text.indexOf('Warnings', text.indexOf('SBOM components and licences')));
    for (const words of ['PyQt5 5.15.9', 'pkg:pypi/pyqt5@5.15.9', 'DENIED GPL-3.0-only is denied by the licence policy (GPL-3.0-only).', 'AES-256-GCM no purl', 'MISSING No licence is declared.']) expect(part).toContain(words);
    // Allowed components are counted, not listed.
    expect(part).not.toContain('pkg:pypi/requests@2.31.0');
    expect(text).toContain('No SBOM was imported for this release.');
  }, 120_000);

  it("tells each imported component's vulnerabilities in the components table from the SBOM, VEX and OSV rows", async () => {
    const core = testCore({ actor: 'Ada Auditor' });
    const audit = createAudit(core, { name: 'SBOM and VEX report', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'ledger-api 5.1.0' });
    await importInto(core, fixture('cyclonedx-1.6.json'), { auditId: audit.id, releaseId: release.id });
    await importInto(core, fixture('cyclonedx-vex-requests.json'), { auditId: audit.id, releaseId: release.id });
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    const file = path.join(tempDir(), 'sbom-vex.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const table = text.slice(text.indexOf('Third-party components'), text.indexOf('Tests', text.indexOf('Third-party components')));
    expect(table).toMatch(/requests 2\.31\.0 Apache-2\.0 1 known, worst medium/);
    expect(table).toMatch(/PyQt5 5\.15\.9 GPL-3\.0-only none in the SBOM, VEX or OSV match/);
    expect(table).not.toContain('unknown');
  }, 120_000);
});
