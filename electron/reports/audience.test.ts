import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, updateFinding } from '../findings/service';
import { createRelease } from '../releases/service';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import type { Core } from '../services';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { issueReport, listReports } from './archive';
import { approveExternalEdition } from './audience';
import { gatherReportData } from './data';
import { buildReport } from './document';
import { checkEdition, editionOf } from './edition';
import { renderPdf } from './render';

// Who may read a report: the external edition waits for a compliance or legal reviewer's approval of
// it as it stands, carries none of the confidential content anywhere in the file (text, metadata,
// outline, attachments), prints the approval, and still signs so that pdfsig validates it.

/** Every planted marker of confidential content: none may reach an external edition. */
const SECRET = ['SECRET-TITLE-Vendor backdoor', 'SECRET-CRITERIA-policy', 'SECRET-CONDITION-ssh key', 'SECRET-CAUSE-vendor', 'SECRET-EFFECT-exfiltration', 'SECRET-RECOMMENDATION-rotate', 'SECRET-OWNER-Mallory', 'SECRET-EVIDENCE-LINE', 'SECRET-auth.log'];

async function auditWithSecrets(core: Core = testCore({ actor: 'Ada Auditor' })) {
  const audit = createAudit(core, { name: 'Q4 payments releases', description: '' });
  createRelease(core, { auditId: audit.id, identifier: 'payments-1.4.3' });
  const open = createFinding(core, { auditId: audit.id, title: 'Hotfix deployed without an RFC', severity: 'critical', condition: 'SHOWN-CONDITION-no RFC' });
  const secret = createFinding(core, {
    auditId: audit.id,
    title: SECRET[0] as string,
    severity: 'major',
    confidential: true,
    criteria: SECRET[1],
    condition: SECRET[2],
    cause: SECRET[3],
    effect: SECRET[4],
    recommendation: SECRET[5],
    ownerName: SECRET[6],
  });
  const shown = await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: '22:01 deploy hotfix-1.4.3 by jdoe', sourceSystem: 'Jenkins', sourceFile: 'deploy.log', lineStart: 88, lineEnd: 88,
    url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: open.id }],
  });
  const hidden = await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: `${SECRET[7]} vendor ssh key`, sourceSystem: 'SIEM', sourceFile: SECRET[8] as string, lineStart: 1, lineEnd: 1,
    url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: secret.id }],
  });
  return { core, audit, open, secret, shown, hidden };
}

function poppler(tool: string, pdf: Buffer, args: string[] = []): string {
  const file = path.join(tempDir(), 'r.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' || tool === 'pdftohtml' ? ['-'] : [])], { encoding: 'utf8' });
}

/** Everything a reader of the file can get at without the app: text, metadata, outline, attachments, raw bytes. */
function everything(pdf: Buffer): Record<string, string> {
  return {
    text: poppler('pdftotext', pdf, ['-layout']),
    metadata: poppler('pdfinfo', pdf, ['-meta']) + poppler('pdfinfo', pdf),
    outline: poppler('pdftohtml', pdf, ['-xml', '-i', '-stdout']),
    attachments: poppler('pdfdetach', pdf, ['-list']),
    bytes: pdf.toString('latin1'),
  };
}

describe('external editions', () => {
  it('are refused until a compliance or legal reviewer approves them, and nothing is written', async () => {
    const { core, audit } = await auditWithSecrets();
    const before = core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number };
    await expect(issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'external', sign: false })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/cannot be issued until a named compliance or legal reviewer has approved it/),
    });
    expect(listReports(core, audit.id)).toEqual([]);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(before);
    // The API says the same, in words; the internal edition needs no approval.
    const handlers = createHandlers(core);
    const refused = await dispatch(handlers, 'reports.generate', { auditId: audit.id, distribution: 'external', sign: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await dispatch(handlers, 'reports.generate', { auditId: audit.id, distribution: 'internal', sign: false })).ok).toBe(true);
  });

  it('carry no confidential marker in their text, metadata, outline or attachments, print the approval, and pdfsig validates them', async () => {
    const { core, audit, hidden } = await auditWithSecrets();
    const handlers = createHandlers(core);
    const approved = await dispatch(handlers, 'reports.approve', { auditId: audit.id, reviewer: 'Cleo Compliance', role: 'compliance', comment: 'Fit for the regulator' });
    expect(approved).toMatchObject({ ok: true, value: { reviewer: 'Cleo Compliance', role: 'compliance', current: true, approvedContent: '1 finding shown, 1 withheld; 1 release; 1 evidence (1 withheld)' } });
    const issued = await issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'external', sign: true });
    const pdf = fs.readFileSync(core.vault.objectPath(issued.sha256));
    const file = everything(pdf);
    for (const [place, content] of Object.entries(file)) {
      for (const marker of [...SECRET, hidden.sha256]) expect(content, `${marker} in the ${place}`).not.toContain(marker);
    }
    expect(file.text).toMatch(/Approved for external distribution by Cleo Compliance \(Compliance\),\s+\d+ \w+ \d{4}, \d\d:\d\d [^:]+: Fit for the\s+regulator/);
    expect(file.text).toContain('SHOWN-CONDITION-no RFC');
    expect(file.attachments).toMatch(/^0 embedded files/);
    expect(poppler('pdfsig', pdf)).toContain('Signature Validation: Signature is Valid.');
    expect(issued).toMatchObject({ distribution: 'external', approval: { reviewer: 'Cleo Compliance', role: 'compliance', comment: 'Fit for the regulator' } });
    // The internal edition of the same audit holds every marker (the markers are real).
    const internal = poppler('pdftotext', fs.readFileSync(core.vault.objectPath((await issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'internal', sign: false })).sha256)), ['-layout']);
    for (const marker of SECRET) expect(internal).toContain(marker);
  });

  it('give every section the filtered data: an outline made from it names the withheld finding only as withheld', async () => {
    const { core, audit, hidden } = await auditWithSecrets();
    const { data, withheld } = editionOf(gatherReportData(core, audit.id), 'external');
    const options = { reportId: 'RA-TEST', kind: 'full' as const, distribution: 'external' as const, generatedAt: new Date().toISOString(), generatedBy: 'Ada Auditor', signer: null, images: new Map(), excerpts: new Map(), amendments: [] };
    const { doc } = buildReport(data, options);
    // As a table of contents would: one bookmark per finding, from the data it is given.
    (doc.content as unknown[]).push(...data.findings.map((f) => ({ text: f.title, outline: true, fontSize: 1 })));
    checkEdition(doc, withheld);
    const outline = poppler('pdftohtml', await renderPdf(doc), ['-xml', '-i', '-stdout']);
    expect(outline).toContain('<outline>');
    expect(outline).toContain('Confidential finding (withheld)');
    expect(outline).toContain('Hotfix deployed without an RFC');
    for (const marker of SECRET) expect(outline).not.toContain(marker);

    // A section that went round the gate, to the audit itself, is caught before anything is issued.
    const leaks = (extra: Record<string, unknown>) => () => checkEdition({ ...doc, ...extra }, withheld);
    expect(leaks({ content: [{ text: 'x', outline: true, outlineText: SECRET[0] }] })).toThrow(/confidential content in its outline/);
    expect(leaks({ info: { title: 'x', keywords: SECRET[3] } })).toThrow(/in its metadata/);
    expect(leaks({ files: { log: { src: `data:text/plain;base64,${Buffer.from('x').toString('base64')}`, name: hidden.originalName } } })).toThrow(/in its attachments/);
    expect(leaks({ content: [{ text: SECRET[2] }] })).toThrow(/in its text/);
  });

  it('scrub withheld findings and evidence wherever a section keeps them, not only in the findings', async () => {
    const { core, audit, secret, hidden, shown } = await auditWithSecrets();
    const raw = gatherReportData(core, audit.id);
    // As a checklist section might hold them: a result citing evidence, and the finding it raised.
    const withSection = { ...raw, checklistItems: [{ key: 'RA-RFC-01', evidence: [hidden, shown], finding: raw.findings.find((f) => f.id === secret.id) }] };
    const { data } = editionOf(withSection, 'external');
    const [item] = (data as typeof withSection).checklistItems;
    expect(item?.evidence.map((e) => e.id)).toEqual([shown.id]);
    expect(item?.finding).toMatchObject({ id: secret.id, title: 'Confidential finding (withheld)', condition: '', evidence: [] });
    for (const marker of SECRET) expect(JSON.stringify(data)).not.toContain(marker);
  });

  it('leave out interviews not marked shareable', () => {
    const data = { findings: [], evidence: [], releases: [], interviews: [{ shareable: false, summary: 'SECRET-INTERVIEW said the vendor has root' }, { shareable: true, summary: 'Shared: the runbook was followed' }] };
    const { data: shown, withheld } = editionOf(data as unknown as Parameters<typeof editionOf>[0], 'external');
    expect((shown as unknown as typeof data).interviews).toEqual([data.interviews[1]]);
    expect(withheld.interviews).toBe(1);
    expect(withheld.texts).toContain('SECRET-INTERVIEW said the vendor has root');
  });

  it('count an approval only for the edition it approved: an edit of what it shows needs a new one, an edit of a withheld finding does not', async () => {
    const { core, audit, open, secret } = await auditWithSecrets();
    approveExternalEdition(core, { auditId: audit.id, reviewer: 'Lee Legal', role: 'legal', comment: '' });
    // Issuing moves the audit to reporting; the edition did not change, so the approval still holds.
    await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'external', sign: false });
    updateFinding(core, { id: secret.id, cause: 'SECRET-CAUSE-changed' });
    const second = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'external', sign: false });
    expect(second.approval).toMatchObject({ reviewer: 'Lee Legal', role: 'legal' });
    updateFinding(core, { id: open.id, condition: 'Edited after the approval' });
    await expect(issueReport(core, { auditId: audit.id, kind: 'full', distribution: 'external', sign: false })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/the audit changed after Lee Legal \(Legal\) approved it on \d{4}-\d\d-\d\d \(approved: 1 finding shown, 1 withheld; .*\)\. A compliance or legal reviewer must approve it again/),
    });
    const handlers = createHandlers(core);
    const state = await dispatch(handlers, 'reports.approvals', { auditId: audit.id });
    expect(state).toMatchObject({ ok: true, value: { current: null, approvals: [{ reviewer: 'Lee Legal', current: false }] } });
    for (const input of [{ auditId: audit.id, reviewer: 'Bo', role: 'auditor' }, { auditId: audit.id, reviewer: '', role: 'legal' }, { auditId: audit.id, reviewer: 42, role: 'legal' }, { auditId: 'x', reviewer: 'Bo', role: 'legal' }]) {
      expect(await dispatch(handlers, 'reports.approve', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await dispatch(handlers, 'reports.approve', { auditId: '01900000-0000-7000-8000-000000000000', reviewer: 'Bo', role: 'legal' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
