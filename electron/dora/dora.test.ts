import { describe, expect, it } from 'vitest';
import { DoraKeys, type DoraKeyId } from '../../shared/api/dora';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { real, realworldMissing } from '../imports/test-files';
import { createRelease } from '../releases/service';
import { seedThreeCycles } from './cycles.fixture';
import { deploymentSet } from './deployments';
import { doraKeys } from './service';
import { trendProviders } from '../trends/providers';

// The four keys on a real database seeded with three audit cycles (cycles.fixture.ts), each checked
// against a value worked out by hand. The deployments, by deployment time (their window's end):
//   Cycle 1: PAY-1 09-01 10:00, PAY-2 09-15 10:00 (rolled back 11:00, recovered 13:00); PAY-STAGE is staging only
//   Cycle 2: PAY-3 10-20 10:00 (no git log), PAY-4 10-22 10:00 (emergency), LED-1 10-31 22:00 (rolled back, recovered 11-01 01:00)
//   Cycle 3: PAY-5 11-10 10:00 (a commit with no date), PAY-6 11-18 10:00 (emergency), PAY-7 11-20 10:00 (rollback failed), LED-2 11-25 10:00 (ticket "Hotfix…")
// Failed: PAY-2 (rollback), PAY-3 (PAY-4 is an emergency release 2 days later), LED-1 (rollback), PAY-7 (rollback);
// not PAY-5: PAY-6 comes 8 days later, beyond the 7-day window; not LED-1 by LED-2 (25 days later).

const value = (keys: DoraKeys, key: DoraKeyId) => keys.keys.find((k) => k.key === key);

describe('DORA keys over three audit cycles', () => {
  it('works out each key over all audits as computed by hand, with its band, basis and the deployments left out', async () => {
    const core = testCore();
    const { ids } = await seedThreeCycles(core);
    const keys = DoraKeys.parse(doraKeys(core, { period: 'month' }));
    expect(keys.deployments.map((d) => d.identifier)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'LED-1', 'PAY-5', 'PAY-6', 'PAY-7', 'LED-2']);
    expect(keys.notCounted).toEqual([{ releaseId: ids['PAY-STAGE'], identifier: 'PAY-STAGE', reason: 'not a production deployment (its environments are staging)' }]);

    // 9 deployments from 2026-09-01 to 2026-11-25: 30 + 31 + 25 = 86 days; 9 × 7 / 86 = 0.7326 a week → medium.
    const frequency = value(keys, 'deployment-frequency');
    expect(frequency?.value).toBeCloseTo(63 / 86, 6);
    expect(frequency?.band?.level).toBe('medium');
    expect(frequency?.basis).toBe(9);

    // Commit lead times (deployment − commit): PAY-1 24 h and 6 h; PAY-2 120 h (its 08-31 12:00 commit was
    // shipped by PAY-1, so left out); PAY-4 12 h; LED-1 24 h; PAY-6 2 h; LED-2 24 h.
    // Sorted 2, 6, 12, 24, 24, 24, 24, 120: the median of 8 is (24 + 24) / 2 = 24 h → high (one day is high's lower boundary).
    const lead = value(keys, 'lead-time');
    expect(lead?.value).toBe(24);
    expect(lead?.band?.level).toBe('high');
    expect(lead?.basis).toBe(6);
    expect(lead?.leftOut).toEqual([
      { releaseId: ids['PAY-3'], identifier: 'PAY-3', reason: 'no commits imported (no git log for this release)' },
      { releaseId: ids['PAY-5'], identifier: 'PAY-5', reason: 'no commit times (its git log gives none)' },
      { releaseId: ids['PAY-7'], identifier: 'PAY-7', reason: 'no commits imported (no git log for this release)' },
    ]);

    // 4 failed of 9: 44.44 % → low (39.5 % or more).
    const failureRate = value(keys, 'change-failure-rate');
    expect(failureRate?.value).toBeCloseTo((4 / 9) * 100, 6);
    expect(failureRate?.band?.level).toBe('low');
    expect(keys.deployments.filter((d) => d.failed).map((d) => [d.identifier, d.failure])).toEqual([
      ['PAY-2', 'rolled back in the war room'],
      ['PAY-3', 'hotfix PAY-4 (marked as an emergency release) followed within 7 days'],
      ['LED-1', 'rolled back in the war room'],
      ['PAY-7', 'rolled back in the war room'],
    ]);

    // Recovered: PAY-2 13:00 − 10:00 = 3 h; PAY-3 by PAY-4 two days later = 48 h; LED-1 from 10-31 22:00 to
    // 11-01 01:00 = 3 h across the month boundary. PAY-7's rollback failed and nothing followed: left out.
    // Median of 3, 3, 48 = 3 h → high (from one hour to less than a day).
    const recovery = value(keys, 'recovery-time');
    expect(recovery?.value).toBe(3);
    expect(recovery?.band?.level).toBe('high');
    expect(recovery?.basis).toBe(3);
    expect(recovery?.leftOut).toEqual([{ releaseId: ids['PAY-7'], identifier: 'PAY-7', reason: 'failed and not recovered yet (no recovered rollback, no hotfix since)' }]);
    expect(keys.deployments.find((d) => d.identifier === 'LED-2')).toMatchObject({ hotfix: true, failed: false });
  });

  it('cuts the keys by month, a recovery across the month boundary staying with the month of its deployment', async () => {
    const core = testCore();
    await seedThreeCycles(core);
    const { periods } = doraKeys(core, { period: 'month' });
    expect(periods.map((p) => [p.label, p.deployments])).toEqual([['2026-09', 2], ['2026-10', 3], ['2026-11', 4]]);
    const [sep, oct, nov] = periods;
    // September: 2 × 7 / 30; lead of 24, 6, 120 → 24; 1 failed of 2; recovery 3 h.
    expect(sep?.values['deployment-frequency']).toBeCloseTo(14 / 30, 6);
    expect(sep?.values).toMatchObject({ 'lead-time': 24, 'change-failure-rate': 50, 'recovery-time': 3 });
    // October: 3 × 7 / 31; lead of 12, 24 → 18; 2 failed of 3; recovery of 48 and 3 (LED-1, recovered on 11-01) → 25.5.
    expect(oct?.values['deployment-frequency']).toBeCloseTo(21 / 31, 6);
    expect(oct?.values['change-failure-rate']).toBeCloseTo(200 / 3, 6);
    expect(oct?.values).toMatchObject({ 'lead-time': 18, 'recovery-time': 25.5 });
    expect(oct?.basis['recovery-time']).toBe(2);
    // November: 4 × 7 / 30; lead of 2, 24 → 13; 1 failed of 4; no recovery (PAY-7 not recovered).
    expect(nov?.values['deployment-frequency']).toBeCloseTo(28 / 30, 6);
    expect(nov?.values).toMatchObject({ 'lead-time': 13, 'change-failure-rate': 25, 'recovery-time': null });
    expect(nov?.basis['recovery-time']).toBe(0);
  });

  it('cuts them by quarter and by audit cycle, and keeps to one audit or one system when asked', async () => {
    const core = testCore();
    const { two } = await seedThreeCycles(core);
    // Q3 holds September's 2 deployments over its 92 days; Q4 the other 7 over 92 days.
    const quarters = doraKeys(core, { period: 'quarter' }).periods;
    expect(quarters.map((p) => [p.label, p.deployments])).toEqual([['2026-Q3', 2], ['2026-Q4', 7]]);
    expect(quarters[0]?.values['deployment-frequency']).toBeCloseTo(14 / 92, 6);
    expect(quarters[1]?.values['deployment-frequency']).toBeCloseTo(49 / 92, 6);

    // Cycles last from their first to their last deployment day: 09-01..09-15 = 15 days, 10-20..10-31 = 12, 11-10..11-25 = 16.
    const cycles = doraKeys(core, { period: 'cycle' }).periods;
    expect(cycles.map((p) => p.label)).toEqual(['Cycle 1', 'Cycle 2', 'Cycle 3']);
    expect(cycles.map((p) => p.values['deployment-frequency'])).toEqual([14 / 15, 21 / 12, 28 / 16]);

    // Cycle 2 alone: 3 deployments over 12 days = 1.75 a week → high; lead median of 12, 24 = 18 h → elite;
    // 2 failed of 3 → low; recovery median of 48 and 3 = 25.5 h → medium.
    const audit = doraKeys(core, { period: 'month', auditId: two.auditId });
    expect(audit.keys.map((k) => [k.key, k.value, k.band?.level])).toEqual([
      ['deployment-frequency', 1.75, 'high'],
      ['lead-time', 18, 'elite'],
      ['change-failure-rate', (2 / 3) * 100, 'low'],
      ['recovery-time', 25.5, 'medium'],
    ]);
    expect(audit.notCounted).toEqual([]);

    // The ledger system: LED-1 10-31 and LED-2 11-25, 26 days → 14 / 26 a week; lead 24, 24 → 24; 1 of 2 failed; recovery 3 h.
    const ledger = doraKeys(core, { period: 'month', system: 'ledger' });
    expect(ledger.keys.map((k) => k.value)).toEqual([14 / 26, 24, 50, 3]);
    expect(ledger.systems).toEqual(['ledger', 'payments']);
  });

  it('keeps the worked-out deployments between views, and works them out again once anything is written', async () => {
    const core = testCore();
    const { one } = await seedThreeCycles(core);
    const first = deploymentSet(core);
    doraKeys(core, { period: 'quarter' });
    doraKeys(core, { period: 'cycle', system: 'ledger' });
    expect(deploymentSet(core)).toBe(first);
    createRelease(core, { auditId: one.auditId, identifier: 'PAY-1b', system: 'payments', windowEnd: '2026-09-02T10:00:00.000Z' });
    const after = deploymentSet(core);
    expect(after).not.toBe(first);
    expect(after.deployments).toHaveLength(10);
    expect(doraKeys(core, { period: 'month' }).periods[0]?.deployments).toBe(3);
  });

  it('gives the Trends dashboard one chart per key with the 2023 levels as bands, and the deployments per system', async () => {
    const core = testCore();
    await seedThreeCycles(core);
    const provider = trendProviders.find((p) => p.id === 'dora');
    const charts = provider?.charts(core, { period: 'cycle' }) ?? [];
    expect(charts.map((c) => [c.id, c.group, c.unit])).toEqual([
      ['dora.deployment-frequency', 'dora', 'per-week'],
      ['dora.lead-time', 'dora', 'hours'],
      ['dora.change-failure-rate', 'dora', 'percent'],
      ['dora.recovery-time', 'dora', 'hours'],
      ['dora.deployments-by-system', 'dora', 'count'],
    ]);
    const [frequency, lead, , recovery, bySystem] = charts;
    expect(frequency?.categories).toEqual(['Cycle 1', 'Cycle 2', 'Cycle 3']);
    expect(frequency?.series).toEqual([{ name: 'All systems', values: [14 / 15, 21 / 12, 28 / 16], basis: [2, 3, 4] }]);
    expect(frequency?.bands?.[1]).toEqual({ label: 'High: Between once per day and once per week', from: 1, to: 7 });
    expect(frequency?.definition).toContain('Accelerate State of DevOps Report 2023');
    // Lead per cycle: 1 → 24, 6, 120 → 24; 2 → 12, 24 → 18; 3 → 2, 24 → 13. Recovery: 3; 48, 3 → 25.5; none.
    expect(lead?.series[0]?.values).toEqual([24, 18, 13]);
    expect(recovery?.series[0]).toEqual({ name: 'All systems', values: [3, 25.5, null], basis: [1, 2, 0] });
    expect(bySystem?.series).toEqual([
      { name: 'ledger', values: [0, 1, 1], basis: [0, 1, 1] },
      { name: 'payments', values: [2, 2, 3], basis: [2, 2, 3] },
    ]);
  });

  it.skipIf(realworldMissing)('dates a deployment by its real pipeline run, skips a failed run, and counts a real aborted Argo rollout as a rollback', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Real logs', description: '' });
    // A GitLab job trace that succeeded, ending 2018-10-26 20:54:22 UTC.
    const gitlab = createRelease(core, { auditId: audit.id, identifier: 'CI-1', system: 'ci', windowStart: '2018-10-26T18:00:00.000Z', windowEnd: '2018-10-26T19:00:00.000Z' });
    await importInto(core, real('gitlab-ci-trace-runner11.log'), { auditId: audit.id, releaseId: gitlab.id });
    // A Jenkins pipeline that failed: not when it reached production, so its window's end dates it.
    const jenkins = createRelease(core, { auditId: audit.id, identifier: 'CI-2', system: 'ci', windowStart: '2019-05-23T16:00:00.000Z', windowEnd: '2019-05-23T18:00:00.000Z' });
    await importInto(core, real('jenkins-pipeline-log.txt'), { auditId: audit.id, releaseId: jenkins.id });
    // An Argo rollout aborted at 2020-09-22 09:10:05 UTC, its window having ended at 09:00: recovered 10 min 5 s after.
    const argo = createRelease(core, { auditId: audit.id, identifier: 'CI-3', system: 'ci', windowStart: '2020-09-22T08:00:00.000Z', windowEnd: '2020-09-22T09:00:00.000Z' });
    await importInto(core, real('argo-rollouts-aborted-rollout.yaml'), { auditId: audit.id, releaseId: argo.id });

    const keys = doraKeys(core, { period: 'cycle' });
    expect(keys.deployments.map((d) => [d.identifier, d.deployedAt, d.deployedAtFrom, d.failed])).toEqual([
      ['CI-1', '2018-10-26T20:54:22.000Z', 'the end of its last successful pipeline run', false],
      ['CI-2', '2019-05-23T18:00:00.000Z', 'the end of its deployment window', false],
      ['CI-3', '2020-09-22T09:00:00.000Z', 'the end of its deployment window', true],
    ]);
    expect(keys.deployments[2]).toMatchObject({ failure: 'rollout rollout-background-analysis aborted (imported)', recoveredAt: '2020-09-22T09:10:05.000Z' });
    expect(value(keys, 'recovery-time')?.value).toBeCloseTo(605 / 3600, 9);
    expect(value(keys, 'recovery-time')?.band?.level).toBe('elite');
  });
});
