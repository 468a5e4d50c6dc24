import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit, finaliseAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { linkEvidence, addEvidenceText, evidenceForTarget, evidenceLinksOf } from '../evidence/service';
import { listFindings, raiseFromResult } from '../findings/service';
import { createRelease } from '../releases/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { addInterviewNote, createInterview, listInterviewNotes, listInterviews, saveInterview } from './service';
import { conclude } from '../../tests/helpers/conclude';

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
    expect(planned).toMatchObject({ status: 'planned', interviewer: core.actor });
    expect(createInterview(core, { auditId: audit.id, interviewee: 'Eli Dev', interviewer: 'Grace' }).interviewer).toBe('Grace');
    // Through the API too, where a missing interviewer arrives as ''.
    const viaApi = await dispatch(createHandlers(core), 'interviews.create', { auditId: audit.id, interviewee: 'Fay QA' });
    expect(viaApi).toMatchObject({ ok: true, value: { interviewer: core.actor } });
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
    expect(listInterviews(core, audit.id)).toHaveLength(3);
    expect(() => saveInterview(core, { id: planned.id, controlIds: ['RA-NOPE-99'] })).toThrow(/not a control of the library/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('keeps notes as an append-only log with who and when; a correction is a later note; finalising closes it', async () => {
    const { core, audit } = fieldwork();
    const interview = createInterview(core, { auditId: audit.id, interviewee: 'Dana Ops' });
    const other = createInterview(core, { auditId: audit.id, interviewee: 'Eli Dev' });
    const first = addInterviewNote(core, { interviewId: interview.id, text: '  Restarted the cache by hand at 22:10.  ' });
    expect(first).toMatchObject({ interviewId: interview.id, text: 'Restarted the cache by hand at 22:10.', author: core.actor, correctsId: null });
    const correction = addInterviewNote(core, { interviewId: interview.id, text: 'It was 22:15, per the pager.', correctsId: first.id });
    expect(listInterviewNotes(core, interview.id).map((n) => [n.text, n.correctsId])).toEqual([
      ['Restarted the cache by hand at 22:10.', null],
      ['It was 22:15, per the pager.', first.id],
    ]);
    expect(listInterviewNotes(core, other.id)).toEqual([]);
    expect(() => addInterviewNote(core, { interviewId: other.id, text: 'x', correctsId: correction.id })).toThrow(/not part of this interview/);
    expect(() => addInterviewNote(core, { interviewId: interview.id, text: '   ' })).toThrow(/needs some text/);

    const handlers = createHandlers(core);
    // The note log is the only way in: the old single notes field is no longer writable.
    const save = await dispatch(handlers, 'interviews.save', { id: interview.id, notes: 'overwrite' });
    expect(save.ok).toBe(false);
    const wrongType = await dispatch(handlers, 'interviews.addNote', { interviewId: interview.id, text: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/Note must be text/) } });
    const missing = await dispatch(handlers, 'interviews.addNote', { interviewId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', text: 'x' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const raw = new Database(core.layout.databaseFile);
    expect(() => raw.prepare("UPDATE interview_notes SET text = 'rewritten'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM interview_notes').run()).toThrow(/append-only/);
    raw.close();

    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    const late = await dispatch(handlers, 'interviews.addNote', { interviewId: interview.id, text: 'after the fact' });
    expect(late).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringMatching(/finalised/) } });
    expect(listInterviewNotes(core, interview.id)).toHaveLength(2);
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
