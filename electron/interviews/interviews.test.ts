import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { linkEvidence, addEvidenceText, evidenceForTarget, evidenceLinksOf } from '../evidence/service';
import { listFindings, raiseFromResult } from '../findings/service';
import { createRelease } from '../releases/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { createInterview, listInterviews, saveInterview } from './service';

function fieldwork() {
  const core = testCore();
  ensureDefaultTemplate(core);
  const audit = createAudit(core, { name: 'Q4', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  const release = createRelease(core, { auditId: audit.id, identifier: 'PAY-1' });
  return { core, audit, release };
}

describe('fieldwork records', () => {
  it('keeps interviews with consent, answers, tribal knowledge, follow-ups and links', async () => {
    const { core, audit, release } = fieldwork();
    const planned = createInterview(core, { auditId: audit.id, interviewee: 'Dana Ops', role: 'SRE', team: 'Platform', releaseId: release.id, scheduledAt: '2026-11-22T09:00:00.000Z' });
    expect(planned.status).toBe('planned');
    const held = saveInterview(core, {
      id: planned.id,
      status: 'held',
      heldAt: '2026-11-22T09:05:00.000Z',
      consent: true,
      questions: [{ text: 'Anything you had to do that was not in the runbook?', answer: 'Restarted the cache by hand.' }],
      tribalKnowledge: [{ text: 'Cache must be restarted after ledger-api deploys' }],
      followUps: [{ text: 'Add cache restart to runbook', owner: 'Dana', done: false }],
      controlIds: ['RA-DEP-01'],
    });
    expect(held).toMatchObject({ status: 'held', consent: true, tribalKnowledge: [{ text: 'Cache must be restarted after ledger-api deploys' }] });
    expect(listInterviews(core, audit.id)).toHaveLength(1);
    expect(() => saveInterview(core, { id: planned.id, controlIds: ['RA-NOPE-99'] })).toThrow(/not a control of the library/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('records results per release and raises a draft finding from a failed item with its evidence', async () => {
    const { core, audit, release } = fieldwork();
    const result = recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No RFC for hotfix 1.4.3' });
    const again = recordResult(core, { auditId: audit.id, releaseId: null, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
    expect(again.id).not.toBe(result.id);
    const evidence = await addEvidenceText(core, {
      auditId: audit.id,
      kind: 'log-excerpt',
      text: '22:01 deploy started without ticket',
      sourceSystem: 'Jenkins',
      sourceFile: 'deploy.log',
      lineStart: 120,
      lineEnd: 121,
      url: '',
      refersTo: '2026-11-20',
      note: '',
      links: [{ targetType: 'checklist-result', targetId: result.id }],
    });
    expect(evidence).toMatchObject({ originalName: 'deploy.log, lines 120–121', captureMethod: 'log-excerpt', mediaType: 'text/plain' });
    const finding = raiseFromResult(core, result.id);
    expect(finding).toMatchObject({ status: 'draft', controlId: 'RA-RFC-01', stage: 'rfc-approval', condition: 'No RFC for hotfix 1.4.3' });
    expect(evidenceForTarget(core, { targetType: 'finding', targetId: finding.id }).map((e) => e.id)).toEqual([evidence.id]);
    expect(listFindings(core, audit.id)).toHaveLength(1);
    expect(linkEvidence(core, evidence.id, { targetType: 'release', targetId: release.id })).toEqual({ linked: true });
    expect(linkEvidence(core, evidence.id, { targetType: 'release', targetId: release.id })).toEqual({ linked: false });
    expect(() => raiseFromResult(core, again.id)).toThrow(/Only a failed checklist item/);
    expect(() => raiseFromResult(core, result.id)).toThrow(/already raised from this item/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('names what a piece of evidence supports, and never links it into another audit', async () => {
    const { core, audit, release } = fieldwork();
    const result = recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'fail', note: '' });
    const evidence = await addEvidenceText(core, {
      auditId: audit.id, kind: 'log-excerpt', text: 'x', sourceSystem: '', sourceFile: 'a.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '',
      links: [{ targetType: 'checklist-result', targetId: result.id }],
    });
    linkEvidence(core, evidence.id, { targetType: 'release', targetId: release.id });
    expect(evidenceLinksOf(core, evidence.id).map((l) => l.label)).toEqual(['RA-RFC-01 on PAY-1', 'release PAY-1']);
    const other = createAudit(core, { name: 'Other', description: '' });
    const foreign = createRelease(core, { auditId: other.id, identifier: 'X-1' });
    expect(() => linkEvidence(core, evidence.id, { targetType: 'release', targetId: foreign.id })).toThrow(/belongs to another audit/);
  });
});
