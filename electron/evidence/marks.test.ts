import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { issueReport } from '../reports/archive';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { addEvidenceText, listEvidence } from './service';

// Evidence marked confidential stays out of external editions of the report wherever it is cited
// (here: by a finding that is shown), and the mark is a log in the ledger: the latest mark counts.

const MARKER = 'MARKED-CONFIDENTIAL-payroll-extract';

function pdftotext(pdf: Buffer): string {
  const file = path.join(tempDir(), 'r.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function auditWithEvidence() {
  const core = testCore({ actor: 'Ada Auditor' });
  const handlers = createHandlers(core);
  const audit = createAudit(core, { name: 'Payroll releases', description: '' });
  const finding = createFinding(core, { auditId: audit.id, title: 'Payroll job ran with production data in test', severity: 'major' });
  const evidence = await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: `${MARKER} 4,211 rows`, sourceSystem: 'Jenkins', sourceFile: `${MARKER}.log`, lineStart: 1, lineEnd: 1,
    url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }],
  });
  return { core, handlers, audit, finding, evidence };
}

async function externalText(core: ReturnType<typeof testCore>, handlers: ReturnType<typeof createHandlers>, auditId: string): Promise<string> {
  expect(await dispatch(handlers, 'reports.approve', { auditId, reviewer: 'Cleo Compliance', role: 'compliance', comment: 'For the regulator' })).toMatchObject({ ok: true });
  const issued = await issueReport(core, { auditId, kind: 'full', distribution: 'external', sign: false });
  return pdftotext(fs.readFileSync(core.vault.objectPath(issued.sha256)));
}

describe('confidential evidence', () => {
  it('stays out of the external edition even where a shown finding cites it, and comes back when unmarked', async () => {
    const { core, handlers, audit, evidence } = await auditWithEvidence();
    // Unmarked, the external edition cites it (the marker is real).
    expect(await externalText(core, handlers, audit.id)).toContain(MARKER);

    expect(await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: true, reason: 'Holds personal data' })).toEqual({ ok: true, value: { evidenceId: evidence.id, confidential: true } });
    expect(listEvidence(core, audit.id)).toMatchObject([{ id: evidence.id, confidential: true }]);
    // The approval was of the edition as it stood: marking changed what it shows, so it needs a new one.
    expect(await dispatch(handlers, 'reports.approvals', { auditId: audit.id })).toMatchObject({ ok: true, value: { current: null, approvals: [{ current: false }], edition: expect.stringContaining('(1 withheld)') } });
    const external = await externalText(core, handlers, audit.id);
    expect(external).not.toContain(MARKER);
    expect(external).toContain('Payroll job ran with production data in test');
    const internal = await issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false });
    expect(pdftotext(fs.readFileSync(core.vault.objectPath(internal.sha256)))).toContain(MARKER);

    await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: false, reason: 'Data was masked' });
    expect(listEvidence(core, audit.id)).toMatchObject([{ id: evidence.id, confidential: false }]);
    expect(await externalText(core, handlers, audit.id)).toContain(MARKER);
  });

  it('keeps each mark in the ledger, writes nothing when the state does not change, and the database refuses edits', async () => {
    const { core, handlers, evidence } = await auditWithEvidence();
    const marks = () => core.sqlite.prepare('SELECT confidential, reason, marked_by AS markedBy FROM evidence_marks ORDER BY marked_at, id').all();
    await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: true, reason: 'Holds personal data' });
    const entries = (core.sqlite.prepare("SELECT count(*) AS n FROM ledger WHERE entity = 'evidence_marks'").get() as { n: number }).n;
    await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: true, reason: 'again' });
    expect(marks()).toEqual([{ confidential: 1, reason: 'Holds personal data', markedBy: 'Ada Auditor' }]);
    expect(entries).toBe(1);
    await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: false, reason: '' });
    expect(marks()).toHaveLength(2);
    expect(() => core.sqlite.prepare('UPDATE evidence_marks SET confidential = 0').run()).toThrow(/append-only/);
    expect(() => core.sqlite.prepare('DELETE FROM evidence_marks').run()).toThrow(/append-only/);
  });

  it('refuses wrong input and unknown evidence in words', async () => {
    const { handlers, evidence } = await auditWithEvidence();
    expect(await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: 'yes' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/confidential/) } });
    expect(await dispatch(handlers, 'evidence.mark', { evidenceId: evidence.id, confidential: true, reason: 'x'.repeat(2000) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'evidence.mark', { evidenceId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d', confidential: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no evidence with the id 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d.' },
    });
  });
});
