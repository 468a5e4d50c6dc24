import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KpiSummary } from '../../shared/api/kpis';
import { testCore } from '../../tests/helpers/temp';
import { updateRelease } from '../releases/service';
import type { Core } from '../services';
import { finding, threeCycles } from './cycles.fixture';
import { emergencyReview } from './emergency';
import { refreshKpis } from './store';
import { kpiSummary } from './summary';
import { kpiCharts } from './trend-provider';

// Each KPI of three audit cycles (cycles.fixture.ts) against the value worked out by hand; the
// arithmetic is written beside each expectation. Figures are kept per audit and recomputed only for
// the audits a change touched.

afterEach(() => {
  vi.useRealTimers();
});

async function seeded() {
  vi.useFakeTimers({ toFake: ['Date'] });
  const core = testCore();
  const at = (iso: string) => vi.setSystemTime(new Date(iso));
  const cycles = await threeCycles(core, at);
  return { core, ...cycles };
}

const row = (summary: KpiSummary, id: string) => {
  const found = summary.rows.find((r) => r.id === id);
  if (!found) throw new Error(`no KPI ${id}`);
  return found;
};
const part = (summary: KpiSummary, id: string, key: string) => row(summary, id).parts.find((p) => p.part === key);
const figure = (summary: KpiSummary, id: string) => {
  const r = row(summary, id);
  return [r.value, r.numerator, r.denominator];
};

function all(core: Core) {
  return kpiSummary(core, { scope: { kind: 'all' }, period: 'cycle', key: null });
}

describe('KPIs over three audit cycles', () => {
  it('match the values worked out by hand, across every audit', async () => {
    const { core } = await seeded();
    const s = all(core);
    expect(s.audits).toBe(3);
    // Results judged pass or fail: A 3 (BLD-01 fail, RFC-01 fail), B 3 (RFC-01 fail), C 3 (RFC-02 fail); not-applicable left out.
    // 4 failed / 9 assessed = 44.4 %.
    expect(figure(s, 'control-failure-rate')).toEqual([44.4, 4, 9]);
    // Stage rfc-approval: A pass+fail, B pass+fail, C pass+fail (RFC-02) = 3 / 6 = 50 %; build: A fail, B pass, C pass = 1 / 3 = 33.3 %.
    expect(part(s, 'control-failure-rate', 'stage:rfc-approval')).toMatchObject({ value: 50, numerator: 3, denominator: 6 });
    expect(part(s, 'control-failure-rate', 'stage:build')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    // Every one of these controls maps to COBIT 2019 in the library: the same 4 / 9.
    expect(part(s, 'control-failure-rate', 'framework:cobit2019')).toMatchObject({ numerator: 4, denominator: 9 });
    // Documents per release (RFC, approved before window, backout, risk, signed runbook, test sign-off):
    // A1 5, A2 1 (RFC only: approved after the window), B1 6, B2 2 (backout, risk), C1 5, C2 1 (backout), C3 0 = 20 / (7 × 6 = 42) = 47.6 %.
    expect(figure(s, 'documentation-completeness')).toEqual([47.6, 20, 42]);
    // RFC: A1 A2 B1 C1 = 4 / 7; before the window: A1 B1 C1 = 3 / 7; backout: A1 B1 B2 C1 C2 = 5 / 7;
    // risk: A1 B1 B2 C1 = 4 / 7; runbook: A1 B1 C1 = 3 / 7; test sign-off: B1 (its latest sign-off accepts) = 1 / 7.
    expect(row(s, 'documentation-completeness').parts.map((p) => [p.part, p.numerator, p.denominator])).toEqual([
      ['doc:approved-before-window', 3, 7],
      ['doc:backout-plan', 5, 7],
      ['doc:rfc', 4, 7],
      ['doc:risk-assessment', 4, 7],
      ['doc:signed-runbook', 3, 7],
      ['doc:test-sign-off', 1, 7],
    ]);
    // Emergency: A2 B2 C2 C3 = 4 of 7 releases = 57.1 %; approved after the fact: B2 only = 1 / 4 = 25 %.
    expect(figure(s, 'emergency-frequency')).toEqual([4, 4, 7]);
    expect(figure(s, 'emergency-share')).toEqual([57.1, 4, 7]);
    expect(figure(s, 'post-facto-approval')).toEqual([25, 1, 4]);
    // War room of A1: two on-the-fly changes, one approved = 50 %; two halt checks, 7.5 % and 3 %, against the
    // plan's 5 % (not the 10 % written in the checks) = 1 breach / 2 = 50 %.
    expect(figure(s, 'on-the-fly-approved')).toEqual([50, 1, 2]);
    expect(figure(s, 'halt-breaches')).toEqual([50, 1, 2]);
    // Rollbacks: A1 recovered in 20 of 30 min, B1 failed after 10 min, C1 recovered in 45 of 30 min.
    // Success 2 / 3 = 66.7 %; RTO met (recovered within it) 1 / 3 = 33.3 %.
    expect(figure(s, 'rollback-success')).toEqual([66.7, 2, 3]);
    expect(figure(s, 'rto-met')).toEqual([33.3, 1, 3]);
    // Raised findings F1..F6; F2 and F4 repeat F1 (RA-RFC-01, same root cause): 2 / 6 = 33.3 %.
    expect(figure(s, 'repeat-finding-rate')).toEqual([33.3, 2, 6]);
    // Raised 01-10, 04-05 and 07-15 (major +30 days, minor +90, critical +7). Closed with a due date: F1 (closed 01-25, due 02-09)
    // on time, F3 (05-15, due 07-04) on time, F4 (08-20, due 08-14) late = 2 / 3.
    expect(figure(s, 'remediation-on-time')).toEqual([66.7, 2, 3]);
    expect(part(s, 'remediation-on-time', 'severity:major')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(part(s, 'remediation-on-time', 'severity:minor')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    // Open on 2026-09-01: F2 (due 05-05) overdue, F5 (critical, due 07-22) overdue, F6 (due 10-13) not = 2 / 3.
    expect(s.asOf).toBe('2026-09-01');
    expect(figure(s, 'overdue-findings')).toEqual([66.7, 2, 3]);
    expect(part(s, 'overdue-findings', 'severity:critical')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(part(s, 'overdue-findings', 'severity:minor')).toMatchObject({ numerator: 0, denominator: 1 });
    // Approved tickets of releases with a window: A1 before, A2 two hours after its start, B1 before, C1 before = 1 / 4.
    expect(figure(s, 'late-approvals')).toEqual([25, 1, 4]);
    // Every KPI carries its definition.
    for (const r of s.rows) expect(r.definition.length).toBeGreaterThan(40);
  });

  it('per audit cycle, per system, per release, per team and per month or quarter', async () => {
    const { core, a, b, c, releases } = await seeded();
    const cycles = all(core);
    expect(cycles.periods.map((p) => p.label)).toEqual(['Cycle 1', 'Cycle 2', 'Cycle 3']);
    const cycle = (auditId: string) => kpiSummary(core, { scope: { kind: 'all' }, period: 'cycle', key: auditId });
    // Control failure per cycle: A 2 / 3 = 66.7 %, B 1 / 3 = 33.3 %, C 1 / 3 = 33.3 %.
    expect(figure(cycle(a.id), 'control-failure-rate')).toEqual([66.7, 2, 3]);
    expect(figure(cycle(b.id), 'control-failure-rate')).toEqual([33.3, 1, 3]);
    expect(figure(cycle(c.id), 'control-failure-rate')).toEqual([33.3, 1, 3]);
    // The same through the audit scope: A's documents 5 + 1 = 6 / 12 = 50 %.
    expect(figure(kpiSummary(core, { scope: { kind: 'audit', auditId: a.id }, period: 'month', key: null }), 'documentation-completeness')).toEqual([50, 6, 12]);
    // System Ledger: B2 and C3, both emergencies = 2 / 2; documents 2 + 0 = 2 / 12 = 16.7 %.
    const ledger = kpiSummary(core, { scope: { kind: 'system', system: 'Ledger' }, period: 'month', key: null });
    expect(figure(ledger, 'emergency-share')).toEqual([100, 2, 2]);
    expect(figure(ledger, 'documentation-completeness')).toEqual([16.7, 2, 12]);
    // One release: B1's six documents are all there.
    expect(figure(kpiSummary(core, { scope: { kind: 'release', releaseId: releases.b1.id }, period: 'month', key: null }), 'documentation-completeness')).toEqual([100, 6, 6]);
    // Team "Build team" owns F3 (closed on time) and F6 (open, not yet due): no repeats 0 / 2.
    const build = kpiSummary(core, { scope: { kind: 'team', team: 'Build team' }, period: 'month', key: null });
    expect(figure(build, 'repeat-finding-rate')).toEqual([0, 0, 2]);
    expect(figure(build, 'remediation-on-time')).toEqual([100, 1, 1]);
    // By month: emergencies fall in 2026-01 (A2), 2026-05 (B2), 2026-07 (C2), 2026-08 (C3).
    const months = kpiSummary(core, { scope: { kind: 'all' }, period: 'month', key: '2026-07' });
    expect(figure(months, 'emergency-share')).toEqual([50, 1, 2]);
    // By quarter: Q3 holds C1 C2 C3 = 2 emergencies / 3.
    const q3 = kpiSummary(core, { scope: { kind: 'all' }, period: 'quarter', key: '2026-Q3' });
    expect(figure(q3, 'emergency-share')).toEqual([66.7, 2, 3]);
    expect(kpiSummary(core, { scope: { kind: 'all' }, period: 'quarter', key: null }).periods.map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('recompute only the audit a change touched, and answer the same as computing everything again', async () => {
    const { core, b, releases } = await seeded();
    // The first view computes every audit the migration and the writes marked.
    expect(all(core).recomputed).toBe(3);
    // Nothing changed: nothing recomputed.
    expect(all(core).recomputed).toBe(0);
    const figuresOf = (auditId: string) => core.sqlite.prepare('SELECT * FROM kpi_figures WHERE audit_id = ? ORDER BY release_id, team, month, kpi, part, due_on').all(auditId);
    const before = figuresOf(releases.a1.auditId);
    // B2 gets its runbook signed: only audit B is marked dirty and recomputed.
    updateRelease(core, { id: releases.b2.id, runbookSignedBy: 'Ops lead', runbookSignedAt: '2026-05-01T08:00:00.000Z' });
    expect(core.sqlite.prepare('SELECT audit_id AS id FROM kpi_dirty').all()).toEqual([{ id: b.id }]);
    const after = all(core);
    expect(after.recomputed).toBe(1);
    // Runbooks signed: A1 B1 C1 and now B2 = 4 / 7; documents 21 / 42 = 50 %.
    expect(part(after, 'documentation-completeness', 'doc:signed-runbook')).toMatchObject({ numerator: 4, denominator: 7 });
    expect(figure(after, 'documentation-completeness')).toEqual([50, 21, 42]);
    expect(figuresOf(releases.a1.auditId)).toEqual(before);
    // A finding raised in cycle 1 on RA-RFC-02 makes cycle 3's F5 (same control, same cause) a repeat: cycle 1 and
    // cycle 3 are marked, not cycle 2, which has no finding of that control.
    const { a, c } = { a: { id: releases.a1.auditId }, c: { id: releases.c1.auditId } };
    await finding(core, a.id, { title: 'No risk assessment, early', severity: 'major', controlId: 'RA-RFC-02', cause: 'no risk assessment written', ownerName: 'Release team' });
    expect((core.sqlite.prepare('SELECT audit_id AS id FROM kpi_dirty').all() as Array<{ id: string }>).map((d) => d.id).sort()).toEqual([a.id, c.id].sort());
    const repeats = all(core);
    expect(repeats.recomputed).toBe(2);
    // Raised findings 7; repeats F2, F4 and now F5 = 3 / 7 = 42.9 %.
    expect(figure(repeats, 'repeat-finding-rate')).toEqual([42.9, 3, 7]);
    // The kept figures equal a full recomputation.
    const kept = core.sqlite.prepare('SELECT * FROM kpi_figures ORDER BY audit_id, release_id, team, month, kpi, part, due_on').all();
    core.sqlite.exec('INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT id FROM audits');
    expect(refreshKpis(core)).toHaveLength(3);
    expect(core.sqlite.prepare('SELECT * FROM kpi_figures ORDER BY audit_id, release_id, team, month, kpi, part, due_on').all()).toEqual(kept);
  });

  it('review emergency releases per system and month, with their causes grouped', async () => {
    const { core } = await seeded();
    const review = emergencyReview(core, { system: null, auditId: null });
    expect(review).toMatchObject({ emergency: 4, releases: 7 });
    // Payments 2026-01: A1, A2 (emergency) = 1 / 2; Ledger 2026-05: B2 = 1 / 1; Payments 2026-07: C1, C2 = 1 / 2; Ledger 2026-08: C3 = 1 / 1.
    expect(review.bySystemMonth.filter((r) => r.emergency > 0).map((r) => [r.system, r.month, r.emergency, r.releases, r.sharePercent])).toEqual([
      ['Ledger', '2026-05', 1, 1, 100],
      ['Ledger', '2026-08', 1, 1, 100],
      ['Payments', '2026-01', 1, 2, 50],
      ['Payments', '2026-07', 1, 2, 50],
    ]);
    // "Production outage", "Security fix for CVE", a review note "Hotfix for a regression", "Regulatory deadline".
    expect(review.causes.map((c) => c.cause).sort()).toEqual(['Defect found after a release', 'Production incident or outage', 'Regulatory or legal deadline', 'Security fix']);
    expect(review.bypassed).toEqual([{ itemKey: 'RA-RFC-01', releases: 2 }]);
    expect(emergencyReview(core, { system: 'Ledger', auditId: null })).toMatchObject({ emergency: 2, releases: 2 });
  });

  it('chart every KPI over the periods, with breakdowns as series and the basis of each value', async () => {
    const { core } = await seeded();
    const charts = kpiCharts(core, { period: 'cycle' });
    const failure = charts.find((c) => c.id === 'kpi.control-failure-rate');
    expect(failure).toMatchObject({ group: 'kpi', unit: 'percent', categories: ['Cycle 1', 'Cycle 2', 'Cycle 3'], better: 'lower' });
    expect(failure?.series[0]).toEqual({ name: 'Control failure rate', values: [66.7, 33.3, 33.3], basis: [3, 3, 3] });
    expect(failure?.series.map((s) => s.name)).toContain('Stage: build');
    const emergency = charts.find((c) => c.id === 'emergency.frequency');
    // Emergencies per cycle: A 1 of 2, B 1 of 2, C 2 of 3.
    expect(emergency?.series[0]).toMatchObject({ values: [1, 1, 2], basis: [2, 2, 3] });
    // Per system: Ledger B2 (cycle 2) and C3 (cycle 3); Payments A2 (cycle 1) and C2 (cycle 3).
    expect(emergency?.series.slice(2).map((s) => [s.name, s.values])).toEqual([
      ['Ledger: emergency releases', [null, 1, 1]],
      ['Payments: emergency releases', [1, 0, 1]],
    ]);
    expect(charts.find((c) => c.id === 'emergency.causes')?.group).toBe('emergency');
    // Bounded to the first half of 2026 by month: January to May.
    const half = kpiCharts(core, { period: 'month', from: '2026-01-01', to: '2026-05-31' });
    expect(half[0]?.categories).toEqual(['2026-01', '2026-04', '2026-05']);
  });
});
