import { useState } from 'react';
import type { DriftComparison, ParityComparison } from '../../../../shared/api/config';
import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/plainError';
import { ConfigDiffTable, DriftTable } from './ConfigDiffTable';
import { ConfigFilePick } from './ConfigFilePick';
import { ConfigIgnoreList } from './ConfigIgnoreList';
import { uploadedForCompare as uploaded, useDroppedConfig } from './releaseDrop';
import './config.css';

// The release's "Parity & drift" tab: two environments' configuration files compared (or a desired
// state against the live state before and after the window), kept as evidence, shown side by side.

type Mode = 'parity' | 'drift';

export function ConfigPanel({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const [mode, setMode] = useState<Mode>('parity');
  const [files, setFiles] = useState<Record<string, File | null>>({});
  // A comparison made from files dropped on the release shows here, the newest one first.
  const dropped = useDroppedConfig((s) => s.results[release.id] ?? null);
  const [parity, setParity] = useState<ParityComparison | null>(dropped);
  const [shownDrop, setShownDrop] = useState(dropped);
  if (dropped !== shownDrop) {
    setShownDrop(dropped);
    if (dropped) {
      setParity(dropped);
      setMode('parity');
    }
  }
  const [drift, setDrift] = useState<DriftComparison | null>(null);
  const [impactOnly, setImpactOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = (role: string) => (file: File | null) => setFiles((current) => ({ ...current, [role]: file }));
  const ready = mode === 'parity' ? Boolean(files.a && files.b) : Boolean(files.desired && files.after);

  const compare = async () => {
    setBusy(true);
    setError(null);
    try {
      const target = { auditId: release.auditId, releaseId: release.id };
      if (mode === 'parity') {
        setParity(await api['config.compare']({ ...target, a: await uploaded(files.a as File), b: await uploaded(files.b as File) }));
      } else {
        const before = files.before ? await uploaded(files.before) : null;
        setDrift(await api['config.drift']({ ...target, desired: await uploaded(files.desired as File), before, after: await uploaded(files.after as File) }));
      }
    } catch (failure) {
      setError(plainError((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const shownDifferences = parity ? parity.differences.filter((d) => !impactOnly || (!d.ignored && d.impact !== 'none')) : [];
  return (
    <section className="config-panel panel" aria-label="Parity and drift">
      <div role="radiogroup" aria-label="What to compare" className="row">
        <label>
          <input type="radio" name="config-mode" checked={mode === 'parity'} onChange={() => setMode('parity')} /> Two environments (parity)
        </label>
        <label>
          <input type="radio" name="config-mode" checked={mode === 'drift'} onChange={() => setMode('drift')} /> Desired against live state (drift)
        </label>
      </div>
      {!readOnly && (
        <div className="config-picks">
          {mode === 'parity' ? (
            <>
              <ConfigFilePick label="File A (e.g. staging)" file={files.a ?? null} onFile={pick('a')} />
              <ConfigFilePick label="File B (e.g. production)" file={files.b ?? null} onFile={pick('b')} />
            </>
          ) : (
            <>
              <ConfigFilePick label="Desired state (manifests, Helm output, Terraform plan JSON)" file={files.desired ?? null} onFile={pick('desired')} />
              <ConfigFilePick label="Live state before the window (optional)" file={files.before ?? null} onFile={pick('before')} />
              <ConfigFilePick label="Live state after the window" file={files.after ?? null} onFile={pick('after')} />
            </>
          )}
          <button type="button" disabled={!ready || busy} onClick={() => void compare()}>
            {busy ? 'Comparing…' : 'Compare and keep as evidence'}
          </button>
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {mode === 'parity' && (
        <>
          <ConfigIgnoreList auditId={release.auditId} readOnly={readOnly} onSaved={() => undefined} />
          {parity === null ? (
            <EmptyState title="No comparison yet">
              <p>Choose or drop the same service&apos;s configuration file of two environments (YAML, JSON, .env or .properties) and compare them. Both files and the comparison are kept as evidence.</p>
            </EmptyState>
          ) : (
            <>
              <p role="status">
                {parity.differences.length} difference(s), {parity.differences.filter((d) => !d.ignored).length} not ignored; {parity.drafted} finding(s) drafted
                {parity.alreadyImported ? ' (these files were compared already)' : ''}.
              </p>
              <label>
                <input type="checkbox" checked={impactOnly} onChange={(e) => setImpactOnly(e.target.checked)} /> Only differences that matter
              </label>
              {shownDifferences.length === 0 ? <p className="muted">No difference to show.</p> : <ConfigDiffTable differences={shownDifferences} names={{ a: parity.a.name, b: parity.b.name }} />}
            </>
          )}
        </>
      )}
      {mode === 'drift' &&
        (drift === null ? (
          <EmptyState title="No drift check yet">
            <p>Choose the desired state and the live state captured after the window (and before it, to see what changed during the window).</p>
          </EmptyState>
        ) : (
          <>
            <p role="status">
              {drift.changes.length} difference(s) from the desired state, {drift.changes.filter((c) => !c.explained).length} not explained; {drift.drafted} finding(s) drafted.
            </p>
            {drift.changes.length > 0 && <DriftTable changes={drift.changes} />}
          </>
        ))}
    </section>
  );
}
