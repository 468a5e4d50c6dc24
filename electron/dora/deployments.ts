import type { DoraDeployment, DoraGap } from '../../shared/api/dora';
import type { Core } from '../services';
import { allReleases, isProduction, signalReader, type ReleaseSignals } from './release-signals';

// Every production deployment the app knows of, linked to the ones around it: the commits it shipped
// (those since the previous deployment of its system), whether it failed (rolled back, or the next
// deployment of its system is a hotfix within FAILURE_WINDOW_DAYS) and when it recovered. Worked out once and kept
// until something is written: each view filters and groups the kept list instead of reading the
// database again. "Something is written" is the ledger's newest row, since every change goes through it.

/** A hotfix or emergency release of the same system deployed within this many days marks the deployment before it as failed. */
export const FAILURE_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

export interface Deployment extends DoraDeployment {
  auditCreatedAt: string;
  /** Why it has no lead time, or null when it has one. */
  leadTimeGap: string | null;
  /** Each shipped commit's lead time in hours (the key's median is over these). */
  commitLeadHours: number[];
  /** Why a failed deployment has no recovery time, or null. */
  recoveryGap: string | null;
}

export interface DeploymentSet {
  deployments: Deployment[];
  /** Releases not counted as production deployments, with their audit and system for scoping. */
  notCounted: Array<DoraGap & { auditId: string; system: string }>;
}

const kept = new WeakMap<Core, { stamp: number; set: DeploymentSet }>();

/** The deployments, from the kept list when nothing was written since it was made. */
export function deploymentSet(core: Core): DeploymentSet {
  const stamp = (core.sqlite.prepare('SELECT coalesce(max(rowid), 0) AS n FROM ledger').get() as { n: number }).n;
  const cached = kept.get(core);
  if (cached && cached.stamp === stamp) return cached.set;
  const set = buildDeployments(core);
  kept.set(core, { stamp, set });
  return set;
}

export function buildDeployments(core: Core): DeploymentSet {
  const read = signalReader(core);
  const notCounted: DeploymentSet['notCounted'] = [];
  const signals: ReleaseSignals[] = [];
  for (const release of allReleases(core)) {
    const gap = (reason: string) => notCounted.push({ releaseId: release.id, identifier: release.identifier, reason, auditId: release.auditId, system: release.system });
    if (!isProduction(release)) {
      gap(`not a production deployment (its environments are ${release.environments.join(', ')})`);
      continue;
    }
    const s = read(release);
    if (s.deployedAt === null) gap('no deployment time: no successful pipeline run, no finished step in the war-room log and no deployment window');
    else signals.push(s);
  }
  signals.sort((a, b) => Date.parse(a.deployedAt as string) - Date.parse(b.deployedAt as string) || a.release.id.localeCompare(b.release.id));

  const bySystem = new Map<string, ReleaseSignals[]>();
  for (const s of signals) bySystem.set(s.release.system, [...(bySystem.get(s.release.system) ?? []), s]);

  const deployments: Deployment[] = [];
  for (const list of bySystem.values()) {
    list.forEach((s, index) => deployments.push(deploymentOf(s, list[index - 1] ?? null, list.slice(index + 1))));
  }
  deployments.sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt) || a.releaseId.localeCompare(b.releaseId));
  return { deployments, notCounted };
}

function deploymentOf(s: ReleaseSignals, previous: ReleaseSignals | null, later: ReleaseSignals[]): Deployment {
  const deployedMs = Date.parse(s.deployedAt as string);
  const previousMs = previous ? Date.parse(previous.deployedAt as string) : Number.NEGATIVE_INFINITY;

  // The commits it shipped: committed after the previous deployment of its system, and not after it.
  const timed = s.commitTimes.filter((t): t is string => t !== null && Number.isFinite(Date.parse(t)));
  const shipped = timed.map((t) => Date.parse(t)).filter((t) => t > previousMs && t <= deployedMs);
  const commitLeadHours = shipped.map((t) => (deployedMs - t) / HOUR_MS);
  const leadTimeGap =
    s.commitTimes.length === 0
      ? 'no commits imported (no git log for this release)'
      : timed.length === 0
        ? 'no commit times (its git log gives none)'
        : shipped.length === 0
          ? 'none of its commits falls between the previous deployment of its system and this one'
          : null;

  // Failed: rolled back, or a hotfix / emergency release of the same system followed within the window.
  const rollback = s.rollbacks[0] ?? null;
  // A hotfix answers the deployment just before it: only the next deployment of the system is looked at.
  const next = later[0];
  const hotfix = next && next.hotfix && Date.parse(next.deployedAt as string) - deployedMs <= FAILURE_WINDOW_DAYS * DAY_MS ? next : null;
  let failure: string | null = null;
  let recoveredAt: string | null = null;
  if (rollback) {
    failure = rollback.how;
    recoveredAt = rollback.recoveredAt ?? (hotfix ? (hotfix.deployedAt as string) : null);
  } else if (hotfix) {
    failure = `hotfix ${hotfix.release.identifier} (${hotfix.hotfixWhy}) followed within ${FAILURE_WINDOW_DAYS} days`;
    recoveredAt = hotfix.deployedAt as string;
  }
  // Recovery is measured from the deployment; a rollback logged before the pipeline's end counts from the rollback.
  const recoveryFrom = rollback && Date.parse(rollback.startedAt) < deployedMs ? Date.parse(rollback.startedAt) : deployedMs;
  const recoveryHours = recoveredAt ? Math.max(0, (Date.parse(recoveredAt) - recoveryFrom) / HOUR_MS) : null;

  return {
    releaseId: s.release.id,
    auditId: s.release.auditId,
    auditName: s.release.auditName,
    auditCreatedAt: s.release.auditCreatedAt,
    identifier: s.release.identifier,
    system: s.release.system,
    deployedAt: new Date(deployedMs).toISOString(),
    deployedAtFrom: s.deployedAtFrom,
    hotfix: s.hotfix,
    commits: shipped.length,
    leadTimeHours: commitLeadHours.length > 0 ? median(commitLeadHours) : null,
    commitLeadHours,
    leadTimeGap,
    failed: failure !== null,
    failure,
    recoveredAt,
    recoveryHours,
    recoveryGap: failure !== null && recoveredAt === null ? 'failed and not recovered yet (no recovered rollback, no hotfix since)' : null,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
