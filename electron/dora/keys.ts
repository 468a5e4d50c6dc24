import type { DoraGap, DoraKey, DoraKeyId } from '../../shared/api/dora';
import type { TrendPeriod } from '../../shared/api/trends';
import { bandOf } from './bands';
import { FAILURE_WINDOW_DAYS, median, type Deployment } from './deployments';

// The four keys over a set of deployments, and the same set cut into months, quarters or audit cycles.

const DAY_MS = 24 * 60 * 60_000;
/** A span shorter than a week would make one deployment read as several a week. */
const MIN_SPAN_DAYS = 7;

export const keyTitles: Record<DoraKeyId, string> = {
  'deployment-frequency': 'Deployment frequency',
  'lead-time': 'Lead time for changes',
  'change-failure-rate': 'Change failure rate',
  'recovery-time': 'Failed-deployment recovery time',
};

export const keyUnits = { 'deployment-frequency': 'per-week', 'lead-time': 'hours', 'change-failure-rate': 'percent', 'recovery-time': 'hours' } as const;

export const keyDefinitions: Record<DoraKeyId, string> = {
  'deployment-frequency':
    'Production deployments per week: how many there were, divided by the length of the period in weeks. A production deployment is a release whose environments include production (prod, production, prd, live) or name none; it is dated by the end of its last successful imported pipeline run, else the last step or node the war-room log shows finished, else the end (or start) of its deployment window. A month or quarter (in UTC) lasts its calendar days; an audit cycle, or the whole choice, lasts from its first to its last deployment day, and at least 7 days.',
  'lead-time':
    "Median hours from commit to production over every commit shipped. The commits a deployment shipped are those of its release's imported git logs committed after the previous production deployment of the same system and not after this one (commit time, else author time). Deployments with no such commit are left out.",
  'change-failure-rate': `Share of production deployments that failed: rolled back (a rollback in the war-room log, or an aborted Argo rollout imported), or answered by a hotfix, meaning the next deployment of the same system is a hotfix or emergency release (marked emergency, named or ticketed as a hotfix, or an emergency change record) deployed within ${FAILURE_WINDOW_DAYS} days.`,
  'recovery-time':
    "Median hours from a failed deployment to recovery: the end of a rollback with the service recovered (an aborted Argo rollout recovers when aborted), else the hotfix's deployment. Failed deployments not recovered yet are left out.",
};

export interface KeyFigures {
  values: Record<DoraKeyId, number | null>;
  basisIds: Record<DoraKeyId, string[]>;
  leftOut: Record<DoraKeyId, DoraGap[]>;
}

const gap = (d: Deployment, reason: string): DoraGap => ({ releaseId: d.releaseId, identifier: d.identifier, reason });

/** The four figures over these deployments, spread over `spanDays` days. */
export function figuresOf(deployments: Deployment[], spanDays: number): KeyFigures {
  const withLead = deployments.filter((d) => d.commitLeadHours.length > 0);
  const failed = deployments.filter((d) => d.failed);
  const recovered = failed.filter((d) => d.recoveryHours !== null);
  const recoveryTimes = recovered.map((d) => d.recoveryHours as number);
  return {
    values: {
      'deployment-frequency': spanDays > 0 ? (deployments.length * 7) / spanDays : null,
      'lead-time': withLead.length > 0 ? median(withLead.flatMap((d) => d.commitLeadHours)) : null,
      'change-failure-rate': deployments.length > 0 ? (failed.length / deployments.length) * 100 : null,
      'recovery-time': recoveryTimes.length > 0 ? median(recoveryTimes) : null,
    },
    basisIds: {
      'deployment-frequency': deployments.map((d) => d.releaseId),
      'lead-time': withLead.map((d) => d.releaseId),
      'change-failure-rate': deployments.map((d) => d.releaseId),
      'recovery-time': recovered.map((d) => d.releaseId),
    },
    leftOut: {
      'deployment-frequency': [],
      'lead-time': deployments.filter((d) => d.leadTimeGap !== null).map((d) => gap(d, d.leadTimeGap as string)),
      'change-failure-rate': [],
      'recovery-time': failed.filter((d) => d.recoveryGap !== null).map((d) => gap(d, d.recoveryGap as string)),
    },
  };
}

export function keysOf(figures: KeyFigures): DoraKey[] {
  return (Object.keys(keyTitles) as DoraKeyId[]).map((key) => ({
    key,
    title: keyTitles[key],
    unit: keyUnits[key],
    value: figures.values[key],
    band: bandOf(key, figures.values[key]),
    basis: figures.basisIds[key].length,
    basisIds: figures.basisIds[key],
    definition: keyDefinitions[key],
    leftOut: figures.leftOut[key],
  }));
}

const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/** Days from the first to the last deployment day, both counted, and at least a week; bounded by from/to when given. */
export function spanDays(deployments: Deployment[], from?: string, to?: string): number {
  if (from && to) return dayOf(`${to}T00:00:00Z`) - dayOf(`${from}T00:00:00Z`) + 1;
  if (deployments.length === 0) return 0;
  const first = from ? dayOf(`${from}T00:00:00Z`) : dayOf((deployments[0] as Deployment).deployedAt);
  const last = to ? dayOf(`${to}T00:00:00Z`) : dayOf((deployments.at(-1) as Deployment).deployedAt);
  return Math.max(MIN_SPAN_DAYS, last - first + 1);
}

export interface PeriodCut {
  label: string;
  deployments: Deployment[];
  days: number;
}

/** The deployments (oldest first) cut into periods, oldest first; months and quarters without a deployment are kept (at zero). */
export function cutIntoPeriods(deployments: Deployment[], period: TrendPeriod, bounds: { from?: string | undefined; to?: string | undefined }): PeriodCut[] {
  if (period === 'cycle') {
    const byAudit = new Map<string, Deployment[]>();
    for (const d of deployments) byAudit.set(d.auditId, [...(byAudit.get(d.auditId) ?? []), d]);
    return [...byAudit.values()]
      .sort((a, b) => (a[0] as Deployment).auditCreatedAt.localeCompare((b[0] as Deployment).auditCreatedAt))
      .map((list, _i, all) => {
        const audit = list[0] as Deployment;
        // Two audits of the same name are told apart by the day each was created.
        const named = all.filter((other) => (other[0] as Deployment).auditName === audit.auditName).length > 1;
        return { label: named ? `${audit.auditName} (${audit.auditCreatedAt.slice(0, 10)})` : audit.auditName, deployments: list, days: spanDays(list) };
      });
  }
  if (deployments.length === 0 && !(bounds.from && bounds.to)) return [];
  const first = bounds.from ?? (deployments[0] as Deployment).deployedAt.slice(0, 10);
  const last = bounds.to ?? (deployments.at(-1) as Deployment).deployedAt.slice(0, 10);
  const cuts: PeriodCut[] = [];
  let [year, index] = periodOf(first, period);
  const [lastYear, lastIndex] = periodOf(last, period);
  while (year < lastYear || (year === lastYear && index <= lastIndex)) {
    const months = period === 'month' ? 1 : 3;
    const startMonth = period === 'month' ? index : (index - 1) * 3 + 1;
    const start = Date.UTC(year, startMonth - 1, 1);
    const end = Date.UTC(year, startMonth - 1 + months, 1);
    // Clipped to the bounds asked for, so a half month asked for counts its own days.
    const lo = bounds.from ? Math.max(start, Date.parse(`${bounds.from}T00:00:00Z`)) : start;
    const hi = bounds.to ? Math.min(end, Date.parse(`${bounds.to}T00:00:00Z`) + DAY_MS) : end;
    cuts.push({
      label: period === 'month' ? `${year}-${String(index).padStart(2, '0')}` : `${year}-Q${index}`,
      deployments: deployments.filter((d) => Date.parse(d.deployedAt) >= start && Date.parse(d.deployedAt) < end),
      days: Math.round((hi - lo) / DAY_MS),
    });
    index += 1;
    if (index > (period === 'month' ? 12 : 4)) [year, index] = [year + 1, 1];
  }
  return cuts;
}

function periodOf(date: string, period: 'month' | 'quarter'): [number, number] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return [year, period === 'month' ? month : Math.ceil(month / 3)];
}
