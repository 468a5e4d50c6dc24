import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { RequireAudit } from '../../components/RequireAudit';
import { InterviewsPane } from './InterviewsPane';
import { ReleaseView } from './ReleaseView';

export function FieldworkScreen() {
  return <RequireAudit title="Fieldwork">{(auditId) => <Fieldwork key={auditId} auditId={auditId} />}</RequireAudit>;
}

function Fieldwork({ auditId }: { auditId: string }) {
  const [pane, setPane] = useState<'releases' | 'interviews'>(() => (sessionStorage.getItem('release-audit.fieldwork-pane') === 'interviews' ? 'interviews' : 'releases'));
  const choose = (next: typeof pane) => {
    sessionStorage.setItem('release-audit.fieldwork-pane', next);
    setPane(next);
  };
  return (
    <div className="screen wide-screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Fieldwork</h1>
          <p className="muted">Releases under audit, their checklists and war-room logs, and the interviews around them.</p>
        </div>
      </header>
      <div role="tablist" aria-label="Fieldwork" className="tabs">
        <button type="button" role="tab" aria-selected={pane === 'releases'} className={pane === 'releases' ? 'tab active' : 'tab'} onClick={() => choose('releases')}>
          Releases
        </button>
        <button type="button" role="tab" aria-selected={pane === 'interviews'} className={pane === 'interviews' ? 'tab active' : 'tab'} onClick={() => choose('interviews')}>
          Interviews
        </button>
      </div>
      {pane === 'releases' ? <ReleasesPane auditId={auditId} /> : <InterviewsPane auditId={auditId} />}
    </div>
  );
}

function ReleasesPane({ auditId }: { auditId: string }) {
  const [releases, setReleases] = useState<Release[] | null>(null);
  const [selected, setSelected] = useState<string | null>(() => sessionStorage.getItem('release-audit.release'));
  const [creating, setCreating] = useState(false);
  const [identifier, setIdentifier] = useState('');
  const push = useNotices((s) => s.push);

  const reload = useCallback(() => api['releases.list']({ auditId }).then(setReleases, (e: Error) => push('error', e.message)), [auditId, push]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const choose = (id: string) => {
    sessionStorage.setItem('release-audit.release', id);
    setSelected(id);
  };

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const release = await api['releases.create']({ auditId, identifier: identifier.trim(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
      setIdentifier('');
      setCreating(false);
      await reload();
      choose(release.id);
      push('success', `Release ${release.identifier} added.`);
      window.requestAnimationFrame(() => document.getElementById('rel-system')?.focus());
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  if (!releases) return <p className="muted" role="status">Loading releases…</p>;
  const current = releases.find((r) => r.id === selected) ?? releases[0];
  return (
    <div className="split">
      <aside className="split-list" aria-label="Releases">
        {releases.length === 0 && <p className="muted">No releases yet. Add the first release under audit.</p>}
        <ul>
          {releases.map((r) => (
            <li key={r.id}>
              <button type="button" className={r.id === current?.id ? 'nav-item active' : 'nav-item'} aria-current={r.id === current?.id ? 'true' : undefined} onClick={() => choose(r.id)}>
                <span>
                  {r.identifier}
                  {r.emergency && <span className="badge badge-breach">emergency</span>}
                  <span className="muted block">
                    {r.system || 'no system yet'}
                    {r.warnings.length > 0 ? ` · ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {creating ? (
          <form className="form" aria-label="New release" onSubmit={create} onKeyDown={(e) => e.key === 'Escape' && setCreating(false)}>
            <div className="field">
              <label htmlFor="new-release">Release identifier</label>
              <input id="new-release" autoFocus value={identifier} onChange={(e) => setIdentifier(e.target.value)} placeholder="e.g. PAY-2026.11.3" />
            </div>
            <div className="actions">
              <button type="submit" className="primary" disabled={identifier.trim() === ''}>
                Add release
              </button>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            New release
          </button>
        )}
      </aside>
      <div className="split-main">{current ? <ReleaseView key={current.id} releaseId={current.id} onChanged={() => void reload()} /> : null}</div>
    </div>
  );
}
