import { useRef, useState, type Ref } from 'react';
import type { ExportResult, SyncStatus } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { bundleDownloadUrl } from '../../api/bundle-upload';
import { api } from '../../api/client';
import { cancelJob, followJob } from '../../api/follow-job';
import { ProgressBar } from '../../components/ProgressBar';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';
import { formatBytes } from './format';
import { AuditSelect } from './AuditSelect';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; stage: string; fraction: number }
  | { kind: 'done'; result: ExportResult }
  | { kind: 'failed'; message: string };

/** Writes a signed bundle of one audit (all of it, or what one colleague has not seen) and offers it for download. */
export function ExportPanel({ peers }: { peers: SyncStatus['peers'] }) {
  const audits = useAudits((s) => s.audits);
  const sessionAudit = useSession((s) => s.auditId);
  const refresh = useSync((s) => s.refresh);
  const go = useUi((s) => s.go);
  const [chosenAudit, setChosenAudit] = useState<string | null>(null);
  const [chosenScope, setChosenScope] = useState<string>('whole');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const downloadLink = useRef<HTMLAnchorElement>(null);

  const known = (id: string | null) => id !== null && audits.some((a) => a.id === id);
  const auditId = known(chosenAudit) ? chosenAudit : known(sessionAudit) ? sessionAudit : (audits[0]?.id ?? null);
  const scope = chosenScope !== 'whole' && peers.some((p) => p.deviceId === chosenScope) ? chosenScope : 'whole';
  const running = phase.kind === 'running';
  const job = useRef<string | null>(null);

  async function start() {
    if (!auditId) return;
    setPhase({ kind: 'running', stage: 'Starting', fraction: 0 });
    try {
      const handle = await api['sync.startExport']({ auditId, forPeer: scope === 'whole' ? null : scope });
      job.current = handle.jobId;
      const result = await followJob(
        handle,
        (progress) => setPhase({ kind: 'running', stage: progress.phase, fraction: progress.fraction }),
        'The bundle could not be written.',
      );
      setPhase({ kind: 'done', result });
      window.requestAnimationFrame(() => downloadLink.current?.focus());
      void refresh();
    } catch (error) {
      setPhase({ kind: 'failed', message: (error as Error).message });
    } finally {
      job.current = null;
    }
  }

  if (audits.length === 0) {
    return (
      <section className="panel" aria-labelledby="sync-export">
        <h2 id="sync-export">Export</h2>
        <p className="muted">There is no audit on this laptop to send yet.</p>
        <button type="button" onClick={() => go('audits')}>
          Go to the audits
        </button>
      </section>
    );
  }

  return (
    <section className="panel form" aria-labelledby="sync-export">
      <h2 id="sync-export">Export</h2>
      <p className="muted">A signed bundle file of one audit, to hand to a colleague (USB stick, shared folder, mail).</p>
      <AuditSelect label="Audit" audits={audits} auditId={auditId} disabled={running} onChoose={setChosenAudit} />
      <fieldset className="field" disabled={running}>
        <legend>What to send</legend>
        <label className="choice">
          <input type="radio" name="export-scope" checked={scope === 'whole'} onChange={() => setChosenScope('whole')} /> Whole audit
        </label>
        {peers.map((peer) => (
          <label className="choice" key={peer.deviceId}>
            <input type="radio" name="export-scope" checked={scope === peer.deviceId} onChange={() => setChosenScope(peer.deviceId)} /> Only what {peer.actor} has not seen
          </label>
        ))}
        {peers.length === 0 && <p className="muted small-print">Once a colleague’s bundle is imported here, you can send only what they have not seen.</p>}
      </fieldset>
      <div className="actions">
        <button type="button" className="primary" disabled={running || !auditId} onClick={() => void start()}>
          {running ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {phase.kind === 'running' && (
        <div className="upload-row">
          <ProgressBar label="Exporting the bundle" stage={phase.stage} fraction={phase.fraction} />
          <button type="button" className="small" onClick={() => job.current && void cancelJob(job.current)}>
            Cancel
          </button>
        </div>
      )}
      {phase.kind === 'failed' && (
        <p className="field-error" role="alert">
          {/cancelled/.test(phase.message) ? phase.message : `The export failed: ${phase.message}`}
        </p>
      )}
      {phase.kind === 'done' && <ExportSummary result={phase.result} linkRef={downloadLink} />}
    </section>
  );
}

function ExportSummary({ result, linkRef }: { result: ExportResult; linkRef: Ref<HTMLAnchorElement> }) {
  return (
    <div className="sync-result ok" role="status" aria-label="Export result">
      <p>
        <strong>Bundle ready:</strong> “{result.auditName}”, {result.forPeer && !result.fromStart ? `what ${result.forPeer.actor} has not seen` : result.forPeer ? `the whole audit (${result.forPeer.actor} has not yet said what it holds of it)` : 'the whole audit'}.
      </p>
      <ul className="counts">
        <li>{plural(result.entries, 'entry', 'entries')}</li>
        <li>{plural(result.objects, 'evidence file')}</li>
        {result.stubs > 0 && <li>{plural(result.stubs, 'entry', 'entries')} of other audits left out (only placeholders that keep the record’s chain linked)</li>}
      </ul>
      <p className="actions wrap">
        <a ref={linkRef} className="button-link primary" href={bundleDownloadUrl(result.downloadId)} download={result.fileName}>
          Download the bundle
        </a>
        <span className="muted">
          <code>{result.fileName}</code> · {formatBytes(result.bytes)}
        </span>
      </p>
    </div>
  );
}
