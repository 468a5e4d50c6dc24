import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { loadLibrary } from '../library/library';
import { createRelease } from '../releases/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { addEvidenceText } from '../evidence/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { defaultDueDate } from './due-dates';
import { createFinding, listFindings, raiseFromResult, ownerTrends, sameRootCause, transitionFinding, updateFinding } from './service';

function setup() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  return { core, audit };
}

const complete = {
  criteria: 'Every production change has an approved RFC (policy CM-2).',
  condition: 'Hotfix 1.4.3 was deployed without an RFC.',
  cause: 'The emergency path was used outside its policy.',
  effect: 'Unapproved code reached payment processing.',
  recommendation: 'Enforce RFC linkage in the deployment pipeline.',
};

describe('findings', () => {
  it('refuse a bad create or edit in plain words, with nothing written (checks and write share one transaction)', () => {
    const { core, audit } = setup();
    const finding = createFinding(core, { auditId: audit.id, title: 'Approvals late', controlId: 'RA-RFC-01', ...complete });
    const state = () => [
      core.sqlite.prepare('SELECT count(*) AS n, max(seq) AS seq FROM ledger').get(),
      core.sqlite.prepare('SELECT * FROM findings ORDER BY id').all(),
      core.sqlite.prepare('SELECT * FROM field_clocks ORDER BY entity, entity_id, field').all(),
      core.sqlite.prepare("SELECT value FROM meta WHERE key = 'hlc'").get(),
      core.sqlite.inTransaction,
    ];
    const before = JSON.stringify(state());
    expect(() => createFinding(core, { auditId: 'no-such-audit', title: 'x' })).toThrow(/There is no audit with the id no-such-audit/);
    expect(() => createFinding(core, { auditId: audit.id, title: 'x', controlId: 'RA-NOPE-99' })).toThrow(/RA-NOPE-99 is not a control of the library/);
    expect(() => createFinding(core, { auditId: audit.id, title: 'x', dueAt: '2001-01-01' })).toThrow(/before the finding was raised/);
    expect(() => createFinding(core, { auditId: audit.id, title: 'x', severity: 'huge' as never })).toThrow();
    expect(() => updateFinding(core, { id: 'no-such-finding', cause: 'x' })).toThrow(/There is no finding with the id no-such-finding/);
    expect(() => updateFinding(core, { id: finding.id, controlId: 'RA-NOPE-99' })).toThrow(/is not a control of the library/);
    expect(() => updateFinding(core, { id: finding.id, dueAt: '2001-01-01' })).toThrow(/before the finding was raised/);
    expect(JSON.stringify(state())).toBe(before);
    // An edit that changes nothing writes nothing either, and answers the finding as it is.
    expect(updateFinding(core, { id: finding.id, cause: complete.cause })).toEqual(finding);
    expect(JSON.stringify(state())).toBe(before);
  });

  it('default their due date from severity, and from the 72 hours of a bypassed control', () => {
    expect(defaultDueDate('critical', '2026-11-20T10:00:00.000Z')).toBe('2026-11-27');
    expect(defaultDueDate('major', '2026-11-20T10:00:00.000Z')).toBe('2026-12-20');
    expect(defaultDueDate('informational', '2026-11-20T10:00:00.000Z')).toBeNull();
    expect(defaultDueDate('minor', '2026-11-20T10:00:00.000Z', { bypassedControl: true })).toBe('2026-11-22');
  });

  it('cannot leave draft without criteria, condition, cause, effect, recommendation and evidence', async () => {
    const { core, audit } = setup();
    const finding = createFinding(core, { auditId: audit.id, title: 'Unapproved hotfix', severity: 'critical' });
    expect(finding).toMatchObject({ status: 'draft', dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(() => transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' })).toThrow(
      'The finding cannot leave draft without its criteria, condition, cause, effect, recommendation.',
    );
    updateFinding(core, { id: finding.id, ...complete });
    expect(() => transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' })).toThrow(/at least one piece of evidence/);
    await addEvidenceText(core, {
      auditId: audit.id, kind: 'log-excerpt', text: 'deploy hotfix-1.4.3 by jdoe', sourceSystem: 'Jenkins', sourceFile: 'deploy.log',
      lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }],
    });
    expect(transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' }).status).toBe('open');
    expect(() => transitionFinding(core, { id: finding.id, to: 'closed', acceptedBy: '', reason: '' })).toThrow(/cannot become closed; it can become in-remediation or risk-accepted/);
    transitionFinding(core, { id: finding.id, to: 'in-remediation', acceptedBy: '', reason: '' });
    transitionFinding(core, { id: finding.id, to: 'ready-for-verification', acceptedBy: '', reason: '' });
    expect(transitionFinding(core, { id: finding.id, to: 'closed', acceptedBy: '', reason: '' }).status).toBe('closed');
    expect(() => updateFinding(core, { id: finding.id, title: 'rewritten' })).toThrow(/can no longer be edited/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it("raised from a failed item, takes the control's requirement as its criteria, not the test procedure", () => {
    const { core, audit } = setup();
    ensureDefaultTemplate(core);
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1' });
    const failed = recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No RFC' });
    const control = loadLibrary(core.appRoot).controlsById.get('RA-RFC-01')!;
    const finding = raiseFromResult(core, failed.id);
    expect(finding.criteria).toBe(control.objective);
    expect(finding.criteria).not.toContain(control.testProcedure.slice(0, 40));
  });

  it('records who accepted a risk, and why', async () => {
    const { core, audit } = setup();
    const finding = createFinding(core, { auditId: audit.id, title: 'Licence scan missing', severity: 'minor', ...complete });
    await addEvidenceText(core, {
      auditId: audit.id, kind: 'api-response', text: '{"scan":null}', sourceSystem: 'SBOM', sourceFile: '', lineStart: null, lineEnd: null,
      url: 'GET https://sbom.example/r/1', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }],
    });
    transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' });
    expect(() => transitionFinding(core, { id: finding.id, to: 'risk-accepted', acceptedBy: '', reason: '' })).toThrow(
      'To accept the risk, fill in: Owner, Risk accepted by, Why the risk is accepted.',
    );
    // A risk is accepted only with someone who owns it: the finding's Owner is asked for by name.
    expect(() => transitionFinding(core, { id: finding.id, to: 'risk-accepted', acceptedBy: 'CISO', reason: 'Vendor component retired in Q1' })).toThrow(
      'To accept the risk, fill in: Owner.',
    );
    expect(listFindings(core, audit.id)[0]!.status).toBe('open');
    updateFinding(core, { id: finding.id, ownerName: '  ' });
    expect(() => transitionFinding(core, { id: finding.id, to: 'risk-accepted', acceptedBy: 'CISO', reason: 'Retired' })).toThrow(/fill in: Owner\./);
    updateFinding(core, { id: finding.id, ownerName: 'B. Chen' });
    const accepted = transitionFinding(core, { id: finding.id, to: 'risk-accepted', acceptedBy: 'CISO', reason: 'Vendor component retired in Q1' });
    expect(accepted).toMatchObject({ status: 'risk-accepted', acceptedBy: 'CISO', acceptedReason: 'Vendor component retired in Q1' });
    expect(listFindings(core, audit.id)).toHaveLength(1);
  });

  it('detects, links and counts repeat findings across audit cycles, and tracks owners over time', async () => {
    const core = testCore();
    const q3 = createAudit(core, { name: 'Q3', description: '' });
    const earlier = createFinding(core, { auditId: q3.id, title: 'No RFC for hotfix', controlId: 'RA-RFC-01', cause: 'Emergency path used for normal changes', ownerName: 'A. Rivera' });
    await new Promise((r) => setTimeout(r, 5));
    const q4 = createAudit(core, { name: 'Q4', description: '' });
    const again = createFinding(core, { auditId: q4.id, title: 'Hotfix without RFC', controlId: 'RA-RFC-01', cause: 'The emergency path was used for normal changes again', ownerName: 'A. Rivera' });
    const different = createFinding(core, { auditId: q4.id, title: 'Other', controlId: 'RA-RFC-01', cause: 'Ticket system outage' });
    // A draft in the earlier audit is not yet a finding to repeat.
    expect(listFindings(core, q4.id).find((f) => f.id === again.id)?.repeatOf).toBeNull();
    expect(sameRootCause('Backups not tested before release', 'backups were not tested before the release')).toBe(true);
    expect(sameRootCause('missing peer review gate', 'peer review of firewall rules')).toBe(false);
    expect(sameRootCause('Backups not tested', 'Approver on leave')).toBe(false);

    for (const f of [earlier, again]) {
      updateFinding(core, { id: f.id, ...complete, cause: f.id === earlier.id ? 'Emergency path used for normal changes' : 'The emergency path was used for normal changes again' });
      await addEvidenceText(core, { auditId: f.auditId, kind: 'log-excerpt', text: `log ${f.id}`, sourceSystem: '', sourceFile: 'x.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: f.id }] });
      transitionFinding(core, { id: f.id, to: 'open', acceptedBy: '', reason: '' });
    }
    const list = listFindings(core, q4.id);
    expect(list.find((f) => f.id === again.id)).toMatchObject({ repeatOf: { id: earlier.id, auditName: 'Q3' }, repeatCount: 1 });
    expect(list.find((f) => f.id === different.id)).toMatchObject({ repeatOf: null, repeatCount: 0 });
    transitionFinding(core, { id: earlier.id, to: 'in-remediation', acceptedBy: '', reason: '' });
    transitionFinding(core, { id: earlier.id, to: 'ready-for-verification', acceptedBy: '', reason: '' });
    transitionFinding(core, { id: earlier.id, to: 'closed', acceptedBy: '', reason: '' });
    const trends = ownerTrends(core);
    expect(trends).toEqual([
      { owner: 'A. Rivera', audits: [expect.objectContaining({ auditName: 'Q3', closed: 1, open: 0 }), expect.objectContaining({ auditName: 'Q4', open: 1, closed: 0 })] },
    ]);
  });

  it('refuses a due date before the finding was raised', () => {
    const { core, audit } = setup();
    expect(() => createFinding(core, { auditId: audit.id, title: 'x', dueAt: '2001-01-01' })).toThrow(/before the finding was raised/);
    const finding = createFinding(core, { auditId: audit.id, title: 'y' });
    expect(() => updateFinding(core, { id: finding.id, dueAt: '2001-01-01' })).toThrow(/before the finding was raised/);
  });
});
