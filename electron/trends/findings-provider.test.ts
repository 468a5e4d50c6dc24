import { describe, expect, it, vi } from 'vitest';
import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import { conclude } from '../../tests/helpers/conclude';
import { testCore } from '../../tests/helpers/temp';
import { createAudit, finaliseAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, raiseFromResult, transitionFinding, updateFinding } from '../findings/service';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { findingsTrendProvider } from './findings-provider';
import { trendCharts } from './service';

// The findings provider against a dataset computed by hand: three audit cycles on a real database,
// findings raised and closed through their workflow at chosen UTC times, some on the last and first
// millisecond of a month and a quarter. Every expected number below was worked out from this table:
//
//  cycle (created → finalised)            finding  severity  release   raised (left draft)        closed
//  C1  2026-01-05 → 2026-04-02 finalised  a1       critical  pay-1     2026-01-31T23:59:59.999Z   2026-02-01T00:00:00.000Z
//                                         a2       major     —         2026-03-31T23:30:00.000Z   2026-04-01T00:10:00.000Z (risk accepted)
//                                         a3       minor     —         2026-02-10T12:00:00.000Z   open when finalised
//  C2  2026-04-05 → 2026-06-30 finalised  b1       major     pay-2     2026-04-15T08:00:00.000Z   2026-06-29T10:00:00.000Z
//                                         b2       major     web-1     2026-05-20T08:00:00.000Z   open
//  C3  2026-07-01 → open (now 2026-08-20)  c1       critical  pay-3     2026-07-02T09:00:00.000Z   open
//                                         c2       minor     —         draft, never raised

const evidence = (core: Core, auditId: string, findingId: string) =>
  addEvidenceText(core, {
    auditId, kind: 'log-excerpt', text: `evidence of ${findingId}`, sourceSystem: 'CI', sourceFile: 'deploy.log',
    lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: findingId }],
  });

const parts = { criteria: 'RFC approved first.', condition: 'It was not.', cause: 'Rushed.', effect: 'Risk.', recommendation: 'Gate it.' };

function at(time: string) {
  vi.setSystemTime(new Date(time));
}

async function raise(core: Core, auditId: string, severity: 'critical' | 'major' | 'minor', when: string, releaseId?: string) {
  at(when);
  // A finding of a release is raised from its failed checklist item, as the app raises one.
  const f = releaseId
    ? updateFinding(core, { id: raiseFromResult(core, recordResult(core, { auditId, releaseId, itemKey: 'RA-RFC-01', result: 'fail', note: 'No RFC' }).id).id, severity, ...parts })
    : createFinding(core, { auditId, title: `${severity} at ${when}`, severity, ...parts });
  await evidence(core, auditId, f.id);
  transitionFinding(core, { id: f.id, to: 'open', acceptedBy: '', reason: '' });
  return f.id;
}

function close(core: Core, id: string, when: string) {
  at(when);
  transitionFinding(core, { id, to: 'in-remediation', acceptedBy: '', reason: '' });
  transitionFinding(core, { id, to: 'ready-for-verification', acceptedBy: '', reason: '' });
  transitionFinding(core, { id, to: 'closed', acceptedBy: '', reason: '' });
}

async function seed() {
  vi.useFakeTimers({ toFake: ['Date'] });
  const core = testCore();
  at('2026-01-05T09:00:00.000Z');
  ensureDefaultTemplate(core);
  const pinned = (id: string) => pinTemplate(core, id, DEFAULT_TEMPLATE_V1_ID);
  const c1 = createAudit(core, { name: 'C1', description: '' });
  pinned(c1.id);
  const pay1 = createRelease(core, { auditId: c1.id, identifier: 'pay-1', system: 'Payments' });
  const a1 = await raise(core, c1.id, 'critical', '2026-01-31T23:59:59.999Z', pay1.id);
  await raise(core, c1.id, 'minor', '2026-02-10T12:00:00.000Z');
  close(core, a1, '2026-02-01T00:00:00.000Z');
  const a2 = await raise(core, c1.id, 'major', '2026-03-31T23:30:00.000Z');
  at('2026-04-01T00:10:00.000Z');
  updateFinding(core, { id: a2, ownerName: 'Dana' });
  transitionFinding(core, { id: a2, to: 'risk-accepted', acceptedBy: 'CAB', reason: 'Compensating control.' });
  at('2026-04-02T10:00:00.000Z');
  conclude(core, c1.id);
  finaliseAudit(core, c1.id);

  at('2026-04-05T09:00:00.000Z');
  const c2 = createAudit(core, { name: 'C2', description: '' });
  pinned(c2.id);
  const pay2 = createRelease(core, { auditId: c2.id, identifier: 'pay-2', system: 'payments ' });
  const web1 = createRelease(core, { auditId: c2.id, identifier: 'web-1', system: 'Web' });
  const b1 = await raise(core, c2.id, 'major', '2026-04-15T08:00:00.000Z', pay2.id);
  await raise(core, c2.id, 'major', '2026-05-20T08:00:00.000Z', web1.id);
  close(core, b1, '2026-06-29T10:00:00.000Z');
  at('2026-06-30T12:00:00.000Z');
  conclude(core, c2.id);
  finaliseAudit(core, c2.id);

  at('2026-07-01T09:00:00.000Z');
  const c3 = createAudit(core, { name: 'C3', description: '' });
  pinned(c3.id);
  const pay3 = createRelease(core, { auditId: c3.id, identifier: 'pay-3', system: 'Payments' });
  await raise(core, c3.id, 'critical', '2026-07-02T09:00:00.000Z', pay3.id);
  createFinding(core, { auditId: c3.id, title: 'still a draft', severity: 'minor' });
  at('2026-08-20T12:00:00.000Z');
  vi.useRealTimers();
  return { core, c1, c2, c3 };
}

const chart = (charts: TrendChart[], id: string) => charts.find((c) => c.id === id) as TrendChart;
const values = (c: TrendChart) => Object.fromEntries(c.series.map((s) => [s.name, s.values]));
const charts = (core: Core, query: TrendQuery) => findingsTrendProvider.charts(core, query);

describe('the findings trend provider', () => {
  it('counts by calendar month in UTC, with the empty months between and the last millisecond of a month in that month', async () => {
    const { core } = await seed();
    const result = charts(core, { period: 'month' });
    const raised = chart(result, 'findings.raised');
    expect(raised.categories).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
    expect(raised.kind).toBe('stacked-bar');
    expect(raised.title).toBe('Findings raised per month');
    expect(values(raised)).toEqual({
      critical: [1, 0, 0, 0, 0, 0, 1],
      major: [0, 0, 1, 1, 1, 0, 0],
      minor: [0, 1, 0, 0, 0, 0, 0],
      informational: [0, 0, 0, 0, 0, 0, 0],
    });
    expect(values(chart(result, 'findings.closed'))).toEqual({
      critical: [0, 1, 0, 0, 0, 0, 0],
      major: [0, 0, 0, 1, 0, 1, 0],
      minor: [0, 0, 0, 0, 0, 0, 0],
      informational: [0, 0, 0, 0, 0, 0, 0],
    });
    const open = chart(result, 'findings.open');
    expect(open.kind).toBe('line');
    // Ends: Jan a1 · Feb a3 (a1 closed on Feb 1st 00:00) · Mar a2 a3 · Apr a3 b1 · May a3 b1 b2 · Jun a3 b2 · Jul a3 b2 c1.
    expect(open.series).toEqual([{ name: 'Open findings', values: [1, 1, 2, 2, 3, 2, 3], basis: [1, 2, 3, 4, 5, 5, 6] }]);
  });

  it('counts by calendar quarter, a time on the first millisecond of a quarter in the new one', async () => {
    const { core } = await seed();
    const result = charts(core, { period: 'quarter' });
    expect(chart(result, 'findings.raised').categories).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(values(chart(result, 'findings.raised'))).toMatchObject({ critical: [1, 0, 1], major: [1, 2, 0], minor: [1, 0, 0] });
    // a2 was accepted at 2026-04-01T00:10Z: closed in Q2, open at the end of Q1.
    expect(values(chart(result, 'findings.closed'))).toMatchObject({ critical: [1, 0, 0], major: [0, 2, 0] });
    expect(chart(result, 'findings.open').series[0]).toEqual({ name: 'Open findings', values: [2, 2, 3], basis: [3, 5, 6] });
  });

  it('counts by audit cycle: each audit its own findings, open at its finalisation (or now)', async () => {
    const { core } = await seed();
    const result = charts(core, { period: 'cycle' });
    const raised = chart(result, 'findings.raised');
    expect(raised.categories).toEqual(['C1', 'C2', 'C3']);
    expect(raised.title).toBe('Findings raised per audit cycle');
    expect(values(raised)).toMatchObject({ critical: [1, 0, 1], major: [1, 2, 0], minor: [1, 0, 0], informational: [0, 0, 0] });
    expect(values(chart(result, 'findings.closed'))).toMatchObject({ critical: [1, 0, 0], major: [1, 1, 0], minor: [0, 0, 0] });
    expect(chart(result, 'findings.open').series[0]).toEqual({ name: 'Open findings', values: [1, 1, 1], basis: [3, 2, 1] });
  });

  it('keeps to one audit, to one system (its name in any case), and to date bounds', async () => {
    const { core, c2 } = await seed();
    const one = charts(core, { period: 'cycle', auditId: c2.id });
    expect(chart(one, 'findings.raised').categories).toEqual(['C2']);
    expect(values(chart(one, 'findings.raised'))).toMatchObject({ major: [2] });

    const payments = charts(core, { period: 'quarter', system: 'PAYMENTS' });
    // a1 (Q1, closed Q1), b1 (Q2, closed Q2), c1 (Q3, open).
    expect(chart(payments, 'findings.raised').categories).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(values(chart(payments, 'findings.raised'))).toMatchObject({ critical: [1, 0, 1], major: [0, 1, 0] });
    expect(chart(payments, 'findings.open').series[0]?.values).toEqual([0, 0, 1]);
    expect(chart(charts(core, { period: 'cycle', system: 'web' }), 'findings.raised').categories).toEqual(['C2']);

    const spring = charts(core, { period: 'month', from: '2026-03-15', to: '2026-05-01' });
    expect(chart(spring, 'findings.raised').categories).toEqual(['2026-03', '2026-04', '2026-05']);
    // Open at the end of March still counts a3, raised in February before the bounds.
    expect(chart(spring, 'findings.open').series[0]?.values).toEqual([2, 2, 3]);
    expect(chart(charts(core, { period: 'cycle', to: '2026-04-04' }), 'findings.raised').categories).toEqual(['C1']);
  });

  it('answers empty charts where there are no findings, and through trendCharts names the systems', async () => {
    const core = testCore();
    const empty = trendCharts(core, { period: 'month' });
    expect(empty.failures).toEqual([]);
    expect(empty.charts.find((c) => c.id === 'findings.raised')?.categories).toEqual([]);
    const { core: seeded } = await seed();
    expect(trendCharts(seeded, { period: 'month' }).systems).toEqual(['Payments', 'Web']);
  });
});
