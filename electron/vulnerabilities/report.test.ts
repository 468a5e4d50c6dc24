import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FactOf } from '../../shared/api/imports';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { createRelease } from '../releases/service';
import { generateReport } from '../reports/service';
import { storeFacts } from '../rules/facts.fixture';

// The release's part of the full report, read back from the real PDF with pdftotext: counts by
// severity and VEX state, and the undecided critical and high vulnerabilities by component and purl.

const vuln = (id: string, severity: FactOf<'vulnerability'>['severity'], purl: string, score: number | null): FactOf<'vulnerability'> => ({
  kind: 'vulnerability', lines: [1, 1], id, aliases: [], source: 'osv', severity, score, vector: null,
  affects: [{ ref: null, purl, name: purl.split('/')[1]?.split('@')[0] ?? null, version: purl.split('@')[1] ?? null }], fixedIn: severity === 'critical' ? ['1.2.6'] : [], summary: null, published: null,
});

describe('the vulnerabilities of a release in the report', () => {
  it('counts them and lists the undecided critical and high ones', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'shop-2.4.0' });
    const statement: FactOf<'vex-statement'> = {
      kind: 'vex-statement', lines: [2, 2], format: 'openvex', vulnerability: 'CVE-2024-0003', aliases: [], products: ['pkg:npm/qs@6.5.2'], state: 'not_affected',
      justification: 'vulnerable_code_not_present', response: [], detail: null, at: null, author: null,
    };
    await storeFacts(core, {
      auditId: audit.id, releaseId: release.id, fileName: 'facts.json', content: 'facts', kind: 'sarif',
      facts: [vuln('GHSA-xvch-5gv4-984h', 'critical', 'pkg:npm/minimist@1.2.5', 9.8), vuln('CVE-2024-0002', 'medium', 'pkg:npm/debug@2.6.8', 5.3), vuln('CVE-2024-0003', 'high', 'pkg:npm/qs@6.5.2', 7.5), statement],
    });
    const file = path.join(tempDir(), 'report.pdf');
    fs.writeFileSync(file, (await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false })).pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Known vulnerabilities');
    expect(text).toContain('critical: 1, high: 1, medium: 1');
    expect(text).toMatch(/no VEX decision: 2, not_affected: 1/);
    expect(text).toContain('1 critical or high vulnerability has NO VEX decision:');
    expect(text).toContain('GHSA-xvch-5gv4-984h');
    expect(text).toContain('pkg:npm/minimist@1.2.5');
    expect(text).toContain('9.8');
  });
});
