import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { createTemplate, getVersion, publishTemplate } from '../templates/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { addEvidenceText, linkEvidence } from '../evidence/service';
import { createFinding, discardFinding, updateFinding } from '../findings/service';
import { createRelease, saveRunbook, updateRelease } from '../releases/service';
import { getPlan, savePlan } from '../plans/service';
import { addEntry } from '../warroom/service';
import { addInterviewNote, createInterview, listInterviewNotes, saveInterview } from '../interviews/service';
import { verifyAll } from '../system/verify';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { exportBundle } from './export';
import { importBundle } from './import';
import { listConflicts, resolveConflict, syncStatus } from './service';
import { revokeKey } from './trust';
import { conclude } from '../../tests/helpers/conclude';

const tables = ['audits', 'audit_plans', 'findings', 'releases', 'runbook_steps', 'warroom_entries', 'interviews', 'interview_notes', 'conflict_resolutions'];
/** The fields of a record that keep a clock of their own (one no edit has written since the insert has none). */
const clockRows = (core: ReturnType<typeof laptop>, entity: string, id: string) =>
  core.sqlite.prepare('SELECT field, hlc FROM field_clocks WHERE entity = ? AND entity_id = ? ORDER BY field').all(entity, id) as Array<{ field: string; hlc: string }>;
const counts = (core: ReturnType<typeof laptop>) => core.sqlite.prepare('SELECT (SELECT count(*) FROM ledger) AS ledger, (SELECT count(*) FROM findings) AS findings').get();

async function twoLaptopsSharing() {
  const a = laptop('Alice');
  const b = laptop('Bob');
  const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
  conclude(a, audit.id);
  const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested', condition: 'No rehearsal' });
  await exchange(a, b, audit.id);
  return { a, b, audit, finding };
}

describe('merging bundles', () => {
  it('keeps both values of a field edited on two laptops, picks the same winner on both, and lets a person swap', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    updateFinding(a, { id: finding.id, title: 'Backout plan never rehearsed' });
    updateFinding(b, { id: finding.id, title: 'Backout not tested before go-live', condition: 'Rehearsal skipped' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    // Bob edited last, so his title wins everywhere; Alice's title is kept as a conflict, Bob's condition merges cleanly.
    const merged = a.sqlite.prepare('SELECT title, condition FROM findings WHERE id = ?').get(finding.id);
    expect(merged).toEqual({ title: 'Backout not tested before go-live', condition: 'Rehearsal skipped' });
    const onA = listConflicts(a, audit.id);
    expect(onA).toHaveLength(1);
    expect(onA[0]).toMatchObject({ kind: 'concurrent', field: 'title', current: { value: 'Backout not tested before go-live', actor: 'Bob' }, other: { value: 'Backout plan never rehearsed', actor: 'Alice' }, canSwap: true });
    expect(listConflicts(b, audit.id).map((c) => c.id)).toEqual(onA.map((c) => c.id));
    // Two titles are not lists: they cannot both be kept.
    expect(onA[0]!.canCombine).toBe(false);
    expect(() => resolveConflict(a, { id: onA[0]!.id, decision: 'combine' })).toThrow(/Only two lists/);

    resolveConflict(a, { id: onA[0]!.id, decision: 'swap' });
    expect(a.sqlite.prepare('SELECT title FROM findings WHERE id = ?').get(finding.id)).toEqual({ title: 'Backout plan never rehearsed' });
    expect(listConflicts(a, audit.id)).toEqual([]);
    await exchange(a, b, audit.id, { forPeer: true });
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    expect(listConflicts(b, audit.id)).toEqual([]);
    expect((await verifyAll(a)).problems).toEqual([]);
    expect((await verifyAll(b)).problems).toEqual([]);
  });

  it('still finds a conflict when one field is edited on two laptops after creation, on both laptops', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    // Alice made the finding, Bob received it: neither keeps a clock row for a field only its insert wrote.
    expect(clockRows(a, 'findings', finding.id)).toEqual([]);
    expect(clockRows(b, 'findings', finding.id)).toEqual([]);
    updateFinding(a, { id: finding.id, cause: 'The plan was skipped to meet the date.' });
    updateFinding(b, { id: finding.id, cause: 'Nobody owned the backout plan.' });
    // An edit on one laptop only is no conflict: it names the clock it overwrote.
    updateFinding(b, { id: finding.id, effect: 'A failed release could not be undone.' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    const onA = listConflicts(a, audit.id);
    expect(onA.map((c) => [c.kind, c.field])).toEqual([['concurrent', 'cause']]);
    expect(onA[0]).toMatchObject({ current: { value: 'Nobody owned the backout plan.', actor: 'Bob' }, other: { value: 'The plan was skipped to meet the date.', actor: 'Alice' } });
    expect(listConflicts(b, audit.id).map((c) => c.id)).toEqual(onA.map((c) => c.id));
    // After the merge each laptop keeps clocks for the edited fields only.
    for (const core of [a, b]) expect(clockRows(core, 'findings', finding.id).map((r) => r.field)).toEqual(['cause', 'effect', 'updatedAt']);
    expect((await verifyAll(a)).problems).toEqual([]);
    expect((await verifyAll(b)).problems).toEqual([]);
  });

  it('merges append-only war-room entries and interview notes from both laptops without conflicts', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    const release = createRelease(a, { auditId: audit.id, identifier: 'PAY-4.2' });
    const interview = createInterview(a, { auditId: audit.id, interviewee: 'Dana Ops' });
    const shared = addInterviewNote(a, { interviewId: interview.id, text: 'Cache restarted by hand' });
    await exchange(a, b, audit.id, { forPeer: true });
    addEntry(a, { releaseId: release.id, kind: 'note', body: { text: 'Deploy started' } });
    addEntry(b, { releaseId: release.id, kind: 'note', body: { text: 'DB migration slow' } });
    // Both interviewers take notes in the same interview, and both correct the same earlier note.
    addInterviewNote(a, { interviewId: interview.id, text: 'Alice: no ticket for the restart' });
    addInterviewNote(b, { interviewId: interview.id, text: 'Bob: restart is tribal knowledge' });
    addInterviewNote(a, { interviewId: interview.id, text: 'Restart was at 22:15', correctsId: shared.id });
    addInterviewNote(b, { interviewId: interview.id, text: 'Restart was done twice', correctsId: shared.id });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    expect((a.sqlite.prepare('SELECT count(*) AS n FROM warroom_entries').get() as { n: number }).n).toBe(2);
    const notes = listInterviewNotes(b, interview.id);
    expect(notes.map((n) => n.text).sort()).toEqual(['Alice: no ticket for the restart', 'Bob: restart is tribal knowledge', 'Cache restarted by hand', 'Restart was at 22:15', 'Restart was done twice']);
    expect(listInterviewNotes(a, interview.id)).toEqual(notes);
    expect(notes.filter((n) => n.correctsId === shared.id).map((n) => n.author).sort()).toEqual(['Alice', 'Bob']);
    expect(listConflicts(a)).toEqual([]);
    expect(listConflicts(b)).toEqual([]);
    for (const core of [a, b]) expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('merges two auditors filling in different parts of a new audit\'s plan, with no conflict', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    savePlan(a, { auditId: audit.id, objective: 'Check the payments release train' });
    savePlan(b, { auditId: audit.id, scopeMode: 'high-risk', riskCriteria: 'Card flows', announced: false });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    expect(getPlan(a, audit.id)).toMatchObject({ objective: 'Check the payments release train', scopeMode: 'high-risk', riskCriteria: 'Card flows', announced: false });
    expect(listConflicts(a)).toEqual([]);
    expect(listConflicts(b)).toEqual([]);
  });

  it('keeps both lists when two laptops add to the same list, and both answers to one interview question', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    const interview = createInterview(a, { auditId: audit.id, interviewee: 'Dana Ops', questions: [{ text: 'What broke?', answer: '' }, { text: 'Who decided?', answer: '' }] });
    await exchange(a, b, audit.id, { forPeer: true });
    savePlan(a, { auditId: audit.id, successCriteria: [{ kind: 'rollback-readiness', description: 'Backout rehearsed' }] });
    savePlan(b, { auditId: audit.id, successCriteria: [{ kind: 'compliance-adherence', description: 'SOX evidence kept' }] });
    saveInterview(a, { id: interview.id, questions: [{ text: 'What broke?', answer: 'The cache' }, { text: 'Who decided?', answer: '' }] });
    saveInterview(b, { id: interview.id, questions: [{ text: 'What broke?', answer: '' }, { text: 'Who decided?', answer: 'The CAB chair' }] });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    const listed = listConflicts(a);
    expect(listed.map((c) => [c.entity, c.field, c.canCombine]).sort()).toEqual([
      ['audit_plans', 'successCriteria', true],
      ['interviews', 'questions', true],
    ]);
    for (const conflict of listed) resolveConflict(a, { id: conflict.id, decision: 'combine' });
    expect(getPlan(a, audit.id).successCriteria.map((c) => c.description).sort()).toEqual(['Backout rehearsed', 'SOX evidence kept']);
    const questions = (a.sqlite.prepare('SELECT questions FROM interviews WHERE id = ?').get(interview.id) as { questions: string }).questions;
    expect(JSON.parse(questions)).toEqual([
      { text: 'What broke?', answer: 'The cache' },
      { text: 'Who decided?', answer: 'The CAB chair' },
    ]);
    await exchange(a, b, audit.id, { forPeer: true });
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    expect(listConflicts(b).map((c) => c.resolution?.decision)).toEqual(['combine', 'combine']);
    for (const core of [a, b]) expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('lists an edit of a record deleted on the other laptop instead of losing it', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    const release = createRelease(a, { auditId: audit.id, identifier: 'PAY-4.2' });
    saveRunbook(a, release.id, [{ title: 'Drain traffic', plannedStart: null, plannedEnd: null, owner: 'ops', parameters: {}, contacts: '' }]);
    await exchange(a, b, audit.id, { forPeer: true });
    const step = b.sqlite.prepare('SELECT id FROM runbook_steps').get() as { id: string };
    saveRunbook(a, release.id, []);
    saveRunbook(b, release.id, [{ id: step.id, title: 'Drain traffic at the load balancer', plannedStart: null, plannedEnd: null, owner: 'ops', parameters: {}, contacts: '' }]);
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    expect(a.sqlite.prepare('SELECT count(*) AS n FROM runbook_steps').get()).toEqual({ n: 0 });
    expect(listConflicts(a)).toEqual([expect.objectContaining({ kind: 'deleted', field: 'title', other: expect.objectContaining({ value: 'Drain traffic at the load balancer' }) })]);
  });

  it('holds back an edit made elsewhere after the audit was finalised, and lists it', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    discardFinding(a, finding.id);
    const release = createRelease(a, { auditId: audit.id, identifier: 'PAY-4.2' });
    await exchange(a, b, audit.id, { forPeer: true });
    finaliseAudit(a, audit.id);
    updateRelease(b, { id: release.id, system: 'Payments gateway' });
    createFinding(b, { auditId: audit.id, title: 'Raised after the close' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    expect(b.sqlite.prepare('SELECT system FROM releases').get()).toEqual({ system: '' });
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM findings').get()).toEqual({ n: 0 });
    expect(b.sqlite.prepare('SELECT status FROM audits').get()).toEqual({ status: 'finalised' });
    const conflicts = listConflicts(a);
    expect(conflicts).toHaveLength(2);
    expect(conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'frozen', field: 'system', canSwap: false, other: expect.objectContaining({ value: 'Payments gateway', actor: 'Bob' }) }),
        expect.objectContaining({ kind: 'frozen', entity: 'findings', field: '*' }),
      ]),
    );
    expect((await verifyAll(b)).problems).toEqual([]);
  });

  it('exports one audit only: other audits travel as stubs that keep the chain whole', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    const secret = createAudit(a, { name: 'HR payroll (confidential)', description: '' });
    createFinding(a, { auditId: secret.id, title: 'Payroll data in logs' });
    createFinding(a, { auditId: audit.id, title: 'Second finding' });
    const { result } = await exchange(a, b, audit.id, { forPeer: true });
    expect(result.stubs).toBe(3); // the other audit, its plan and its finding
    expect(b.sqlite.prepare('SELECT name FROM audits ORDER BY name').all()).toEqual([{ name: 'Payments 4.2' }]);
    expect(JSON.stringify(b.sqlite.prepare('SELECT * FROM ledger').all())).not.toMatch(/Payroll/);
    expect((await verifyAll(b)).problems).toEqual([]);
    // Later the other audit is shared too: the stubs fill in.
    await exchange(a, b, secret.id);
    expect(b.sqlite.prepare('SELECT name FROM audits ORDER BY name').all()).toEqual([{ name: 'HR payroll (confidential)' }, { name: 'Payments 4.2' }]);
    expect((await verifyAll(b)).problems).toEqual([]);
  });

  it('sends a peer only what it has not seen, and says how far each peer is', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    await exchange(b, a, audit.id); // now Alice knows what Bob holds
    updateFinding(a, { id: finding.id, cause: 'No time in the window' });
    const out = path.join(tempDir(), 'delta.rabundle');
    const delta = await exportBundle(a, { auditId: audit.id, out, forPeer: 'Bob' });
    expect(delta).toMatchObject({ entries: 1, stubs: 0, forPeer: { actor: 'Bob' }, fromStart: false });
    const status = syncStatus(a);
    expect(status.peers).toEqual([expect.objectContaining({ actor: 'Bob', trust: 'trusted', audits: [expect.objectContaining({ auditId: audit.id, seenOfOurs: status.ownHead - 1, ourHead: status.ownHead, unsent: 1 })] })]);
    await expect(exportBundle(a, { auditId: audit.id, out, forPeer: 'Carol' })).rejects.toThrow(/No laptop known as "Carol"/);
    // Work on another audit is not counted against this one.
    const other = createAudit(a, { name: 'Other audit', description: '' });
    createFinding(a, { auditId: other.id, title: 'Elsewhere' });
    expect(syncStatus(a).peers[0]!.audits[0]!.unsent).toBe(1);
  });

  it('refuses a delta whose earlier bundle is missing, and a revoked key, writing nothing', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    await exchange(b, a, audit.id);
    updateFinding(a, { id: finding.id, cause: 'one' });
    const lost = path.join(tempDir(), 'lost.rabundle');
    await exportBundle(a, { auditId: audit.id, out: lost, forPeer: b.deviceId }); // never arrives
    // Bob never reports back, so Alice's next delta still starts where Bob was: it imports fine.
    updateFinding(a, { id: finding.id, cause: 'two' });
    const { result } = await exchange(a, b, audit.id, { forPeer: true });
    expect(result.newEntries).toBe(2);
    // A delta made for someone further ahead cannot be imported by a laptop that is behind.
    const c = laptop('Carol');
    await exchange(a, c, audit.id);
    updateFinding(a, { id: finding.id, cause: 'three' });
    const forCarol = path.join(tempDir(), 'carol.rabundle');
    await exchange(c, a, audit.id);
    await exportBundle(a, { auditId: audit.id, out: forCarol, forPeer: c.deviceId });
    const fingerprint = syncStatus(b).keys[0]!.fingerprint;
    const fresh = laptop('Dave');
    const before = counts(fresh);
    await expect(importBundle(fresh, forCarol, { trustFingerprint: fingerprint })).rejects.toThrow(/a bundle in between is missing/);
    expect(counts(fresh)).toEqual(before);
    // Revoked: refused, nothing written.
    revokeKey(b, fingerprint);
    const beforeB = counts(b);
    await expect(importBundle(b, forCarol)).rejects.toThrow(/revoked/);
    expect(counts(b)).toEqual(beforeB);
  });

  it('merges the same checklist item recorded on two laptops into one result, and two publications of one template into two versions', async () => {
    const { a, b, audit } = await twoLaptopsSharing();
    pinTemplate(a, audit.id, DEFAULT_TEMPLATE_V1_ID);
    await exchange(a, b, audit.id, { forPeer: true });
    const itemKey = (getVersion(a, DEFAULT_TEMPLATE_V1_ID).content.items[0] as { key: string }).key;
    recordResult(a, { auditId: audit.id, itemKey, result: 'pass', note: 'CAB minutes seen' });
    recordResult(b, { auditId: audit.id, itemKey, result: 'fail', note: '' });
    const template = createTemplate(a, { name: 'Team checklist', description: '', fromLibrary: true });
    await exchange(a, b, audit.id, { forPeer: true });
    publishTemplate(a, { id: template.id, reason: 'Alice publishes' });
    publishTemplate(b, { id: template.id, reason: 'Bob publishes' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    const checklistTables = [...tables, 'checklist_results', 'checklist_templates', 'template_versions'];
    expect(recordsOf(a, checklistTables)).toEqual(recordsOf(b, checklistTables));
    // Bob recorded later, result and note together: his values stand, and Alice's are listed.
    expect(a.sqlite.prepare('SELECT result, note FROM checklist_results').all()).toEqual([{ result: 'fail', note: '' }]);
    expect(listConflicts(a).map((c) => [c.field, c.other.value]).sort()).toEqual([['note', 'CAB minutes seen'], ['result', 'pass']]);
    expect((a.sqlite.prepare('SELECT reason FROM template_versions WHERE template_id = ? ORDER BY reason').all(template.id) as Array<{ reason: string }>).map((r) => r.reason)).toEqual([
      'Alice publishes',
      'Bob publishes',
    ]);
    expect((await verifyAll(a)).problems).toEqual([]);
  });

  it('holds back war-room entries and evidence added elsewhere after the audit was finalised, on both laptops', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    discardFinding(a, finding.id);
    const release = createRelease(a, { auditId: audit.id, identifier: 'PAY-4.2' });
    const interview = createInterview(a, { auditId: audit.id, interviewee: 'Dana Ops' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    addEntry(b, { releaseId: release.id, kind: 'note', body: { text: 'Late note from Bob' } });
    addInterviewNote(b, { interviewId: interview.id, text: 'Late interview note from Bob' });
    await addEvidenceText(b, { auditId: audit.id, kind: 'log-excerpt', text: 'late log\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    finaliseAudit(a, audit.id);
    await exchange(b, a, audit.id, { forPeer: true });
    await exchange(a, b, audit.id, { forPeer: true });
    const all = [...tables, 'evidence', 'custody_events'];
    expect(recordsOf(a, all)).toEqual(recordsOf(b, all));
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM warroom_entries').get()).toEqual({ n: 0 });
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM interview_notes').get()).toEqual({ n: 0 });
    const held = listConflicts(b).filter((c) => c.kind === 'frozen');
    expect(held.map((c) => c.entity).sort()).toEqual(['evidence', 'interview_notes', 'warroom_entries']);
    expect(JSON.stringify(held)).toContain('Late note from Bob');
    expect(JSON.stringify(held)).toContain('Late interview note from Bob');
    for (const core of [a, b]) expect((await verifyAll(core)).problems).toEqual([]);
    // The freeze still holds for local changes after the merge.
    expect(() => addEntry(b, { releaseId: release.id, kind: 'note', body: { text: 'after' } })).toThrow(/finalised/);
  });

  it('settles an audit finalised on both laptops at once on the earlier finalisation', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    discardFinding(a, finding.id);
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    finaliseAudit(a, audit.id);
    finaliseAudit(b, audit.id);
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    expect(a.sqlite.prepare('SELECT status FROM audits').get()).toEqual({ status: 'finalised' });
    for (const core of [a, b]) expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('lists two opposite decisions on one conflict instead of dropping one', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    updateFinding(a, { id: finding.id, title: 'Alice title' });
    updateFinding(b, { id: finding.id, title: 'Bob title' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    const [conflict] = listConflicts(a);
    resolveConflict(a, { id: conflict!.id, decision: 'keep' });
    resolveConflict(b, { id: conflict!.id, decision: 'swap' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    const decisions = listConflicts(a).filter((c) => c.entity === 'conflict_resolutions');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ record: 'decision on a conflict …' + conflict!.id.slice(-8), field: 'decision', canSwap: false });
    expect([decisions[0]!.current.value, decisions[0]!.other.value].sort()).toEqual(['keep', 'swap']);
  });

  it('refuses new entries of a revoked laptop even when another laptop relays them', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    const c = laptop('Carol');
    await exchange(a, c, audit.id);
    await exchange(b, c, audit.id);
    revokeKey(c, syncStatus(c).peers.find((p) => p.actor === 'Alice')!.fingerprint);
    updateFinding(a, { id: finding.id, title: 'Edited on a laptop revoked by Carol' });
    await exchange(a, b, audit.id, { forPeer: true });
    const before = counts(c);
    await expect(exchange(b, c, audit.id)).rejects.toThrow(/new entries made on Alice's laptop .* revoked here/);
    expect(counts(c)).toEqual(before);
  });

  it('holds back and lists evidence linked on one laptop to a draft finding discarded on the other', async () => {
    const { a, b, audit, finding } = await twoLaptopsSharing();
    const evidence = await addEvidenceText(a, { auditId: audit.id, kind: 'log-excerpt', text: 'log\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    discardFinding(a, finding.id);
    linkEvidence(b, evidence.id, { targetType: 'finding', targetId: finding.id });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    const all = [...tables, 'evidence', 'evidence_links'];
    expect(recordsOf(a, all)).toEqual(recordsOf(b, all));
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM evidence_links').get()).toEqual({ n: 0 });
    expect(listConflicts(b)).toEqual([expect.objectContaining({ kind: 'deleted', entity: 'evidence_links', other: expect.objectContaining({ actor: 'Bob' }) })]);
    for (const core of [a, b]) expect((await verifyAll(core)).problems).toEqual([]);
  });
});
