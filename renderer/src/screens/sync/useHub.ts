import { useCallback, useEffect, useRef, useState } from 'react';
import type { HubStatus, HubSyncReport } from '../../../../shared/api/hub-sync';
import { api } from '../../api/client';
import { cancelJob, followJob } from '../../api/follow-job';

// The Team hub panel's state: the hub's status (for the audit chosen), and the sync running now,
// followed whether it was started here ("Sync now") or by the background scheduler.

export type SyncPhase =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: string; stage: string; fraction: number }
  | { kind: 'done'; report: HubSyncReport }
  | { kind: 'failed'; message: string };

export function useHub(auditId: string | null, onSynced: () => void) {
  const [status, setStatus] = useState<HubStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<SyncPhase>({ kind: 'idle' });
  const following = useRef<string | null>(null);

  const follow = useCallback(
    async (handle: { jobId: string; kind: 'hub.sync' }) => {
      if (following.current === handle.jobId) return;
      following.current = handle.jobId;
      setPhase({ kind: 'running', jobId: handle.jobId, stage: 'Starting', fraction: 0 });
      try {
        const report = await followJob(handle, (step) => setPhase({ kind: 'running', jobId: handle.jobId, stage: step.phase, fraction: step.fraction }), 'The sync with the hub did not finish.');
        setPhase({ kind: 'done', report });
        onSynced();
      } catch (failure) {
        setPhase({ kind: 'failed', message: (failure as Error).message });
      } finally {
        following.current = null;
        setStatus(await api['hub.status'](auditId ? { auditId } : {}).catch(() => null));
      }
    },
    [auditId, onSynced],
  );

  const refresh = useCallback(async () => {
    try {
      const next = await api['hub.status'](auditId ? { auditId } : {});
      setStatus(next);
      setError(null);
      if (next.running) void follow(next.running);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [auditId, follow]);

  useEffect(() => {
    let live = true;
    api['hub.status'](auditId ? { auditId } : {}).then(
      (next) => {
        if (!live) return;
        setStatus(next);
        setError(null);
        if (next.running) void follow(next.running);
      },
      (failure: unknown) => live && setError((failure as Error).message),
    );
    return () => {
      live = false;
    };
  }, [auditId, follow]);

  const syncNow = useCallback(async () => {
    if (following.current) return;
    try {
      void follow(await api['hub.sync']({}));
    } catch (failure) {
      setPhase({ kind: 'failed', message: (failure as Error).message });
    }
  }, [follow]);

  const cancel = useCallback(() => {
    if (following.current) void cancelJob(following.current);
  }, []);

  return { status, error, phase, refresh, syncNow, cancel };
}
