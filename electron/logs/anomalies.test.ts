import { describe, expect, it } from 'vitest';
import { AnomalySettings } from '../../shared/api/logs';
import { conclude } from '../../tests/helpers/conclude';
import { laptop } from '../../tests/helpers/laptops';
import { createAudit, finaliseAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { scratchDir, writeScratch } from '../imports/test-files';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { compareWithHistory, lineTime, MAX_NEW_TEMPLATES, poolHistory, type ScannedLog } from './anomalies';
import { detectAnomalies, dismissObservation, listObservations, raiseObservation, systemOf } from './service';

// A release's logs against earlier releases of its system, on a real data folder with real imports:
// each kind of anomaly with a log that shows it, and a log of the same run shape that shows none.

const settings = AnomalySettings.parse({});
const stamp = (start: number, s: number) => `[${new Date(start + s * 1000).toISOString()}]`;

interface Shape { retries?: number; errors?: number; errorSpacing?: number; gapAt?: number; gapSeconds?: number; extra?: string }

/** A Jenkins console log of a deploy: 100 lines a second apart, with the shape asked for. */
function jenkinsLog(day: number, shape: Shape = {}): string {
  const start = Date.UTC(2026, 10, day, 10, 0, 0);
  let s = 0;
  const lines: string[] = [`${stamp(start, s)} Started by user Ada Auditor`];
  const retries = shape.retries ?? 1;
  for (let i = 0; i < 100; i += 1) {
    s += shape.gapAt === i ? (shape.gapSeconds ?? 900) : 1;
    if (i < retries) lines.push(`${stamp(start, s)} Retrying connection to db-${i}.internal after ${i + 2} s`);
    else lines.push(`${stamp(start, s)} Deploy step ${i} of service api-${i % 7} finished in ${(i * 13) % 97} ms`);
  }
  for (let i = 0; i < (shape.errors ?? 1); i += 1) {
    s += shape.errorSpacing ?? 1;
    lines.push(`${stamp(start, s)} ERROR Health check of node ${i} failed with status ${500 + (i % 4)}`);
  }
  if (shape.extra) lines.push(`${stamp(start, (s += 1))} ${shape.extra}`);
  lines.push(`${stamp(start, s + 1)} Finished: SUCCESS`, '');
  return lines.join('\n');
}

async function release(core: Core, auditId: string, identifier: string, day: number, log: string, system = 'payments') {
  const r = createRelease(core, { auditId, identifier, system, windowStart: new Date(Date.UTC(2026, 10, day, 9)).toISOString() });
  const file = writeScratch(scratchDir(), `${identifier}.log`, log);
  const outcome = await importInto(core, file, { auditId, releaseId: r.id });
  expect(outcome.import.kind).toBe('jenkins');
  return r;
}

function kindsOf(run: Awaited<ReturnType<typeof detectAnomalies>>) {
  return run.observations.map((o) => o.kind).sort();
}

describe('log anomalies of a release', () => {
  it('find nothing in a log shaped like the earlier releases’ logs', async () => {
    const core = laptop('Ada Auditor');
    const audit = createAudit(core, { name: 'Q4', description: '' });
    await release(core, audit.id, 'pay-1', 1, jenkinsLog(1));
    await release(core, audit.id, 'pay-2', 2, jenkinsLog(2));
    const quiet = await release(core, audit.id, 'pay-3', 3, jenkinsLog(3, { errors: 9, errorSpacing: 1, gapAt: 50, gapSeconds: 299 }));
    const run = await detectAnomalies(core, { releaseId: quiet.id, settings });
    expect(run.earlierReleases.map((r) => r.identifier).sort()).toEqual(['pay-1', 'pay-2']);
    expect(run.observations).toEqual([]);
  });

  it('find a new template, a rate that jumped, an error burst and a gap, each once, with its lines', async () => {
    const core = laptop('Ada Auditor');
    const older = createAudit(core, { name: 'Q3', description: '' });
    const audit = createAudit(core, { name: 'Q4', description: '' });
    // History in an earlier audit, and a release of another system that must not count.
    await release(core, older.id, 'pay-1', 1, jenkinsLog(1, { errors: 3 }));
    await release(core, older.id, 'ledger-1', 2, jenkinsLog(2, { extra: 'Schema migration 42 applied to ledger' }), 'ledger');
    const noisy = await release(core, audit.id, 'pay-2', 5, jenkinsLog(5, { retries: 20, errors: 12, errorSpacing: 2, gapAt: 60, gapSeconds: 900, extra: 'Schema migration 42 applied to ledger' }));
    const run = await detectAnomalies(core, { releaseId: noisy.id, settings });
    expect(run).toMatchObject({ system: 'payments', systemFrom: 'system', logsMined: 2, logsFromCache: 0 });
    expect(run.earlierReleases.map((r) => r.identifier)).toEqual(['pay-1']);
    expect(kindsOf(run)).toEqual(['error-burst', 'new-template', 'rate-jump', 'time-gap']);
    const byKind = Object.fromEntries(run.observations.map((o) => [o.kind, o]));
    expect(byKind['new-template']!.title).toContain('Schema migration <*> applied to ledger');
    expect(byKind['new-template']!.lines).toEqual([114, 114]);
    expect(byKind['rate-jump']!.detail).toContain('20 of 115 lines');
    expect(byKind['rate-jump']!.lines).toEqual([2, 21]);
    expect(byKind['error-burst']!.lines).toEqual([102, 113]);
    expect(byKind['error-burst']!.title).toBe('Error burst: 12 error lines in 22 s');
    expect(byKind['time-gap']!.lines).toEqual([61, 62]);
    expect(byKind['time-gap']!.title).toBe('No line for 900 s during the run');
    expect(run.observations.every((o) => o.fileName === 'pay-2.log' && o.state === 'open')).toBe(true);

    // Again: the logs come from the cache and nothing is recorded twice.
    const again = await detectAnomalies(core, { releaseId: noisy.id, settings });
    expect(again).toMatchObject({ logsMined: 0, logsFromCache: 2, recorded: 0 });
    expect(again.observations.map((o) => o.id).sort()).toEqual(run.observations.map((o) => o.id).sort());

    // Raised: a finding on the release citing the log; dismissed: with its reason; neither twice.
    const raised = raiseObservation(core, { id: byKind['error-burst']!.id, severity: 'major' });
    expect(raised.observation).toMatchObject({ state: 'raised', findingId: raised.findingId, decidedBy: 'Ada Auditor' });
    const finding = core.sqlite.prepare('SELECT release_id AS releaseId, severity, condition FROM findings WHERE id = ?').get(raised.findingId) as Record<string, string>;
    expect(finding).toMatchObject({ releaseId: noisy.id, severity: 'major' });
    expect(finding.condition).toContain('Seen in pay-2.log, lines 102–113');
    expect(core.sqlite.prepare("SELECT count(*) AS n FROM evidence_links WHERE target_type = 'finding' AND target_id = ?").get(raised.findingId)).toEqual({ n: 1 });
    expect(() => raiseObservation(core, { id: byKind['error-burst']!.id, severity: 'major' })).toThrow('already raised by Ada Auditor');
    expect(dismissObservation(core, { id: byKind['time-gap']!.id, reason: 'The pause was the planned CAB hold.' })).toMatchObject({ state: 'dismissed', dismissReason: 'The pause was the planned CAB hold.' });
    expect(listObservations(core, noisy.id).map((o) => o.state)).toEqual(['open', 'open', 'raised', 'dismissed']);
  });

  it('compare with nothing when the system has no earlier release, and refuse a finalised audit', async () => {
    const core = laptop('Ada Auditor');
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const first = await release(core, audit.id, 'pay-1', 1, jenkinsLog(1, { extra: 'Something only this run says' }));
    const run = await detectAnomalies(core, { releaseId: first.id, settings });
    expect(run.earlierReleases).toEqual([]);
    expect(kindsOf(run)).toEqual([]);
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    await expect(detectAnomalies(core, { releaseId: first.id, settings })).rejects.toThrow('is finalised');
  });
});

describe('a release’s system', () => {
  it('is its System field, else its identifier up to the first digit', () => {
    expect(systemOf({ system: ' Payments ', identifier: 'x' })).toEqual({ system: 'payments', from: 'system' });
    expect(systemOf({ system: '', identifier: 'payments-2026.11' })).toEqual({ system: 'payments', from: 'identifier-prefix' });
    expect(systemOf({ system: '', identifier: 'REL v3' })).toEqual({ system: 'rel', from: 'identifier-prefix' });
    expect(systemOf({ system: '', identifier: '2026-11' })).toEqual({ system: '2026-11', from: 'identifier-prefix' });
  });

  it('reads the times of the common headers', () => {
    expect(lineTime('2026-12-01T10:00:00.250Z')).toBe(Date.UTC(2026, 11, 1, 10, 0, 0, 250));
    expect(lineTime('2015-07-29 17:41:44,747')).toBe(Date.UTC(2015, 6, 29, 17, 41, 44, 747));
    expect(lineTime('081109 203615')).toBe(Date.UTC(2008, 10, 9, 20, 36, 15));
    expect(lineTime('17/06/09 20:10:40')).toBe(Date.UTC(2017, 5, 9, 20, 10, 40));
    expect(lineTime('Sun Dec 04 04:47:44 2005')).toBe(Date.UTC(2005, 11, 4, 4, 47, 44));
    expect(lineTime('Dec 1 23:06:45')! - lineTime('Dec 1 23:06:40')!).toBe(5000);
    expect(lineTime('not a time')).toBeNull();
  });
});

describe('the comparison with earlier releases', () => {
  const log = (templates: Array<[string, number]>, lines: number): ScannedLog => ({
    format: 'plain',
    lines,
    templates: templates.map(([template, count], i) => ({ template, count, first: i + 1, last: i + 1 })),
    events: [],
  });

  it('calls a rate jumped at the factor and not just below it, and only from the least lines on', () => {
    const history = poolHistory([log([['Retry <*>', 10], ['Deploy <*> done', 990]], 1000)]);
    // Before: 1% of lines. 50 of 1000 lines is exactly 5×; 49 is just under.
    expect(compareWithHistory(log([['Retry <*>', 50], ['Deploy <*> done', 950]], 1000), history, settings).map((a) => a.kind)).toEqual(['rate-jump']);
    expect(compareWithHistory(log([['Retry <*>', 49], ['Deploy <*> done', 951]], 1000), history, settings)).toEqual([]);
    // 9 lines at 9% is 9× the rate, but under the 10 lines a jump needs.
    expect(compareWithHistory(log([['Retry <*>', 9], ['Deploy <*> done', 91]], 100), history, settings)).toEqual([]);
  });

  it('knows a template written more or less generally before as the same kind of line', () => {
    const history = poolHistory([log([['Deploy <*> done in <*> ms', 5]], 5)]);
    expect(compareWithHistory(log([['Deploy api done in <*> ms', 5]], 5), history, settings)).toEqual([]);
    expect(compareWithHistory(log([['Rollback api started now', 5]], 5), history, settings).map((a) => a.kind)).toEqual(['new-template']);
  });

  it(`reports at most ${MAX_NEW_TEMPLATES} new templates of one log, the most frequent first`, () => {
    const history = poolHistory([log([['known line', 1]], 1)]);
    const many = Array.from({ length: 80 }, (_, i): [string, number] => [`unseen${i} kind of line`, i + 1]);
    const found = compareWithHistory(log(many, 3240), history, settings);
    expect(found).toHaveLength(MAX_NEW_TEMPLATES);
    expect(found[0]!.subject).toBe('unseen79 kind of line');
  });
});
