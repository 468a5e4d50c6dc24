import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareForAudit } from '../../config-compare/service';
import { createAudit } from '../../audits/service';
import { createRelease } from '../../releases/service';
import { sourceRoot } from '../../paths';
import { tempDir, testCore } from '../../../tests/helpers/temp';
import { generateReport } from '../service';

// The report's parity part, read back from the PDF with pdftotext: the differences that matter, side by side, and no secret.

const fixtures = path.join(sourceRoot, 'electron', 'config-compare', 'fixtures');

describe('the report says a release\'s environment parity', () => {
  it('lists the differences not ignored, most important first, with both values and lines', async () => {
    const core = testCore({ actor: 'Ada Auditor' });
    const audit = createAudit(core, { name: 'Parity report', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'REL-16' });
    const file = (name: string) => ({ file: path.join(fixtures, name), name, role: name });
    await compareForAudit(core, { auditId: audit.id, releaseId: release.id }, file('values-staging.yaml'), file('values-production.yaml'));
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    const out = path.join(tempDir(), 'parity.pdf');
    fs.writeFileSync(out, pdf);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Environment parity and drift');
    expect(text).toContain('A is values-staging.yaml, B is values-production.yaml');
    expect(text).toMatch(/ingress\.tls\.enabled false \(line 11\) true \(line 11\) SECURITY/);
    expect(text).toMatch(/image\.tag 2\.14\.0-rc\.3 \(line 5\) 2\.13\.2 \(line 5\) IMAGE/);
    expect(text).not.toContain('replicaCount');
    expect(text).not.toMatch(/password-1|password-9|tok-staging/);
  }, 60_000);
});
