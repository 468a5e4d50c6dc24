import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Fact, FactOf, ReadTime } from '../../shared/api/imports';
import { loadLibrary } from '../library/library';
import { evaluatePack, type EvalContext, type ReleaseRecord, type StoredFact } from './evaluate';
import { parsePackText } from './pack-file';
import { defaultPackSource } from './packs';

// Each rule of the shipped pack, one by one: facts that trigger it and facts that do not, written
// as the importers read them from real tools' output (times in UTC and in other zones).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pack = parsePackText(defaultPackSource(root), 'default-pack.yaml').content;

const at = (text: string): ReadTime => ({ text, utc: new Date(text).toISOString(), offset: /Z$/.test(text) ? 'Z' : text.slice(-6), zone: 'stated' });
let seq = 0;
const stored = (data: Fact, releaseId: string | null = 'rel-1'): StoredFact => {
  seq += 1;
  return { id: `fact-${seq}`, importId: 'imp-1', evidenceId: 'ev-1', releaseId, data };
};

const run = (over: Partial<FactOf<'run'>> = {}): FactOf<'run'> => ({
  kind: 'run', lines: [1, 412], tool: 'jenkins', name: 'payments-deploy #57', result: 'success',
  startedAt: at('2026-03-14T22:05:11Z'), endedAt: at('2026-03-14T22:41:03Z'), triggeredBy: 'Timer trigger', worker: 'agent-linux-04', ...over,
});
const change = (over: Partial<FactOf<'change'>> = {}): FactOf<'change'> => ({
  kind: 'change', lines: [1, 88], system: 'servicenow', number: 'CHG0030145', type: 'normal', state: 'Scheduled', risk: 'Moderate',
  summary: 'Payments API 4.2.0 to production', plannedStart: at('2026-03-14T22:00:00Z'), plannedEnd: at('2026-03-15T01:00:00Z'),
  backoutPlan: true, testPlan: true, justification: null, configurationItems: ['payments-api'], links: [], createdAt: at('2026-03-09T10:12:00Z'), ...over,
});
const approval = (over: Partial<FactOf<'approval'>> = {}): FactOf<'approval'> => ({
  kind: 'approval', lines: [90, 104], ticket: 'CHG0030145', approver: 'Dana Whitfield', state: 'approved', at: at('2026-03-13T16:40:00Z'), ...over,
});
const release = (over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  id: 'rel-1', identifier: 'payments-4.2.0', windowStart: '2026-03-14T22:00:00.000Z', windowEnd: '2026-03-15T01:00:00.000Z', emergency: false,
  emergencyJustification: '', postFactoApprovedAt: null, postFactoApprovedBy: '', tickets: [{ reference: 'CHG0030145', approvalStatus: 'approved', approvedBy: 'Dana Whitfield', approvedAt: null }],
  runbook: { steps: 0, finished: 0 }, nodes: [], haltChecks: [], ...over,
});

function fired(ruleId: string, facts: Fact[], context: Partial<EvalContext> = {}) {
  const all = facts.map((f) => stored(f));
  return evaluatePack(pack, all, { release: release(), ...context }).filter((m) => m.ruleId === ruleId);
}

describe('the shipped rule pack', () => {
  it('has its rules, each mapped to a control of the library', () => {
    expect(pack.rules.map((r) => `${r.id} ${r.control} ${r.severity}`)).toEqual([
      'DEP-BEFORE-APPROVAL RA-RFC-04 critical',
      'DEP-OUTSIDE-WINDOW RA-DEP-04 major',
      'EMG-NO-JUSTIFICATION RA-EMG-01 major',
      'EMG-LATE-APPROVAL RA-EMG-03 major',
      'COMMIT-NO-TICKET RA-RFC-01 minor',
      'COMMIT-TICKET-NOT-DONE RA-DEP-09 major',
      'RUN-FAILED RA-DEP-08 major',
      'RUN-MANUAL-RERUN RA-DEP-02 critical',
      'HOST-FAILED-MARKED-DONE RA-PST-09 critical',
      'ANALYSIS-BREACH-CONTINUED RA-DEP-01 critical',
      'SCAN-ABOVE-THRESHOLD RA-BLD-02 major',
      'SCAN-SUPPRESSED-UNJUSTIFIED RA-BLD-02 minor',
      'TEST-FAILED-DEPLOYED RA-PRE-02 major',
      'NO-SMOKE-AFTER-DEPLOYMENT RA-PST-01 major',
      'VERSIONS-DISAGREE RA-BLD-05 major',
      'VULN-UNDECIDED RA-DOC-08 major',
      'VULN-EXPLOITABLE-NO-FIX RA-BLD-07 critical',
      'CFG-PARITY-SECURITY RA-PRE-03 major',
      'CFG-PARITY-BUILD RA-PRE-03 major',
      'CFG-PARITY-SETTING RA-PRE-03 minor',
      'CFG-PARITY-OTHER RA-PRE-03 informational',
      'DRIFT-CHANGED-IN-WINDOW RA-DEP-05 critical',
      'DRIFT-AFTER-WINDOW RA-DEP-03 major',
      'LICENCE-DENIED RA-DOC-07 major',
      'LICENCE-UNKNOWN RA-DOC-07 minor',
      'LICENCE-MISSING RA-DOC-07 minor',
      'EMG-SHARE RA-EMG-07 major',
    ]);
    const library = loadLibrary(root);
    for (const rule of pack.rules) expect(library.controlsById.has(rule.control), rule.id).toBe(true);
  });

  it('DEP-BEFORE-APPROVAL: a run that started before the change was approved, proved by both lines', () => {
    const matches = fired('DEP-BEFORE-APPROVAL', [change(), approval({ at: at('2026-03-15T00:10:00+01:00') }), run()]);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.condition).toBe('The jenkins run payments-deploy #57 started at 2026-03-14T22:05:11.000Z but change CHG0030145 was approved at 2026-03-14T23:10:00.000Z by Dana Whitfield.');
    expect(matches[0]?.proof.map((p) => [p.kind, p.lines])).toEqual([['run', [1, 412]], ['approval', [90, 104]], ['change', [1, 88]]]);
    expect(matches[0]).toMatchObject({ severity: 'critical', controlId: 'RA-RFC-04' });
    // Approved the day before: nothing to draft.
    expect(fired('DEP-BEFORE-APPROVAL', [change(), approval(), run()])).toEqual([]);
  });

  it('DEP-BEFORE-APPROVAL: a change with no approval at all, and the release ticket approved in time instead', () => {
    expect(fired('DEP-BEFORE-APPROVAL', [change(), run()], { release: release({ tickets: [{ reference: 'CHG0030145', approvalStatus: 'pending', approvedBy: '', approvedAt: null }] }) })).toHaveLength(1);
    const inTime = release({ tickets: [{ reference: 'CHG0030145', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: '2026-03-12T09:00:00.000Z' }] });
    expect(fired('DEP-BEFORE-APPROVAL', [change(), run()], { release: inTime })).toEqual([]);
  });

  it('DEP-OUTSIDE-WINDOW: a run that started after the window closed (written in +02:00), and one inside it', () => {
    const late = fired('DEP-OUTSIDE-WINDOW', [change(), approval(), run({ startedAt: at('2026-03-15T03:30:00+02:00') })]);
    expect(late).toHaveLength(1);
    expect(late[0]?.condition).toContain('started at 2026-03-15T01:30:00.000Z, outside the planned window 2026-03-14T22:00:00.000Z – 2026-03-15T01:00:00.000Z (from the release record)');
    expect(fired('DEP-OUTSIDE-WINDOW', [change(), approval(), run()])).toEqual([]);
    // With no window on the release, the change record's planned window counts.
    const early = fired('DEP-OUTSIDE-WINDOW', [change(), run({ startedAt: at('2026-03-14T21:10:00Z') })], { release: release({ windowStart: null, windowEnd: null }) });
    expect(early[0]?.condition).toContain('(from change CHG0030145)');
  });

  it('EMG-NO-JUSTIFICATION: an emergency change with no justification anywhere, and one justified on its change record', () => {
    const emergency = change({ type: 'emergency', justification: false, number: 'CHG0030199' });
    const matches = fired('EMG-NO-JUSTIFICATION', [emergency, run()], { release: release({ tickets: [{ reference: 'CHG0030199', approvalStatus: 'approved', approvedBy: 'ECAB', approvedAt: '2026-03-14T21:00:00.000Z' }] }) });
    expect(matches).toHaveLength(1);
    expect(matches[0]?.proof.map((p) => p.kind)).toEqual(['change', 'run']);
    expect(fired('EMG-NO-JUSTIFICATION', [change({ type: 'emergency', justification: true }), run()])).toEqual([]);
    expect(fired('EMG-NO-JUSTIFICATION', [run()], { release: release({ emergency: true, emergencyJustification: 'Card payments failing since 21:40 (INC0041877).' }) })).toEqual([]);
  });

  it('EMG-LATE-APPROVAL: approved 30 hours after the deployment against 24 allowed, and within 6 hours', () => {
    const late = release({ emergency: true, emergencyJustification: 'Outage INC0041877', postFactoApprovedAt: '2026-03-16T04:05:11.000Z' });
    const matches = fired('EMG-LATE-APPROVAL', [run()], { release: late });
    expect(matches).toHaveLength(1);
    expect(matches[0]?.criteria).toContain('within 24 hours');
    const inTime = release({ emergency: true, emergencyJustification: 'Outage INC0041877', postFactoApprovedAt: '2026-03-15T04:00:00.000Z' });
    expect(fired('EMG-LATE-APPROVAL', [run()], { release: inTime })).toEqual([]);
  });

  it('COMMIT-NO-TICKET: a commit whose message names no ticket, and one that does', () => {
    const commit = (subject: string, tickets: string[]): FactOf<'commit'> => ({
      kind: 'commit', lines: [12, 18], hash: 'a3f9c2e', parents: ['77b01d4'], author: 'Priya Raman <priya@example.com>', authoredAt: at('2026-03-12T17:02:44+05:30'),
      committer: null, committedAt: at('2026-03-12T17:02:44+05:30'), subject, tickets, refs: [],
    });
    const matches = fired('COMMIT-NO-TICKET', [commit('Tune connection pool for peak hours', [])]);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.condition).toContain('names no ticket matching [A-Z][A-Z0-9]+-\\d+');
    expect(fired('COMMIT-NO-TICKET', [commit('PAY-1182 tune connection pool', ['PAY-1182'])])).toEqual([]);
    // The pack's own patterns find tickets the importer's did not.
    expect(fired('COMMIT-NO-TICKET', [commit('Fix PAY-1183: retry on 502', [])])).toEqual([]);
  });

  it('COMMIT-TICKET-NOT-DONE: a ticket still In Progress by its last transition, and one Done', () => {
    const commit: FactOf<'commit'> = {
      kind: 'commit', lines: [30, 36], hash: 'c0ffee1', parents: [], author: 'Marek Novak', authoredAt: at('2026-03-11T09:15:00+01:00'), committer: null,
      committedAt: at('2026-03-11T09:15:00+01:00'), subject: 'PAY-1190 add idempotency keys', tickets: ['PAY-1190'], refs: [],
    };
    const jira = change({ system: 'jira', number: 'PAY-1190', type: 'Story', state: 'To Do', lines: [1, 140] });
    const move = (to: string, when: string): FactOf<'transition'> => ({ kind: 'transition', lines: [120, 128], ticket: 'PAY-1190', field: 'status', from: 'To Do', to, by: 'Marek Novak', at: at(when) });
    const open = fired('COMMIT-TICKET-NOT-DONE', [commit, jira, move('In Progress', '2026-03-10T08:00:00Z')]);
    expect(open).toHaveLength(1);
    expect(open[0]?.condition).toContain('whose state is In Progress');
    expect(open[0]?.proof.map((p) => p.kind)).toEqual(['commit', 'change']);
    expect(fired('COMMIT-TICKET-NOT-DONE', [commit, jira, move('In Progress', '2026-03-10T08:00:00Z'), move('Done', '2026-03-12T08:00:00Z')])).toEqual([]);
    // A ticket no record mentions cannot be judged here.
    expect(fired('COMMIT-TICKET-NOT-DONE', [commit])).toEqual([]);
  });

  it('RUN-FAILED: an aborted run, and a successful one', () => {
    expect(fired('RUN-FAILED', [run({ result: 'aborted' })])[0]?.title).toBe('Pipeline run ended as aborted: jenkins run payments-deploy #57');
    expect(fired('RUN-FAILED', [run({ result: 'failure' })])).toHaveLength(1);
    expect(fired('RUN-FAILED', [run()])).toEqual([]);
    expect(fired('RUN-FAILED', [run({ result: 'unstable' })])).toEqual([]);
    // ANSI colours and a text-direction override read from a log never reach the drafted text.
    const noisy = fired('RUN-FAILED', [run({ result: 'failure', triggeredBy: '\u001b[1;34mBranch indexing\u001b[0m \u202eevil' })]);
    expect(noisy[0]?.condition).toContain('triggered by [1;34mBranch indexing[0m evil)');
  });

  it('RUN-MANUAL-RERUN: a replay by someone outside the allowed roles during the deployment, and by a release manager', () => {
    const first = run({ result: 'failure', endedAt: at('2026-03-14T22:30:00Z') });
    const replay = run({ name: 'payments-deploy #58', startedAt: at('2026-03-14T22:34:00Z'), endedAt: at('2026-03-14T22:58:00Z'), triggeredBy: 'user Tom Baker; Replayed #57', lines: [1, 380] });
    const matches = fired('RUN-MANUAL-RERUN', [first, replay]);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.title).toBe('Pipeline re-run by hand during the deployment by Tom Baker');
    const allowed = { ...pack, parameters: { ...pack.parameters, roles: { 'release-manager': ['tom baker'] } } };
    expect(evaluatePack(allowed, [stored(first), stored(replay)], { release: release() }).filter((m) => m.ruleId === 'RUN-MANUAL-RERUN')).toEqual([]);
    // A run started by hand the next morning, after everything ended and outside the window, is no mid-deployment re-run.
    expect(fired('RUN-MANUAL-RERUN', [first, { ...replay, startedAt: at('2026-03-15T09:00:00Z') }])).toEqual([]);
  });

  it('HOST-FAILED-MARKED-DONE: an unreachable host while the war room closed every step, and a failed host with the deployment still open', () => {
    const host: FactOf<'host-status'> = { kind: 'host-status', lines: [212, 212], host: 'pay-web-03', status: 'unreachable', counts: { ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 0 } };
    const done = release({ runbook: { steps: 4, finished: 4 } });
    const matches = fired('HOST-FAILED-MARKED-DONE', [host], { release: done });
    expect(matches[0]?.condition).toContain('yet every runbook step (4) was marked finished in the war room');
    expect(fired('HOST-FAILED-MARKED-DONE', [host], { release: release({ nodes: [{ node: 'PAY-WEB-03', status: 'succeeded' }] }) })).toHaveLength(1);
    expect(fired('HOST-FAILED-MARKED-DONE', [{ ...host, status: 'failed' }], { release: release({ runbook: { steps: 4, finished: 3 } }) })).toEqual([]);
    expect(fired('HOST-FAILED-MARKED-DONE', [{ ...host, status: 'ok' }], { release: done })).toEqual([]);
  });

  it('ANALYSIS-BREACH-CONTINUED: a failed metric while the rollout stayed Healthy, and one that aborted it', () => {
    const metric: FactOf<'analysis-metric'> = {
      kind: 'analysis-metric', lines: [41, 63], run: 'payments-api-7d9f-2', metric: 'error-rate', phase: 'Failed', successCondition: 'result[0] < 0.01', failureCondition: null,
      failureLimit: 1, failed: 3, measurements: [{ value: '[0.034]', phase: 'Failed', at: at('2026-03-14T22:20:00Z') }], message: null,
    };
    const rollout = (aborted: boolean): FactOf<'rollout'> => ({
      kind: 'rollout', lines: [1, 70], name: 'payments-api', namespace: 'prod', phase: aborted ? 'Degraded' : 'Healthy', aborted, abortedAt: null, message: null,
      image: 'registry.example.com/payments-api:4.2.0', analysisRun: 'payments-api-7d9f-2', analysisStatus: 'Failed',
    });
    const matches = fired('ANALYSIS-BREACH-CONTINUED', [metric, rollout(false)]);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.proof.map((p) => p.kind)).toEqual(['analysis-metric', 'rollout']);
    expect(fired('ANALYSIS-BREACH-CONTINUED', [metric, rollout(true)])).toEqual([]);
    expect(fired('ANALYSIS-BREACH-CONTINUED', [{ ...metric, phase: 'Successful', failed: 0 }, rollout(false)])).toEqual([]);
    // No rollout in the files, but the war room logged a breached halt check and went on.
    expect(fired('ANALYSIS-BREACH-CONTINUED', [metric], { release: release({ haltChecks: [{ decision: 'continue', breached: true }] }) })).toHaveLength(1);
  });
});
