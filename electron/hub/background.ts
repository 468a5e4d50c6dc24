import type { Core } from '../services';
import { HubUnreachableError, pingHub } from './client';
import { endpointOfConnection, getConnection } from './connection';
import { runningHubSync, startHubSync } from './sync-job';

// Sync in the background: at start and every few minutes, when this laptop is connected to a hub and
// background sync is on, a cheap look (the hub's unsigned info over the pinned TLS) says whether the
// hub is reachable; if it is and no sync is running, the sync job starts. Stops with the host.

export const BACKGROUND_INTERVAL_MS = 5 * 60_000;

/** What one look did: nothing to do, a sync already running, the hub out of reach or not the one connected to, or a sync started. */
export type BackgroundTick =
  | { outcome: 'not-connected' | 'off' | 'busy' | 'stopped' }
  | { outcome: 'offline'; message: string }
  /** The hub answered, but not as the one connected to (another TLS certificate or key), or the look failed. */
  | { outcome: 'refused'; message: string }
  | { outcome: 'started'; jobId: string };

/** Calls `tick` every `ms` until the returned function is called (injected in tests). */
export type Scheduler = (tick: () => void, ms: number) => () => void;

const everyInterval: Scheduler = (tick, ms) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface BackgroundSync {
  /** One look now (what the timer does); never overlaps another look or a running sync. */
  tick: () => Promise<BackgroundTick>;
  stop: () => void;
}

export function startBackgroundSync(core: Core, options: { intervalMs?: number; schedule?: Scheduler; onTick?: (tick: BackgroundTick) => void } = {}): BackgroundSync {
  let stopped = false;
  let looking: Promise<BackgroundTick> | null = null;

  async function look(): Promise<BackgroundTick> {
    if (stopped) return { outcome: 'stopped' };
    const connection = getConnection(core);
    const endpoint = endpointOfConnection(core);
    if (!connection || !endpoint) return { outcome: 'not-connected' };
    if (!connection.background) return { outcome: 'off' };
    if (runningHubSync(core)) return { outcome: 'busy' };
    try {
      await pingHub(endpoint);
    } catch (error) {
      if (error instanceof HubUnreachableError) return { outcome: 'offline', message: error.message };
      throw error;
    }
    // The host may have stopped, or someone pressed "Sync now", while the hub was answering.
    if (stopped) return { outcome: 'stopped' };
    const { handle, started } = startHubSync(core);
    return started ? { outcome: 'started', jobId: handle.jobId } : { outcome: 'busy' };
  }

  const tick = (): Promise<BackgroundTick> => {
    looking ??= look()
      .catch((error: unknown): BackgroundTick => ({ outcome: 'refused', message: (error as Error).message }))
      .then((result) => {
        looking = null;
        options.onTick?.(result);
        return result;
      });
    return looking;
  };

  const cancel = (options.schedule ?? everyInterval)(() => void tick(), options.intervalMs ?? BACKGROUND_INTERVAL_MS);
  void tick();
  return {
    tick,
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
