import type { DoraKeys, DoraQuery } from '../../shared/api/dora';
import { doraKeyIds } from '../../shared/api/dora';
import { AppError } from '../../shared/api/errors';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { benchmark, doraBands } from './bands';
import { deploymentSet, FAILURE_WINDOW_DAYS, type Deployment } from './deployments';
import { cutIntoPeriods, figuresOf, keysOf, spanDays } from './keys';

// DORA's four keys for a choice of scope (all audits, one audit, one system) and period: the kept
// deployment list filtered and grouped, so a view costs no database reads beyond one stamp.

/** The most periods one answer holds (a month per period over 25 years). */
const MAX_PERIODS = 300;

export function doraKeys(core: Core, query: DoraQuery): DoraKeys {
  if (query.auditId) requireAudit(core, query.auditId);
  const set = deploymentSet(core);
  const system = query.system?.trim();
  if (system !== undefined && system !== '' && !set.deployments.some((d) => d.system === system) && !set.notCounted.some((g) => g.system === system)) {
    throw new AppError('NOT_FOUND', `No release names the system "${system}".`);
  }
  const inScope = (d: { auditId: string; system: string }) => (!query.auditId || d.auditId === query.auditId) && (!system || d.system === system);
  const inDates = (d: Deployment) => (!query.from || d.deployedAt.slice(0, 10) >= query.from) && (!query.to || d.deployedAt.slice(0, 10) <= query.to);
  const scoped = set.deployments.filter((d) => inScope(d));
  const deployments = scoped.filter(inDates);

  const cuts = cutIntoPeriods(deployments, query.period, { from: query.from, to: query.to });
  if (cuts.length > MAX_PERIODS) {
    throw new AppError('VALIDATION', `That asks for ${cuts.length} ${query.period === 'month' ? 'months' : 'quarters'}; choose from and to dates ${MAX_PERIODS} periods apart at most.`);
  }
  return {
    period: query.period,
    benchmark: { ...benchmark },
    failureWindowDays: FAILURE_WINDOW_DAYS,
    keys: keysOf(figuresOf(deployments, spanDays(deployments, query.from, query.to))),
    bands: doraBands,
    periods: cuts.map((cut) => {
      const figures = figuresOf(cut.deployments, cut.days);
      return {
        label: cut.label,
        deployments: cut.deployments.length,
        releaseIds: cut.deployments.map((d) => d.releaseId),
        values: figures.values,
        basis: Object.fromEntries(doraKeyIds.map((k) => [k, figures.basisIds[k].length])) as DoraKeys['periods'][number]['basis'],
      };
    }),
    deployments: deployments.map(({ auditCreatedAt: _created, leadTimeGap: _lead, commitLeadHours: _hours, recoveryGap: _gap, ...shown }) => shown),
    notCounted: set.notCounted.filter(inScope).map(({ releaseId, identifier, reason }) => ({ releaseId, identifier, reason })),
    systems: [...new Set(set.deployments.filter((d) => !query.auditId || d.auditId === query.auditId).map((d) => d.system))].sort(),
  };
}
