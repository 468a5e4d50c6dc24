import { useState } from 'react';
import type { SyncConflict } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { ConflictRow } from './ConflictRow';
import { EmptyLine } from './EmptyLine';

/** Edits that lost to another laptop's edit, with both values side by side, each waiting for a person's decision. */
type Decision = 'keep' | 'swap' | 'combine';

export function ConflictsPanel() {
  const conflicts = useSync((s) => s.conflicts);
  const error = useSync((s) => s.conflictsError);
  const filter = useSync((s) => s.conflictAudit);
  const setFilter = useSync((s) => s.setConflictAudit);
  const refresh = useSync((s) => s.refresh);
  const audits = useAudits((s) => s.audits);
  const sessionAudit = useSession((s) => s.auditId);
  const openEverywhere = useSync((s) => s.status?.openConflicts ?? 0);
  const push = useNotices((s) => s.push);
  const [deciding, setDeciding] = useState<string | null>(null);

  async function decide(conflict: SyncConflict, decision: Decision) {
    setDeciding(conflict.id);
    try {
      await api['sync.resolve']({ id: conflict.id, decision });
      const words: Record<Decision, string> = {
        keep: `Kept the current ${conflict.fieldLabel} of ${conflict.record}.`,
        swap: `The ${conflict.fieldLabel} now holds ${conflict.other.actor}'s value.`,
        combine: `Kept both lists of ${conflict.fieldLabel} of ${conflict.record} in one.`,
      };
      push('success', words[decision]);
    } catch (e) {
      push('error', (e as Error).message);
    } finally {
      setDeciding(null);
      await refresh();
    }
  }

  const auditName = (id: string | null) => (id ? (audits.find((a) => a.id === id)?.name ?? 'an audit not on this laptop') : 'shared library and templates');
  const open = conflicts?.filter((c) => !c.resolution) ?? [];
  const settled = conflicts?.filter((c) => c.resolution) ?? [];
  return (
    <section className="panel" aria-labelledby="sync-conflicts">
      <div className="panel-head">
        <h2 id="sync-conflicts" tabIndex={-1}>
          Conflicts {conflicts && open.length > 0 && <span className="badge badge-breach">{open.length} open</span>}
        </h2>
        <label className="inline-add">
          <span>Show</span>
          <select aria-label="Show conflicts of" value={filter ?? ''} onChange={(e) => setFilter(e.target.value || null)}>
            <option value="">All audits</option>
            {audits.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id === sessionAudit ? `${a.name} (current audit)` : a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          The conflicts could not be listed: {error}
        </p>
      )}
      {!conflicts && !error && (
        <p className="muted" role="status">
          Loading conflicts…
        </p>
      )}
      {conflicts && filter && openEverywhere > open.length && (
        <p className="callout">
          <span>
            {plural(openEverywhere - open.length, 'more conflict')} outside this audit (other audits, or the shared library and templates).
          </span>
          <button type="button" className="small" onClick={() => setFilter(null)}>
            Show all
          </button>
        </p>
      )}
      {conflicts && conflicts.length === 0 && (
        <EmptyLine title="No conflicts.">When two laptops change the same thing before they sync, both values are shown here for you to choose.</EmptyLine>
      )}
      {conflicts && conflicts.length > 0 && (
        <>
          <p className="muted">
            {open.length === 0 ? 'Every conflict is decided.' : `${plural(open.length, 'conflict')} to decide.`} The value that won on both laptops is shown first; your decision travels to the
            other laptops with the next bundle.
          </p>
          <ul className="conflict-list" aria-label="Conflicts">
            {[...open, ...settled].map((c) => (
              <ConflictRow key={c.id} conflict={c} auditName={filter ? null : auditName(c.auditId)} busy={deciding === c.id} onDecide={(d) => void decide(c, d)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
