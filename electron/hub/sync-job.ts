import type { HubSyncReport } from '../../shared/api/hub-sync';
import type { JobHandle } from '../../shared/api/jobs';
import { toErrorBody } from '../error-body';
import { utcNow } from '../ids';
import { jobsOf, type Progress } from '../jobs/jobs';
import type { Core } from '../services';
import { HubUnreachableError, syncWithHub } from './client';
import { recordSync, requireConnection } from './connection';

// Sync with the team hub as a job (hub.sync), started by hand or by the background scheduler, never
// two at once: asking while one runs answers the running one. A hub that cannot be reached ends the
// job "offline", not failed: work goes on here and nothing is lost.

const running = new WeakMap<Core, JobHandle<'hub.sync'>>();

/** The sync running now, if any. */
export function runningHubSync(core: Core): JobHandle<'hub.sync'> | null {
  const handle = running.get(core);
  if (!handle) return null;
  return jobsOf(core).progress(handle.jobId).state === 'running' ? handle : null;
}

/**
 * One sync with the connected hub, its outcome kept on the connection: synced, or offline when the
 * hub cannot be reached (answered, not thrown). Any other failure is kept and thrown.
 */
export async function runHubSync(core: Core, progress: Progress = () => {}, signal?: AbortSignal): Promise<HubSyncReport> {
  const endpoint = requireConnection(core);
  try {
    const result = await syncWithHub(core, endpoint, progress, signal);
    const report: HubSyncReport = { at: result.at, outcome: 'synced', message: null, audits: result.audits, notTaken: result.notTaken };
    recordSync(core, report);
    return report;
  } catch (error) {
    const { message } = toErrorBody(error);
    const outcome = signal?.aborted ? 'cancelled' : error instanceof HubUnreachableError ? 'offline' : 'failed';
    const report: HubSyncReport = { at: utcNow(), outcome, message, audits: [], notTaken: [] };
    recordSync(core, report);
    if (outcome === 'offline') return report;
    throw error;
  }
}

/** Starts a sync with the connected hub as a job (or answers the one running); `started` says which. */
export function startHubSync(core: Core): { handle: JobHandle<'hub.sync'>; started: boolean } {
  const current = runningHubSync(core);
  if (current) return { handle: current, started: false };
  requireConnection(core);
  const handle = jobsOf(core).start('hub.sync', (progress, signal) => runHubSync(core, progress, signal), { cancellable: true });
  running.set(core, handle);
  return { handle, started: true };
}
