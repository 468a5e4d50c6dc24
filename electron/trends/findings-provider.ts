import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import { severities, type Severity } from '../../shared/enums';
import type { Core } from '../services';
import { auditCycles, calendarSlots, slotIndex, type PeriodSlot } from './periods';

// Findings over time, from what every laptop already holds: how many were raised and closed in each
// period by severity, and how many were still open at each period's end. When a finding was raised
// (it left draft) and closed (closed, or its risk accepted) is read from the ledger entries that set
// its status, so the figures are the same on every laptop that holds the same entries.

const done = new Set(['closed', 'risk-accepted']);

/** A finding as the charts see it: its audit and severity, when it was raised, and when it was closed (null while open). */
export interface FindingSpan {
  id: string;
  auditId: string;
  severity: Severity;
  raisedAt: string;
  closedAt: string | null;
}

/** The raised (not draft) findings of the query's scope, with the times their status changed. */
export function findingSpans(core: Core, query: Pick<TrendQuery, 'auditId' | 'system'>): FindingSpan[] {
  const where = ["f.status <> 'draft'"];
  const params: string[] = [];
  if (query.auditId !== undefined) {
    where.push('f.audit_id = ?');
    params.push(query.auditId);
  }
  if (query.system !== undefined) {
    where.push('f.release_id IN (SELECT id FROM releases WHERE lower(trim(system)) = lower(trim(?)))');
    params.push(query.system);
  }
  const rows = core.sqlite
    .prepare(
      `SELECT f.id, f.audit_id AS auditId, f.severity, f.status, f.created_at AS createdAt, f.updated_at AS updatedAt,
         json_extract(l.fields, '$.status') AS setStatus, coalesce(json_extract(l.fields, '$.updatedAt'), f.updated_at) AS setAt
       FROM findings f LEFT JOIN ledger l ON l.entity = 'findings' AND l.entity_id = f.id AND json_extract(l.fields, '$.status') IS NOT NULL
       WHERE ${where.join(' AND ')} ORDER BY f.id, l.hlc`,
    )
    .all(...params) as Array<{ id: string; auditId: string; severity: string; status: string; createdAt: string; updatedAt: string; setStatus: string | null; setAt: string }>;
  const spans = new Map<string, FindingSpan & { raisedSeen: boolean }>();
  for (const row of rows) {
    let span = spans.get(row.id);
    if (!span) {
      const severity = (severities as readonly string[]).includes(row.severity) ? (row.severity as Severity) : 'informational';
      // Until the ledger says otherwise: raised when made, closed when last changed (a row whose entries this laptop lacks).
      span = { id: row.id, auditId: row.auditId, severity, raisedAt: row.createdAt, closedAt: done.has(row.status) ? row.updatedAt : null, raisedSeen: false };
      spans.set(row.id, span);
    }
    if (row.setStatus === null) continue;
    if (row.setStatus !== 'draft' && !span.raisedSeen) {
      span.raisedAt = row.setAt;
      span.raisedSeen = true;
    }
    // The newest entry that closed it: a merge may have set the status more than once.
    if (done.has(row.status) && done.has(row.setStatus)) span.closedAt = row.setAt;
  }
  return [...spans.values()].map(({ raisedSeen: _seen, ...span }) => span);
}

const zeros = (n: number) => Array.from({ length: n }, () => 0);

function chartsFrom(slots: PeriodSlot[], raisedIn: (f: FindingSpan) => number, closedIn: (f: FindingSpan) => number, openAtEnd: (f: FindingSpan, i: number) => boolean, spans: FindingSpan[], period: TrendQuery['period']): TrendChart[] {
  const cycles = period === 'cycle';
  const categories = slots.map((s) => s.label);
  const raised = new Map(severities.map((s) => [s, zeros(slots.length)]));
  const closed = new Map(severities.map((s) => [s, zeros(slots.length)]));
  const open = zeros(slots.length);
  const population = zeros(slots.length);
  for (const f of spans) {
    const r = raisedIn(f);
    if (r >= 0) (raised.get(f.severity) as number[])[r]! += 1;
    const c = closedIn(f);
    if (c >= 0) (closed.get(f.severity) as number[])[c]! += 1;
    for (let i = 0; i < slots.length; i++) if (openAtEnd(f, i)) open[i]! += 1;
    for (let i = 0; i < slots.length; i++) if (cycles ? f.auditId === slots[i]!.auditId : f.raisedAt < slots[i]!.end) population[i]! += 1;
  }
  const bySeverity = (counts: Map<Severity, number[]>) => severities.map((s) => ({ name: s, values: [...(counts.get(s) as number[])], basis: [...(counts.get(s) as number[])] }));
  const when = cycles ? 'audit cycle' : period;
  return [
    {
      id: 'findings.raised',
      group: 'findings',
      title: `Findings raised per ${when}`,
      definition: cycles
        ? 'Findings of each audit that left draft, by severity. Drafts (including those drafted by rules and never confirmed) are not counted.'
        : 'Findings that left draft in each period (UTC), by severity, dated when their status left draft. Drafts are not counted.',
      unit: 'count',
      kind: 'stacked-bar',
      categories,
      series: bySeverity(raised),
      better: 'lower',
    },
    {
      id: 'findings.closed',
      group: 'findings',
      title: `Findings closed per ${when}`,
      definition: cycles
        ? "Findings of each audit that were closed or had their risk accepted by the cycle's end (its finalisation, or now while it is open), by severity."
        : 'Findings closed or whose risk was accepted in each period (UTC), by severity, dated when that status was set.',
      unit: 'count',
      kind: 'stacked-bar',
      categories,
      series: bySeverity(closed),
      better: 'higher',
    },
    {
      id: 'findings.open',
      group: 'findings',
      title: `Open findings at the end of each ${when}`,
      definition: cycles
        ? "Findings of each audit still open at the cycle's end (its finalisation, or now while it is open): raised and neither closed nor risk accepted. Basis: the audit's raised findings."
        : "Findings raised on or before the period's end and neither closed nor risk accepted by then (a finalised audit's findings stay as it left them). Basis: the findings raised by then.",
      unit: 'count',
      kind: 'line',
      categories,
      series: [{ name: 'Open findings', values: open, basis: population }],
      better: 'lower',
    },
  ];
}

/** Typed by its shape, not by TrendProvider: providers.ts imports it, so it may not import providers.ts back. */
export const findingsTrendProvider = {
  id: 'findings',
  charts(core: Core, query: TrendQuery): TrendChart[] {
    const spans = findingSpans(core, query);
    if (query.period === 'cycle') {
      const slots = auditCycles(core, query);
      const index = new Map(slots.map((s, i) => [s.auditId as string, i]));
      const at = (f: FindingSpan) => index.get(f.auditId) ?? -1;
      const closedBy = (f: FindingSpan, i: number) => f.closedAt !== null && f.closedAt < (slots[i] as PeriodSlot).end;
      return chartsFrom(
        slots,
        at,
        (f) => (at(f) >= 0 && closedBy(f, at(f)) ? at(f) : -1),
        (f, i) => at(f) === i && f.raisedAt < (slots[i] as PeriodSlot).end && !closedBy(f, i),
        spans,
        'cycle',
      );
    }
    const times = spans.flatMap((f) => (f.closedAt ? [f.raisedAt, f.closedAt] : [f.raisedAt]));
    const slots = calendarSlots(times, query.period, query);
    return chartsFrom(
      slots,
      (f) => slotIndex(slots, f.raisedAt),
      (f) => (f.closedAt ? slotIndex(slots, f.closedAt) : -1),
      (f, i) => f.raisedAt < (slots[i] as PeriodSlot).end && (f.closedAt === null || f.closedAt >= (slots[i] as PeriodSlot).end),
      spans,
      query.period,
    );
  },
};
