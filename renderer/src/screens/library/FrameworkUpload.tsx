import { useRef, useState } from 'react';
import type { ImportedFramework } from '../../../../shared/api/oscal';
import { api } from '../../api/client';
import { uploadImport } from '../../api/import-upload';
import { ProgressBar } from '../../components/ProgressBar';

// A framework brought in from the page: an OSCAL catalog or profile (JSON or YAML) or a CISO Assistant
// library, chosen with a file picker. The file is streamed to the import inbox (the path large files
// take, past the host's body cap) and imported from there; a profile may bring the catalog it imports.

type Phase = { kind: 'idle' } | { kind: 'running'; stage: string; fraction: number } | { kind: 'done'; framework: ImportedFramework } | { kind: 'failed'; message: string };

export function FrameworkUpload({ onImported }: { onImported: (framework: ImportedFramework) => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const catalogInput = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState(false);

  async function start() {
    const file = fileInput.current?.files?.[0];
    const catalog = catalogInput.current?.files?.[0];
    if (!file) return;
    try {
      setPhase({ kind: 'running', stage: `Uploading ${file.name}`, fraction: 0 });
      const share = catalog ? 0.45 : 0.9;
      const { uploadId } = await uploadImport(file, file.name, (f) => setPhase({ kind: 'running', stage: `Uploading ${file.name}`, fraction: f * share })).done;
      const catalogUploadId = catalog ? (await uploadImport(catalog, catalog.name, (f) => setPhase({ kind: 'running', stage: `Uploading ${catalog.name}`, fraction: share + f * share })).done).uploadId : undefined;
      setPhase({ kind: 'running', stage: 'Checking and importing', fraction: 0.95 });
      const framework = await api['frameworks.importUpload']({ uploadId, ...(catalogUploadId ? { catalogUploadId } : {}) });
      setPhase({ kind: 'done', framework });
      onImported(framework);
    } catch (error) {
      setPhase({ kind: 'failed', message: (error as Error).message });
    }
  }

  const running = phase.kind === 'running';
  return (
    <section className="panel form" aria-labelledby="framework-upload">
      <h3 id="framework-upload">Import a framework</h3>
      <p className="muted">An OSCAL catalog or profile (JSON or YAML) or a CISO Assistant library (YAML). A profile is resolved against a catalog imported here, or the catalog file chosen with it.</p>
      <div className="toolbar">
        <label>
          Framework file{' '}
          <input ref={fileInput} type="file" accept=".json,.yaml,.yml,application/json,application/yaml" disabled={running} onChange={(e) => setChosen((e.target.files?.length ?? 0) > 0)} />
        </label>
        <label>
          Catalog the profile imports (optional){' '}
          <input ref={catalogInput} type="file" accept=".json,application/json" disabled={running} />
        </label>
        <button type="button" disabled={!chosen || running} onClick={() => void start()}>
          Import framework
        </button>
      </div>
      {phase.kind === 'running' && (
        <div role="status">
          <ProgressBar label="Importing the framework" fraction={phase.fraction} stage={phase.stage} />
        </div>
      )}
      {phase.kind === 'done' && (
        <p className="issued-note" role="status">
          Imported “{phase.framework.title}” {phase.framework.version}: {phase.framework.requirementCount} controls to map to.
          {(phase.framework.notes ?? []).map((note) => (
            <span key={note} className="muted block">
              {note}.
            </span>
          ))}
        </p>
      )}
      {phase.kind === 'failed' && <p className="status-error" role="alert">{phase.message}</p>}
    </section>
  );
}
