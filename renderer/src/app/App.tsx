import { useEffect } from 'react';
import { Notices } from '../components/Notice';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { AreaPlaceholder } from '../screens/AreaPlaceholder';
import { AuditsScreen } from '../screens/audits/AuditsScreen';
import { LibraryScreen } from '../screens/library/LibraryScreen';
import { PlanScreen } from '../screens/plan/PlanScreen';
import { areas, useUi } from '../stores/ui';
import { StatusBar } from './StatusBar';

// The app frame: navigation to every area (Alt+1 … Alt+8), the open screen, notices and status.
export function App() {
  const { area, go, syncFromHash } = useUi();

  useEffect(() => {
    window.addEventListener('hashchange', syncFromHash);
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.key) - 1;
      const target = areas[index];
      if (target) {
        event.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', syncFromHash);
      window.removeEventListener('keydown', onKey);
    };
  }, [go, syncFromHash]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Areas">
        <div className="brand">Release Audit</div>
        <ul>
          {areas.map((a, i) => (
            <li key={a.id}>
              <button
                type="button"
                className={a.id === area ? 'nav-item active' : 'nav-item'}
                aria-current={a.id === area ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                onClick={() => go(a.id)}
              >
                <span>{a.label}</span>
                <kbd aria-hidden="true">Alt+{i + 1}</kbd>
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <ThemeSwitch />
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {area === 'audits' ? <AuditsScreen /> : area === 'plan' ? <PlanScreen /> : area === 'library' ? <LibraryScreen /> : <AreaPlaceholder area={area} />}
      </main>
      <StatusBar />
      <Notices />
    </div>
  );
}
