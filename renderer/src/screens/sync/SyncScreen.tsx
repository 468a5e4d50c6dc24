import { useEffect, useRef, useState, type DragEvent } from 'react';
import { plural } from '../../../../shared/plural';
import { useAudits } from '../../stores/audits';
import { useSync } from '../../stores/sync';
import { ConflictsPanel } from './ConflictsPanel';
import { ExportPanel } from './ExportPanel';
import { ForksPanel } from './ForksPanel';
import { HubPanel } from './HubPanel';
import { ImportPanel, type ImportPanelHandle } from './ImportPanel';
import { ImportsHistory } from './ImportsHistory';
import { KeysPanel } from './KeysPanel';
import { PeersPanel } from './PeersPanel';
import { ThisLaptop } from './ThisLaptop';

/** Sync between laptops through signed bundle files: who this laptop is, export, import, conflicts, peers and keys. */
export function SyncScreen() {
  const status = useSync((s) => s.status);
  const statusError = useSync((s) => s.statusError);
  const refresh = useSync((s) => s.refresh);
  const loadAudits = useAudits((s) => s.load);
  const importer = useRef<ImportPanelHandle>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    void refresh();
    void loadAudits();
    // Bundles may be imported from the command line meanwhile: look again when the window comes back.
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh, loadAudits]);

  // A bundle dropped anywhere on the screen goes to the import panel (and never makes the browser open it).
  const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (!dragging) setDragging(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) importer.current?.receive(file);
  };

  return (
    <div className="screen sync-screen" onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Sync</h1>
          <p className="muted">Exchange signed bundle files with colleagues’ laptops: no network needed, every bundle checked before anything is written.</p>
        </div>
        {status && status.openConflicts > 0 && (
          <button type="button" className="badge badge-breach header-badge" onClick={() => document.getElementById('sync-conflicts')?.focus()}>
            {plural(status.openConflicts, 'conflict')} to decide
          </button>
        )}
      </header>
      {statusError && (
        <div className="panel error-panel" role="alert">
          <p>The sync status could not be read: {statusError}</p>
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {!status && !statusError && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {status && (
        <>
          <ThisLaptop status={status} />
          <HubPanel />
          <div className="sync-grid">
            <ExportPanel peers={status.peers} />
            <ImportPanel ref={importer} dragging={dragging} />
          </div>
          <ConflictsPanel />
          <ForksPanel forks={status.forks} />
          <PeersPanel peers={status.peers} />
          <KeysPanel keys={status.keys} />
          <ImportsHistory imports={status.imports} />
        </>
      )}
    </div>
  );
}
