import { useEffect, useState } from 'react';
import { departmentPaths, type DepartmentOverview } from '../../../shared/api/department';
import { EmptyState } from '../components/EmptyState';
import { useQuery } from '../hooks/useQuery';
import { post, read, whenRefused } from './api';
import { AuditsPanel } from './AuditsPanel';
import { DepartmentTheme } from './DepartmentTheme';
import { FindingsPanel } from './FindingsPanel';
import { ImprovementPanel } from './ImprovementPanel';

// The department's read-only view: every audit on the hub, the open findings of all of them, and
// the improvement loop's KPIs and trends. The link's token (in the address's fragment, which no
// request carries) is traded once for a session cookie and removed from the address bar.

const views = [
  { id: 'audits', label: 'Audits' },
  { id: 'findings', label: 'Open findings' },
  { id: 'improvement', label: 'KPIs and trends' },
] as const;
type ViewId = (typeof views)[number]['id'];

/** Opens the session with the link's token, if the address carries one. */
async function tradeToken(): Promise<void> {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (!token) return;
  window.history.replaceState(null, '', window.location.pathname);
  await post(departmentPaths.session, { token });
}

export function DepartmentApp() {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const [view, setView] = useState<ViewId>('audits');
  useEffect(() => {
    // The first refusal is the one to read (a revoked link), not the refused reads that follow it.
    whenRefused((message) => setRefusal((shown) => shown ?? message));
    tradeToken()
      .catch(() => undefined)
      .finally(() => setStarted(true));
  }, []);
  const overview = useQuery(() => (started ? read<DepartmentOverview>(departmentPaths.overview) : Promise.resolve(undefined)), [started]);

  if (refusal) {
    return (
      <main className="department department-refused">
        <h1>Release Audit department view</h1>
        <p role="alert">{refusal}</p>
      </main>
    );
  }
  const data = overview.data;
  return (
    <div className="department">
      <a className="skip-link" href="#department-main">
        Skip to the view
      </a>
      <header className="screen-header department-header">
        <div>
          <h1>{data ? `${data.hubName}: department view` : 'Department view'}</h1>
          <p className="muted">{data ? `Read-only, for ${data.viewer}. Overdue is judged as of ${data.asOf} (UTC).` : overview.loading ? 'Loading…' : ''}</p>
        </div>
        <div className="department-tools">
          <DepartmentTheme />
          <button type="button" className="small" onClick={() => void post(departmentPaths.logout, {}).then(() => setRefusal('You signed out of the department view. Open your link again to come back.'))}>
            Sign out
          </button>
        </div>
      </header>
      <main id="department-main" tabIndex={-1}>
        {overview.error ? <p role="alert" className="form-error">{overview.error}</p> : null}
        {data && data.audits.length === 0 ? (
          <EmptyState title="No audit has reached the hub yet">
            <p>Audits appear here once an auditor's laptop has synced with the hub. The view shows only what the hub holds.</p>
          </EmptyState>
        ) : data ? (
          <>
            <div role="tablist" aria-label="Department views" className="tabs">
              {views.map((v, index) => (
                <button
                  key={v.id}
                  role="tab"
                  type="button"
                  id={`tab-${v.id}`}
                  aria-selected={view === v.id}
                  aria-controls={`panel-${v.id}`}
                  tabIndex={view === v.id ? 0 : -1}
                  className={view === v.id ? 'tab active' : 'tab'}
                  onClick={() => setView(v.id)}
                  onKeyDown={(e) => {
                    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                    if (!step) return;
                    const next = views[(index + step + views.length) % views.length] as (typeof views)[number];
                    setView(next.id);
                    document.getElementById(`tab-${next.id}`)?.focus();
                  }}
                >
                  {v.label}
                </button>
              ))}
            </div>
            <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
              {view === 'audits' ? <AuditsPanel audits={data.audits} /> : view === 'findings' ? <FindingsPanel owners={data.owners} /> : <ImprovementPanel />}
            </div>
          </>
        ) : null}
      </main>
    </div>
  );
}
