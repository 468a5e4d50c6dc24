import type { EmergencyReview } from '../../shared/api/kpis';
import type { Core } from '../services';
import { percentOf } from './catalogue';
import { refreshKpis } from './store';

// Emergency releases across time, from the kept figures: how many per system and month, their causes
// (normalised by emergency-causes.ts when the figures were kept) and the checklist items they bypassed.
// And what the rules read of one audit: its emergency share and the threshold its plan sets.

export function emergencyReview(core: Core, input: { system: string | null; auditId: string | null }): EmergencyReview {
  refreshKpis(core);
  const where = ['1 = 1', ...(input.system !== null ? ['system = @system'] : []), ...(input.auditId !== null ? ['audit_id = @auditId'] : [])].join(' AND ');
  const params = { ...(input.system !== null ? { system: input.system } : {}), ...(input.auditId !== null ? { auditId: input.auditId } : {}) };
  const perMonth = core.sqlite
    .prepare(`SELECT system, month, sum(numerator) AS emergency, sum(denominator) AS releases FROM kpi_figures WHERE kpi = 'emergency-share' AND part = '' AND ${where} GROUP BY system, month ORDER BY system, month`)
    .all(params) as Array<{ system: string; month: string; emergency: number; releases: number }>;
  const grouped = (kpi: string, prefix: string) =>
    (core.sqlite.prepare(`SELECT part, sum(numerator) AS n FROM kpi_figures WHERE kpi = '${kpi}' AND ${where} GROUP BY part ORDER BY n DESC, part`).all(params) as Array<{ part: string; n: number }>).map(
      (r) => ({ key: r.part.slice(prefix.length), releases: r.n }),
    );
  return {
    bySystemMonth: perMonth.map((r) => ({ ...r, sharePercent: percentOf(r.emergency, r.releases) })),
    causes: grouped('emergency-cause', 'cause:').map((c) => ({ cause: c.key, releases: c.releases })),
    bypassed: grouped('emergency-bypass', 'item:').map((c) => ({ itemKey: c.key, releases: c.releases })),
    emergency: perMonth.reduce((n, r) => n + r.emergency, 0),
    releases: perMonth.reduce((n, r) => n + r.releases, 0),
  };
}

/**
 * What an audit's emergency releases say to the rules (`audit.emergency*`): the share of its releases
 * that were emergencies, the threshold its plan sets (absent when it sets none), and the newest
 * emergency release, which the rule drafts its one finding on. Typed structurally: the rules read it
 * through their list of settings readers, and this domain does not import them.
 */
export function emergencyShareSettings(core: Core, auditId: string): Record<string, unknown> {
  const counts = core.sqlite.prepare('SELECT count(*) AS releases, coalesce(sum(emergency), 0) AS emergency FROM releases WHERE audit_id = ?').get(auditId) as { releases: number; emergency: number };
  const plan = core.sqlite.prepare('SELECT emergency_share_threshold_percent AS threshold FROM audit_plans WHERE id = ?').get(auditId) as { threshold: number | null } | undefined;
  const newest = core.sqlite
    .prepare('SELECT id, identifier FROM releases WHERE audit_id = ? AND emergency = 1 ORDER BY coalesce(window_start, created_at) DESC, id DESC LIMIT 1')
    .get(auditId) as { id: string; identifier: string } | undefined;
  const share = percentOf(counts.emergency, counts.releases);
  return {
    emergencyReleases: counts.emergency,
    releaseCount: counts.releases,
    ...(share !== null ? { emergencySharePercent: share } : {}),
    ...(plan?.threshold !== null && plan?.threshold !== undefined ? { emergencyShareThresholdPercent: plan.threshold } : {}),
    ...(newest ? { newestEmergencyRelease: newest.id, newestEmergencyIdentifier: newest.identifier } : {}),
  };
}
