import type { ImportKind } from '../../../../shared/api/imports';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, when } from '../sync/format';
import { useImportQueue, type QueueItem } from './importQueue';

// The files chosen or dropped on a release, before and while they are imported: each says what it
// was read as (and why), or why it cannot be imported; Confirm imports the readable ones in turn.

export function ImportQueuePanel({ releaseId, kinds }: { releaseId: string; kinds: ReadonlyArray<{ kind: ImportKind; label: string }> }) {
  const all = useImportQueue((s) => s.items);
  const running = useImportQueue((s) => s.running);
  const { confirm, cancel, clearFinished } = useImportQueue.getState();
  const items = all.filter((i) => i.releaseId === releaseId);
  if (items.length === 0) return null;
  const ready = items.filter((i) => i.state.step === 'ready').length;
  const pending = items.some((i) => ['waiting', 'uploading', 'previewing'].includes(i.state.step));
  const finished = items.some((i) => i.state.step === 'imported' || i.state.step === 'refused');
  return (
    <section className="panel import-queue" aria-labelledby="import-queue-title">
      <h3 id="import-queue-title">Files to import</h3>
      <ul className="queue-list">
        {items.map((item) => (
          <QueueRow key={item.id} item={item} kinds={kinds} locked={running} />
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="primary" disabled={running || ready === 0} onClick={() => void confirm(releaseId)}>
          {ready > 1 ? `Confirm: import ${ready} files` : 'Confirm: import'}
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancel import
          </button>
        )}
        {finished && !running && (
          <button type="button" onClick={() => clearFinished(releaseId)}>
            Clear finished
          </button>
        )}
        {pending && <span className="muted">Reading the files…</span>}
      </div>
    </section>
  );
}

function QueueRow({ item, kinds, locked }: { item: QueueItem; kinds: ReadonlyArray<{ kind: ImportKind; label: string }>; locked: boolean }) {
  const { setKind, remove } = useImportQueue.getState();
  const { state } = item;
  const name = item.file.name;
  const removable = !locked && state.step !== 'importing';
  return (
    <li className={`queue-item queue-${state.step}`} aria-label={name} data-testid="queue-item">
      <div className="queue-head">
        <strong className="mono">{name}</strong>
        <span className="muted">{formatBytes(item.file.size)}</span>
        {removable && state.step !== 'imported' && (
          <button type="button" className="small link-button" onClick={() => remove(item.id)} aria-label={`Remove ${name} from the list`}>
            Remove
          </button>
        )}
      </div>
      {state.step === 'waiting' && <p className="muted">Waiting for the files before it.</p>}
      {state.step === 'uploading' && <ProgressBar label={`Uploading ${name}`} stage="Uploading" fraction={state.fraction} />}
      {state.step === 'previewing' && (
        <p className="muted" role="status">
          Reading what kind of file it is…
        </p>
      )}
      {state.step === 'refused' && (
        <p className="field-error" role="alert">
          Cannot be imported: {state.message}
        </p>
      )}
      {state.step === 'ready' && (
        <>
          <div className="queue-kind">
            <label>
              Read as{' '}
              <select value={state.kind} disabled={locked} onChange={(e) => setKind(item.id, e.target.value as ImportKind)} aria-label={`Kind of ${name}`}>
                {kinds.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                    {k.kind === state.preview.detection?.kind ? ' (detected)' : ''}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="muted">Detected: {state.preview.detection?.reason}</p>
          {state.kind !== state.preview.detection?.kind && <p className="warning-text">You chose another kind than the one detected: the file will be read as {kinds.find((k) => k.kind === state.kind)?.label}.</p>}
          {state.note && (
            <p className="field-error" role="alert">
              Not imported: {state.note}
            </p>
          )}
        </>
      )}
      {state.step === 'importing' && <ProgressBar label={`Importing ${name}`} stage={state.phase} fraction={state.fraction} />}
      {state.step === 'imported' && (
        <p className={state.outcome.alreadyImported ? 'muted' : 'import-done'} role="status">
          {state.outcome.alreadyImported
            ? `Already imported on ${when(state.outcome.import.importedAt)}; nothing changed.`
            : `Imported as ${state.outcome.import.kindLabel}: ${state.outcome.import.factCount} ${state.outcome.import.factCount === 1 ? 'fact' : 'facts'} from ${state.outcome.import.lines.toLocaleString()} lines.`}
        </p>
      )}
    </li>
  );
}
