import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding } from '../findings/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { issueReport } from './archive';
import { generateReport, verifyReport } from './service';
import { savePlan } from '../plans/service';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';

// Real PDFs, read back with poppler: pdftotext for the words, pdftoppm for the pages, pdfsig for the signature.

async function auditWithFindings() {
  const core = testCore({ actor: 'Ada Auditor' });
  const audit = createAudit(core, { name: 'Q4 payments releases', description: '' });
  const open = createFinding(core, {
    auditId: audit.id,
    title: 'Hotfix deployed without an RFC',
    severity: 'critical',
    criteria: 'Policy CM-2',
    condition: 'Hotfix 1.4.3 had no RFC',
    cause: 'Emergency path misused',
    effect: 'Unapproved code in payments',
    recommendation: 'Gate deploys on RFC linkage',
    ownerRole: 'Release Manager',
    ownerName: 'A. Rivera',
  });
  const secret = createFinding(core, { auditId: audit.id, title: 'Vendor backdoor suspicion', severity: 'major', confidential: true, condition: 'TOPSECRET-CONDITION-TEXT' });
  const shared = await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: '22:01 deploy hotfix-1.4.3 by jdoe', sourceSystem: 'Jenkins', sourceFile: 'deploy.log', lineStart: 88, lineEnd: 88,
    url: '', refersTo: '2026-11-20', note: '', links: [{ targetType: 'finding', targetId: open.id }],
  });
  const hidden = await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: 'SECRET-EVIDENCE-LINE vendor ssh key', sourceSystem: 'SIEM', sourceFile: 'auth.log', lineStart: 1, lineEnd: 1,
    url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: secret.id }],
  });
  return { core, audit, shared, hidden };
}

function pdfText(pdf: Buffer): string {
  const file = path.join(tempDir(), 'r.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('PDF reports', () => {
  it('carry cover, scope, results, findings with evidence, remediation, sign-off and the evidence appendix, on numbered pages', async () => {
    const { core, audit, shared } = await auditWithFindings();
    const { pdf, reportId } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    const text = pdfText(pdf);
    for (const expected of ['Release audit report', 'Q4 payments releases', 'Scope and methodology', 'Results by severity', 'Findings', 'Hotfix deployed without an RFC', 'Remediation plan', 'Sign-off', 'Appendix: evidence cited', shared.sha256, '22:01 deploy hotfix-1.4.3 by jdoe', 'TOPSECRET-CONDITION-TEXT', 'A. Rivera']) {
      expect(text, expected).toContain(expected);
    }
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Page ${page} of ${pages}`);
    expect(text.split(reportId).length - 1).toBeGreaterThanOrEqual(pages);
    const dir = tempDir();
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'page')]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(pages);
  });

  it('external distribution contains none of the confidential text or evidence, and says so', async () => {
    const { core, audit, hidden } = await auditWithFindings();
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'full', distribution: 'external', sign: false });
    const text = pdfText(pdf);
    expect(text).not.toContain('TOPSECRET-CONDITION-TEXT');
    expect(text).not.toContain('Vendor backdoor suspicion');
    expect(text).not.toContain('SECRET-EVIDENCE-LINE');
    expect(text).not.toContain(hidden.sha256);
    expect(pdf.toString('latin1')).not.toContain('TOPSECRET');
    expect(text).toContain('confidential content withheld');
    expect(text).toContain('A major finding is withheld');
  });

  it('an executive summary keeps to the essentials', async () => {
    const { core, audit } = await auditWithFindings();
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    const text = pdfText(pdf);
    expect(text).toContain('executive summary');
    expect(text).toContain('Key findings');
    expect(text).toContain('[critical] Hotfix deployed without an RFC');
    expect(text).not.toContain('Gate deploys on RFC linkage');
  });

  it('are signed so that pdfsig validates them, and any changed byte breaks verification', async () => {
    const { core, audit, shared } = await auditWithFindings();
    // Issued as the app does it: archived, so the report id is recorded with the certificate it is signed with.
    const issued = await issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: true });
    const pdf = fs.readFileSync(core.vault.objectPath(issued.sha256));
    const file = path.join(tempDir(), 'signed.pdf');
    fs.writeFileSync(file, pdf);
    const pdfsig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig).toContain('Total document signed');
    expect(pdfsig).toContain('Ada Auditor');
    const good = await verifyReport(pdf, core);
    expect(good).toMatchObject({ ok: true, valid: true, signer: 'Ada Auditor' });
    expect(good.evidence).toContainEqual({ id: shared.id, sha256: shared.sha256, status: 'ok' });

    // Any byte, anywhere: in the signed ranges, in the signature itself, or appended.
    for (const offset of [10, Math.floor(pdf.length / 2), pdf.length - 10]) {
      const tampered = Buffer.from(pdf);
      tampered[offset] = (tampered[offset] as number) ^ 0x01;
      expect((await verifyReport(tampered, core)).ok, `byte ${offset}`).toBe(false);
    }
    expect((await verifyReport(Buffer.concat([pdf, Buffer.from('\n%extra')]), core)).ok).toBe(false);

    // A report whose evidence changed in the vault no longer holds either.
    const object = core.vault.objectPath(shared.sha256);
    fs.chmodSync(object, 0o644);
    fs.appendFileSync(object, 'x');
    const changed = await verifyReport(pdf, core);
    expect(changed).toMatchObject({ ok: false, valid: true });
    expect(changed.evidence).toContainEqual({ id: shared.id, sha256: shared.sha256, status: 'changed' });
  });

  it('build in the background with progress, then appear archived with their signature checked', async () => {
    const { core, audit } = await auditWithFindings();
    const handlers = createHandlers(core);
    const started = await dispatch(handlers, 'reports.start', { auditId: audit.id, kind: 'full', distribution: 'internal', sign: true });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value as { jobId: string };
    const stages: string[] = [];
    let job: { state: string; phase: string; result: { reportId: string; signature: string; retainUntil: string } | null };
    for (;;) {
      const answer = await dispatch(handlers, 'jobs.progress', { jobId });
      if (!answer.ok) throw new Error(answer.error.message);
      job = answer.value as typeof job;
      if (stages.at(-1) !== job.phase) stages.push(job.phase);
      if (job.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(job.state).toBe('done');
    expect(stages.at(-1)).toBe('Done');
    expect(job.result).toMatchObject({ signature: 'valid', retainUntil: expect.stringMatching(/^20(3[2-4])-/) });
    const listed = await dispatch(handlers, 'reports.list', { auditId: audit.id });
    expect(listed.ok && (listed.value as Array<{ reportId: string }>).map((r) => r.reportId)).toEqual([job.result?.reportId]);
    const unknown = await dispatch(handlers, 'jobs.progress', { jobId: '01900000-0000-7000-8000-000000000000' });
    expect(unknown.ok).toBe(false);
  });

  it('show the escalation thresholds breached by findings', async () => {
    const { core, audit } = await auditWithFindings();
    savePlan(core, { auditId: audit.id, escalationRules: [{ key: 'crit', metric: 'open-critical-findings', operator: '>=', threshold: 1, note: 'tell the CISO' }] });
    const { pdf } = await generateReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    const text = pdfText(pdf);
    expect(text).toContain('Escalation thresholds');
    expect(text).toMatch(/BREACHED — Critical findings not closed: 1/);
    expect(text).toContain('DRAFT (audit not finalised)');
  });
});
