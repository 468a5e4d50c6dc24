import type { TrendQuery } from '../../shared/api/trends';
import type { Core } from '../services';

// The periods a chart's x axis runs over, the same for every provider: calendar months and quarters
// in UTC (a time belongs to the month its UTC date falls in), or audit cycles (one audit each, oldest
// first). A provider puts its figures into these slots; this file knows nothing of any figure.

/** One category of a chart: its label, and the times it covers (UTC ISO, start inclusive, end exclusive). */
export interface PeriodSlot {
  label: string;
  start: string;
  end: string;
  /** The audit of an audit cycle. */
  auditId?: string;
}

/** The month ('2026-03') or quarter ('2026-Q1') a UTC time falls in. */
export function calendarKey(at: string, period: 'month' | 'quarter'): string {
  const year = at.slice(0, 4);
  const month = Number(at.slice(5, 7));
  return period === 'month' ? `${year}-${at.slice(5, 7)}` : `${year}-Q${Math.ceil(month / 3)}`;
}

function slotStarting(year: number, month: number, period: 'month' | 'quarter'): PeriodSlot {
  const step = period === 'month' ? 1 : 3;
  const start = new Date(Date.UTC(year, month - 1, 1)).toISOString();
  const end = new Date(Date.UTC(year, month - 1 + step, 1)).toISOString();
  return { label: calendarKey(start, period), start, end };
}

/** The slot a UTC time falls in. */
export function calendarSlot(at: string, period: 'month' | 'quarter'): PeriodSlot {
  const year = Number(at.slice(0, 4));
  const month = Number(at.slice(5, 7));
  return slotStarting(year, period === 'month' ? month : (Math.ceil(month / 3) - 1) * 3 + 1, period);
}

/** Whether a slot overlaps the query's inclusive date bounds. */
export function withinBounds(slot: Pick<PeriodSlot, 'start' | 'end'>, query: Pick<TrendQuery, 'from' | 'to'>): boolean {
  if (query.to !== undefined && slot.start.slice(0, 10) > query.to) return false;
  if (query.from !== undefined && slot.end <= `${query.from}T00:00:00.000Z`) return false;
  return true;
}

/**
 * Every month or quarter from the one holding the earliest time to the one holding the latest, with
 * the empty ones between (a chart shows a period with nothing as zero, not as a gap), kept to the
 * query's bounds. No times: no periods.
 */
export function calendarSlots(times: string[], period: 'month' | 'quarter', query: Pick<TrendQuery, 'from' | 'to'>): PeriodSlot[] {
  if (times.length === 0) return [];
  let first = times[0] as string;
  let last = first;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const slots: PeriodSlot[] = [];
  for (let slot = calendarSlot(first, period); slot.start <= last; slot = calendarSlot(slot.end, period)) {
    if (withinBounds(slot, query)) slots.push(slot);
  }
  return slots;
}

/**
 * The audit cycles of a query, oldest first: each audit from its creation to its finalisation (or to
 * now while it is open), labelled with its name (a name two audits share gets its start date). One
 * audit asked for: that cycle alone. A system asked for: the audits with a release of that system.
 */
export function auditCycles(core: Core, query: TrendQuery, now: string = new Date().toISOString()): PeriodSlot[] {
  const where: string[] = [];
  const params: string[] = [];
  if (query.auditId !== undefined) {
    where.push('a.id = ?');
    params.push(query.auditId);
  }
  if (query.system !== undefined) {
    where.push('EXISTS (SELECT 1 FROM releases r WHERE r.audit_id = a.id AND lower(trim(r.system)) = lower(trim(?)))');
    params.push(query.system);
  }
  const rows = core.sqlite
    .prepare(`SELECT a.id, a.name, a.created_at AS createdAt, a.finalised_at AS finalisedAt FROM audits a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at, a.id`)
    .all(...params) as Array<{ id: string; name: string; createdAt: string; finalisedAt: string | null }>;
  const named = new Map<string, number>();
  for (const r of rows) named.set(r.name, (named.get(r.name) ?? 0) + 1);
  return rows
    .map((r) => ({ label: (named.get(r.name) ?? 0) > 1 ? `${r.name} (${r.createdAt.slice(0, 10)})` : r.name, start: r.createdAt, end: r.finalisedAt ?? now, auditId: r.id }))
    .filter((slot) => withinBounds(slot, query));
}

/** The index of the slot holding a time, or -1 (slots are in time order and do not overlap). */
export function slotIndex(slots: PeriodSlot[], at: string): number {
  let low = 0;
  let high = slots.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const slot = slots[mid] as PeriodSlot;
    if (at < slot.start) high = mid - 1;
    else if (at >= slot.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
