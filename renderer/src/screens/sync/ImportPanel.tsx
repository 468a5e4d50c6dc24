import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { BundleSummary, ImportResult } from '../../../../shared/api/sync';
import { uploadBundle } from '../../api/bundle-upload';
import { api } from '../../api/client';
import { cancelJob as stopJob, followJob } from '../../api/follow-job';
import { ProgressBar } from '../../components/ProgressBar';
import { useAudits } from '../../stores/audits';
import { useSync } from '../../stores/sync';
import { BundleReview } from './BundleReview';
import { ImportResultView } from './ImportResultView';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; fraction: number; cancel: () => void }
  | { kind: 'inspecting'; name: string; stage: string; fraction: number }
  | { kind: 'review'; name: string; uploadId: string; summary: BundleSummary }
  | { kind: 'importing'; name: string; stage: string; fraction: number }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; name: string; message: string };

export interface ImportPanelHandle {
  /** A file dropped anywhere on the Sync screen. */
  receive: (file: File) => void;
}

/** Takes a bundle file (picker or drop), shows what it holds and who signed it, and imports it on request. */
export function ImportPanel({ ref, dragging }: { ref: Ref<ImportPanelHandle>; dragging: boolean }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = useSync((s) => s.refresh);
  const loadAudits = useAudits((s) => s.load);
  const job = useRef<string | null>(null);
  const cancelJob = () => {
    if (job.current) void stopJob(job.current);
  };
  const busy = phase.kind === 'uploading' || phase.kind === 'inspecting' || phase.kind === 'importing';

  async function receive(file: File) {
    if (busy) return;
    if (!file.name.toLowerCase().endsWith('.rabundle')) {
      setPhase({ kind: 'failed', name: file.name, message: 'This is not a bundle file: bundles end in .rabundle.' });
      return;
    }
    const upload = uploadBundle(file, (fraction) => setPhase((p) => (p.kind === 'uploading' ? { ...p, fraction } : p)));
    setPhase({ kind: 'uploading', name: file.name, fraction: 0, cancel: upload.cancel });
    try {
      const { uploadId } = await upload.done;
      setPhase({ kind: 'inspecting', name: file.name, stage: 'Checking the signature', fraction: 0 });
      const handle = await api['sync.startInspect']({ uploadId });
      job.current = handle.jobId;
      const summary = await followJob(
        handle,
        (progress) => setPhase({ kind: 'inspecting', name: file.name, stage: progress.phase, fraction: progress.fraction }),
        'The bundle could not be checked.',
      );
      setPhase({ kind: 'review', name: file.name, uploadId, summary });
    } catch (error) {
      setPhase({ kind: 'failed', name: file.name, message: (error as Error).message });
    }
  }

  async function runImport(name: string, uploadId: string, trustFingerprint?: string) {
    setPhase({ kind: 'importing', name, stage: 'Starting', fraction: 0 });
    try {
      const handle = await api['sync.startImport']({ uploadId, ...(trustFingerprint ? { trustFingerprint } : {}) });
      job.current = handle.jobId;
      const result = await followJob(
        handle,
        (progress) => setPhase({ kind: 'importing', name, stage: progress.phase, fraction: progress.fraction }),
        'The bundle could not be imported.',
      );
      setPhase({ kind: 'done', result });
    } catch (error) {
      setPhase({ kind: 'failed', name, message: (error as Error).message });
    } finally {
      job.current = null;
      // A trusted key, new records, new conflicts: every panel and the audits list may have changed.
      void refresh();
      void loadAudits();
    }
  }

  useImperativeHandle(ref, () => ({ receive: (file: File) => void receive(file) }));

  const reset = () => setPhase({ kind: 'idle' });

  return (
    <section className="panel" aria-labelledby="sync-import">
      <h2 id="sync-import">Import</h2>
      <div className={dragging && !busy ? 'drop-zone dragging' : 'drop-zone'}>
        <span>Drop a .rabundle file anywhere on this screen, or choose one. Nothing is imported before you have seen who signed it.</span>
        <button type="button" className="primary" disabled={busy} onClick={() => fileInput.current?.click()}>
          Choose a bundle file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".rabundle"
          className="sr-only"
          tabIndex={-1}
          aria-label="Bundle file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void receive(file);
          }}
        />
      </div>
      {phase.kind === 'uploading' && (
        <div className="upload-row">
          <ProgressBar label="Uploading the bundle" stage={`Uploading ${phase.name}`} fraction={phase.fraction} />
          <button type="button" className="small" onClick={phase.cancel}>
            Cancel
          </button>
        </div>
      )}
      {(phase.kind === 'inspecting' || phase.kind === 'importing') && (
        <div className="upload-row">
          <ProgressBar
            label={phase.kind === 'inspecting' ? `Checking ${phase.name}` : 'Importing the bundle'}
            stage={phase.stage}
            fraction={phase.fraction}
          />
          <button type="button" className="small" onClick={cancelJob}>
            Cancel
          </button>
        </div>
      )}
      {phase.kind === 'review' && (
        <BundleReview
          name={phase.name}
          summary={phase.summary}
          onImport={(trust) => void runImport(phase.name, phase.uploadId, trust)}
          onCancel={reset}
        />
      )}
      {phase.kind === 'done' && <ImportResultView result={phase.result} onClose={reset} />}
      {phase.kind === 'failed' && (
        <div className="field-error sync-error" role="alert">
          <p>
            <strong>{phase.name} was not imported.</strong> {phase.message}
          </p>
          <button type="button" className="small" onClick={reset}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
