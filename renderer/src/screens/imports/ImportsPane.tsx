import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { DraftsPanel } from '../rules/DraftsPanel';
import { FactsList } from './FactsList';
import { ImportButton } from './ImportButton';
import { useImportQueue } from './importQueue';
import { ImportQueuePanel } from './ImportQueuePanel';
import { ImportsTable } from './ImportsTable';
import './imports.css';

// A release's machine evidence: the files on their way in, the files imported (each kept as
// evidence), and the facts read from them with the lines that prove each one.

export function ImportsPane({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const version = useImportQueue((s) => s.version);
  const kinds = useQuery(() => api['imports.kinds']({}), []);
  const imports = useQuery(() => api['imports.list']({ auditId: release.auditId, releaseId: release.id }), [release.id, version]);
  const kindList = kinds.data ?? [];
  const drafts = <DraftsPanel auditId={release.auditId} releaseId={release.id} readOnly={readOnly} version={version} />;

  return (
    <div className="imports-pane">
      {!readOnly && (
        <div className="drop-zone">
          <span>Drop pipeline logs, deployment output, change records or git logs anywhere on this release (several at once), or choose them. Each file&rsquo;s kind is read from its content and shown before anything is imported.</span>
          <ImportButton auditId={release.auditId} releaseId={release.id} label="Choose files…" />
        </div>
      )}
      {!readOnly && <ImportQueuePanel releaseId={release.id} kinds={kindList} />}
      {imports.error && (
        <p className="field-error" role="alert">
          The imports of this release could not be loaded: {plainError(imports.error)}
        </p>
      )}
      {kinds.error && (
        <p className="field-error" role="alert">
          The kinds of file that can be imported could not be loaded: {plainError(kinds.error)}
        </p>
      )}
      {imports.data && imports.data.length === 0 && (
        <EmptyState title="No imports yet">
          <p>Import the machine evidence of this release: the raw file is kept as evidence, and what it says becomes facts linked to its lines. These kinds are read:</p>
          <ul className="kind-list">
            {kindList.map((k) => (
              <li key={k.kind}>{k.label}</li>
            ))}
          </ul>
        </EmptyState>
      )}
      {imports.data && imports.data.length === 0 && drafts}
      {imports.data && imports.data.length > 0 && (
        <>
          <section className="panel" aria-labelledby="imports-title">
            <h3 id="imports-title">Imported files ({imports.data.length})</h3>
            <ImportsTable imports={imports.data} />
          </section>
          {drafts}
          <FactsList releaseId={release.id} imports={imports.data} version={version} />
        </>
      )}
    </div>
  );
}
