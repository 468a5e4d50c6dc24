import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding } from '../findings/service';
import { ensureDefaultTemplate } from '../templates/service';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { runCli } from '../cli/main';
import { issueReport } from './archive';
import { createSelfSignedIdentity, loadIdentity } from './identity';
import { verifyReport } from './service';

// The attack of issue 10, item 1, across three real data folders: Ada's laptop A issues report R and
// sends a bundle to Bob's laptop B; Mallory's laptop M makes an identity with Ada's display name,
// signs a report of its own and sends a bundle too; B trusts both. R is then changed by an appended
// incremental update and signed again with M's key.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

async function issueWithEvidence(core: ReturnType<typeof testCore>, name: string) {
  const audit = createAudit(core, { name, description: '' });
  const finding = createFinding(core, { auditId: audit.id, title: 'Hotfix without RFC', severity: 'major' });
  await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: `22:01 deploy for ${name}`, sourceSystem: 'Jenkins', sourceFile: 'deploy.log', lineStart: 1, lineEnd: 1,
    url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }],
  });
  const issued = await issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: true });
  return { audit, issued, pdf: fs.readFileSync(core.vault.objectPath(issued.sha256)) };
}

describe('a report holds only with the certificate it was issued with', () => {
  it('refuses Ada’s report changed and signed again by a same-named identity whose other report is trusted', async () => {
    const a = laptop('Ada Auditor');
    const b = laptop('Bob Reviewer');
    const m = testCore({ actor: 'Mallory' });
    ensureDefaultTemplate(m);
    createSelfSignedIdentity(m.layout.root, 'Ada Auditor', 'Auditor', 'Mallory');

    const r = await issueWithEvidence(a, 'Payments Q4');
    await exchange(a, b, r.audit.id);
    const own = await issueWithEvidence(m, 'Mallory’s own audit');
    await exchange(m, b, own.audit.id);
    // B knows both reports, and both signers.
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM reports').get()).toEqual({ n: 2 });
    expect(await verifyReport(r.pdf, b)).toMatchObject({ ok: true });
    expect(await verifyReport(own.pdf, b)).toMatchObject({ ok: true });

    // The change: a byte of R's title flipped, then an incremental update signing it all with M's key.
    const changed = Buffer.from(r.pdf.toString('latin1').replace('Payments Q4', 'Payments Q5'), 'latin1');
    expect(changed.equals(r.pdf)).toBe(false);
    const mallory = loadIdentity(m.layout.root, 'Mallory');
    if (!mallory) throw new Error('no identity for Mallory');
    const withPlaceholder = plainAddPlaceholder({ pdfBuffer: changed, reason: 'x', contactInfo: '', name: 'Ada Auditor', location: 'x', signatureLength: 16384 });
    const forged = await new SignPdf().sign(withPlaceholder, new P12Signer(mallory.p12, { passphrase: mallory.passphrase }));

    const result = await verifyReport(forged, b);
    expect(result).toMatchObject({ valid: true, signer: 'Ada Auditor', ok: false, signerKnown: false });
    expect(result.problems.join('\n')).toMatch(/was issued with certificate .* \(Ada Auditor\), but this copy is signed with certificate .* \(Ada Auditor\): it is not the report that was issued/);

    // The same on B's command line: the two "Ada Auditor" certificates are told apart by fingerprint.
    const file = path.join(tempDir(), 'forged.pdf');
    fs.writeFileSync(file, forged);
    const shown = await cli('--data-dir', b.layout.root, 'verify-report', file);
    expect(shown.code).toBe(1);
    expect(shown.out).toContain('The report does not hold.');
    expect(shown.out).toContain(r.issued.certificateFingerprint.toUpperCase().slice(0, 2));
    expect(shown.out).toContain(`Issued with: Ada Auditor, certificate SHA-256 ${r.issued.certificateFingerprint}`);
    expect(shown.out).toContain(`Certificate SHA-256: ${own.issued.certificateFingerprint}`);
    // Expecting Mallory's fingerprint does not help either: the report id is bound to Ada's.
    expect((await cli('--data-dir', b.layout.root, 'verify-report', file, '--expect-signer', own.issued.certificateFingerprint)).code).toBe(1);
  });

  it('refuses R signed afresh by the other key with no trace of the first signature, and says which certificate the report names', async () => {
    const a = laptop('Ada Auditor');
    const m = testCore({ actor: 'Mallory' });
    createSelfSignedIdentity(m.layout.root, 'Ada Auditor', 'Auditor', 'Mallory');
    const r = await issueWithEvidence(a, 'Payments Q4');
    const mallory = loadIdentity(m.layout.root, 'Mallory');
    if (!mallory) throw new Error('no identity for Mallory');
    // The unsigned layout of R (everything before its signature's incremental update), signed by M.
    const unsigned = r.pdf.subarray(0, r.pdf.indexOf('%%EOF') + 5);
    const placeholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(unsigned), reason: 'x', contactInfo: '', name: 'x', location: 'x', signatureLength: 16384 });
    const resigned = await new SignPdf().sign(placeholder, new P12Signer(mallory.p12, { passphrase: mallory.passphrase }));
    // With no data folder the report itself names Ada's certificate, so even the signature alone tells.
    const alone = await verifyReport(resigned, null, mallory.fingerprint);
    expect(alone.ok).toBe(false);
    expect(alone.problems.join('\n')).toMatch(/names its signer as Ada Auditor, certificate .*, but it is signed with certificate/);
    expect((await verifyReport(resigned, a)).ok).toBe(false);
  });
});
