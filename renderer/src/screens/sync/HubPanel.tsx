import { useCallback, useEffect, useState } from 'react';
import type { HubConnection, HubStatus, HubSyncReport } from '../../../../shared/api/hub-sync';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { AuditSelect } from './AuditSelect';
import { ProgressBar } from '../../components/ProgressBar';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { EmptyLine } from './EmptyLine';
import { formatFingerprint, when } from './format';
import { HubLookup } from './HubLookup';
import { useHub, type SyncPhase } from './useHub';

/** The team hub: connect after comparing its fingerprints, then sync by hand (S) or in the background, and see who is on an audit. */
export function HubPanel() {
  const audits = useAudits((s) => s.audits);
  const sessionAudit = useSession((s) => s.auditId);
  const refreshSync = useSync((s) => s.refresh);
  const [chosenAudit, setChosenAudit] = useState<string | null>(null);
  const known = (id: string | null) => id !== null && audits.some((a) => a.id === id);
  const auditId = known(chosenAudit) ? chosenAudit : known(sessionAudit) ? sessionAudit : (audits[0]?.id ?? null);
  const onSynced = useCallback(() => void refreshSync(), [refreshSync]);
  const { status, error, phase, refresh, syncNow, cancel } = useHub(auditId, onSynced);
  const connected = status?.connection ?? null;

  // S anywhere on the Sync screen outside a field: sync now.
  useEffect(() => {
    if (!connected) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 's') return;
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, dialog, [contenteditable="true"]')) return;
      event.preventDefault();
      void syncNow();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [connected, syncNow]);

  return (
    <section className="panel hub-panel" aria-labelledby="sync-hub">
      <h2 id="sync-hub">Team hub</h2>
      {error && (
        <p className="field-error" role="alert">
          The hub connection could not be read: {error}
        </p>
      )}
      {!status && !error && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {status && !connected && <HubLookup onConnected={() => void refresh()} />}
      {connected && (
        <>
          <ConnectedHub connection={connected} phase={phase} onSync={() => void syncNow()} onCancel={cancel} onChanged={() => void refresh()} />
          <LastSync connection={connected} />
          <Members status={status as HubStatus} auditId={auditId} audits={audits} onChoose={setChosenAudit} />
        </>
      )}
    </section>
  );
}

function ConnectedHub({ connection, phase, onSync, onCancel, onChanged }: { connection: HubConnection; phase: SyncPhase; onSync: () => void; onCancel: () => void; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = phase.kind === 'running';

  async function change(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
      onChanged();
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <div className="form">
      <dl className="facts">
        <dt>Hub</dt>
        <dd>
          <strong>{connection.name}</strong> <code>{connection.url}</code>
        </dd>
        <dt>Signing key</dt>
        <dd>
          <code className="hash" title={formatFingerprint(connection.fingerprint)}>
            {formatFingerprint(connection.fingerprint).slice(0, 23)}…
          </code>
        </dd>
        <dt>Connected</dt>
        <dd>
          {when(connection.connectedAt)} by {connection.connectedBy}
        </dd>
      </dl>
      <div className="actions wrap">
        <button type="button" className="primary" disabled={running} onClick={onSync} aria-keyshortcuts="S">
          {running ? 'Syncing…' : 'Sync now'}
        </button>
        <span className="muted small-print" aria-hidden="true">
          or press <kbd>S</kbd>
        </span>
        <label className="choice">
          <input type="checkbox" checked={connection.background} onChange={(e) => void change(() => api['hub.setBackground']({ enabled: e.target.checked }))} /> Sync in the background
          whenever the hub is reachable
        </label>
      </div>
      {phase.kind === 'running' && (
        <div className="upload-row">
          <ProgressBar label="Syncing with the hub" stage={phase.stage} fraction={phase.fraction} />
          <button type="button" className="small" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {phase.kind === 'failed' && (
        <p className="field-error" role="alert">
          {/cancelled/.test(phase.message) ? phase.message : `The sync did not finish: ${phase.message}`}
        </p>
      )}
      {phase.kind === 'done' && phase.report.outcome === 'offline' && (
        <p className="muted" role="status">
          {phase.report.message}
        </p>
      )}
      {phase.kind === 'done' && phase.report.outcome === 'synced' && (
        <p className="muted" role="status">
          Synced {plural(phase.report.audits.length, 'audit')} with the hub.
        </p>
      )}
      <p className="actions">
        {!confirming ? (
          <button type="button" className="small" disabled={running} onClick={() => setConfirming(true)}>
            Disconnect…
          </button>
        ) : (
          <>
            <span>Stop syncing with {connection.name}? The work on this laptop stays.</span>
            <button type="button" className="small danger" onClick={() => void change(() => api['hub.disconnect']({}))}>
              Disconnect
            </button>
            <button type="button" className="small" onClick={() => setConfirming(false)}>
              Keep connected
            </button>
          </>
        )}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function LastSync({ connection }: { connection: HubConnection }) {
  const report: HubSyncReport | null = connection.lastResult;
  return (
    <div aria-label="Last sync" role="group">
      <h3>Last sync</h3>
      {!report && <EmptyLine title="Not synced yet.">Press Sync now, or wait for the background sync.</EmptyLine>}
      {report && report.outcome !== 'synced' && (
        <p className={report.outcome === 'failed' ? 'field-error' : 'muted'}>
          {report.outcome === 'offline' ? 'Offline' : report.outcome === 'cancelled' ? 'Cancelled' : 'Failed'} at {when(report.at)}: {report.message}
          {connection.lastSyncAt && ` Last synced ${when(connection.lastSyncAt)}.`}
        </p>
      )}
      {report?.outcome === 'synced' && (
        <>
          <p>Synced {when(report.at)}.</p>
          {report.audits.length === 0 ? (
            <EmptyLine title="You are on no audit of this hub yet.">The hub’s administrator puts you on an audit; the next sync brings it.</EmptyLine>
          ) : (
            <table className="data-table" aria-label="Per audit">
              <thead>
                <tr>
                  <th scope="col">Audit</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {report.audits.map((a) => (
                  <tr key={a.auditId}>
                    <td>{a.auditName}</td>
                    <td>{a.role}</td>
                    <td>{a.pushed ? `${plural(a.pushed.newEntries, 'new entry', 'new entries')}, ${plural(a.pushed.objects, 'file', 'files')}` : 'nothing new'}</td>
                    <td>
                      {a.pulled ? `${plural(a.pulled.newEntries, 'new entry', 'new entries')}, ${plural(a.pulled.newObjects, 'file', 'files')}` : 'nothing new'}
                      {a.pulled && a.pulled.conflicts > 0 && <strong> · {plural(a.pulled.conflicts, 'conflict')} to decide</strong>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.notTaken.length > 0 && (
            <div className="sync-result warn" role="region" aria-label="Not taken by the hub">
              <p>
                <strong>Not taken by the hub</strong> (they stay on this laptop):
              </p>
              <ul>
                {report.notTaken.map((a) => (
                  <li key={a.auditId}>
                    {a.auditName}: {a.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Members({ status, auditId, audits, onChoose }: { status: HubStatus; auditId: string | null; audits: Array<{ id: string; name: string }>; onChoose: (id: string) => void }) {
  if (audits.length === 0) return null;
  return (
    <div role="group" aria-label="Audit members">
      <h3>Audit members</h3>
      <AuditSelect label="Audit of the members shown" audits={audits} auditId={auditId} onChoose={onChoose} inline />
      {status.members.length === 0 ? (
        <EmptyLine title="No members set by the hub for this audit.">They appear once the audit has synced with the hub.</EmptyLine>
      ) : (
        <table className="data-table" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Key</th>
              <th scope="col">Set by</th>
            </tr>
          </thead>
          <tbody>
            {status.members.map((m) => (
              <tr key={m.fingerprint}>
                <td>{m.name}</td>
                <td>{m.role}</td>
                <td>
                  <code className="hash">{formatFingerprint(m.fingerprint).slice(0, 23)}…</code>
                </td>
                <td>
                  {m.setBy}, {when(m.setAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
