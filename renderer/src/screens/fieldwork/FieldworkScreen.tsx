import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { plainError } from '../../components/plainError';
import { RequireAudit } from '../../components/RequireAudit';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { InterviewsPane } from './InterviewsPane';
import { ReleaseView } from './ReleaseView';
import { Field } from '../../components/Field';

export function FieldworkScreen() {
  return <RequireAudit title="Fieldwork">{(auditId) => <Fieldwork key={auditId} auditId={auditId} />}</RequireAudit>;
}

function Fieldwork({ auditId }: { auditId: string }) {
  const pane = useSession((s) => s.pane);
  const choose = useSession((s) => s.setPane);
  const requestWarRoom = useSession((s) => s.requestWarRoom);
  // W, anywhere on this screen outside a field: the war room of the release open here.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 'w') return;
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable="true"], .warroom, .checklist')) return;
      event.preventDefault();
      requestWarRoom();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [requestWarRoom]);
  return (
    <div className="screen wide-screen">
      <header className="screen-header compact-header">
        <div>
          <h1 tabIndex={-1}>Fieldwork</h1>
          <p className="muted">
            Releases, their checklists and war-room logs, and the interviews around them. <kbd>W</kbd> here (or <kbd>Alt</kbd>+<kbd>W</kbd> anywhere) opens the war room.
          </p>
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
  const selected = useSession((s) => s.releaseId);
  const chooseRelease = useSession((s) => s.chooseRelease);
  const finalised = useAudits((s) => s.audits.find((a) => a.id === auditId)?.status === 'finalised');
  const [creating, setCreating] = useState(false);
  const [identifier, setIdentifier] = useState('');
  const push = useNotices((s) => s.push);

  const list = useQuery(
    async () => {
      const found = await api['releases.list']({ auditId });
      useNotices.getState().clear('releases-list');
      return found;
    },
    [auditId],
    (message) => push('error', `The releases could not be loaded: ${plainError(message)}`, 'releases-list'),
  );
  const releases = list.data ?? null;
  const reload = list.reload;

  const choose = (id: string) => chooseRelease(id, releases?.find((r) => r.id === id)?.identifier ?? null);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const release = await api['releases.create']({ auditId, identifier: identifier.trim(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
      setIdentifier('');
      setCreating(false);
      await reload();
      chooseRelease(release.id, release.identifier);
      useNotices.getState().clear('new-release');
      push('success', `Release ${release.identifier} added.`);
      window.requestAnimationFrame(() => document.getElementById('rel-system')?.focus());
    } catch (error) {
      push('error', plainError((error as Error).message, { identifier: 'Release identifier' }), 'new-release');
    }
  }

  // The release shown is the one every header names (the first, until another is chosen).
  const shown = releases?.find((r) => r.id === selected) ?? releases?.[0];
  useEffect(() => {
    if (shown) chooseRelease(shown.id, shown.identifier);
  }, [shown?.id, shown?.identifier, chooseRelease]); // eslint-disable-line react-hooks/exhaustive-deps

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
        {finalised ? (
          <p className="muted">The audit is finalised: no release can be added.</p>
        ) : creating ? (
          <form className="form" aria-label="New release" onSubmit={create} onKeyDown={(e) => e.key === 'Escape' && setCreating(false)}>
            <Field label="Release identifier" id="new-release">
              <input autoFocus value={identifier} onChange={(e) => setIdentifier(e.target.value)} placeholder="e.g. PAY-2026.11.3" />
            </Field>
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
