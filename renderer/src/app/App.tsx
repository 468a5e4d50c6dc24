import { useEffect, type ComponentType } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Notices } from '../components/Notice';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { AuditsScreen } from '../screens/audits/AuditsScreen';
import { EvidenceScreen } from '../screens/evidence/EvidenceScreen';
import { FieldworkScreen } from '../screens/fieldwork/FieldworkScreen';
import { FindingsScreen } from '../screens/findings/FindingsScreen';
import { ImprovementScreen } from '../screens/improvement/ImprovementScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { SearchPalette } from '../screens/search/SearchPalette';
import { LibraryScreen } from '../screens/library/LibraryScreen';
import { PlanScreen } from '../screens/plan/PlanScreen';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { areas, useUi, type AreaId } from '../stores/ui';
import { ContextBar } from './ContextBar';
import { StatusBar } from './StatusBar';

// The screen of each area (its entry, in screens/<area>/entry.ts, says its name and key): one line per area.
const screens: Record<AreaId, ComponentType> = {
  audits: AuditsScreen,
  plan: PlanScreen,
  library: LibraryScreen,
  fieldwork: FieldworkScreen,
  evidence: EvidenceScreen,
  findings: FindingsScreen,
  reports: ReportsScreen,
  sync: SyncScreen,
  improvement: ImprovementScreen,
};

// The app frame: navigation to every area (Alt+1 … Alt+9), the open screen, notices and status.
export function App() {
  const { area, go, syncFromHash, requestNewAudit, visit } = useUi();

  useEffect(() => {
    // A new screen takes the focus on its main heading, so keyboard and screen-reader users land there.
    // A screen still loading has no heading yet: the focus waits for it instead of being lost on the page.
    const main = document.getElementById('main');
    if (!main) return;
    const land = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      if (!main.contains(document.activeElement) || document.activeElement === main) heading.focus();
      return true;
    };
    const observer = new MutationObserver(() => land() && observer.disconnect());
    const frame = window.requestAnimationFrame(() => land() || observer.observe(main, { childList: true, subtree: true }));
    return () => {
      window.cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [area]);

  useEffect(() => {
    window.addEventListener('hashchange', syncFromHash);
    const onKey = (event: KeyboardEvent) => {
      // A screen that used the key (the checklist's N, the war room's N) has the last word.
      if (event.defaultPrevented) return;
      // Plain N from any screen, except while typing and inside the checklist and the war room, where N
      // is their own key even when it does nothing there; Ctrl+N wherever the shell lets the page have it
      // (Electron: browsers keep Ctrl+N).
      const ownsN = event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable="true"], .checklist, .warroom') !== null;
      const plainN = !event.ctrlKey && !event.metaKey && !event.altKey && event.key.toLowerCase() === 'n' && !ownsN;
      if (((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'n') || plainN) {
        event.preventDefault();
        requestNewAudit();
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // Alt+key: the area with that key, or an area's own shortcut (Alt+W: the war room).
      const key = event.key.toLowerCase();
      const target = areas.find((a) => a.key === key);
      const shortcut = areas.flatMap((a) => (a.shortcuts ?? []).map((s) => ({ area: a.id, ...s }))).find((s) => s.key === key);
      if (target) {
        event.preventDefault();
        go(target.id);
      } else if (shortcut) {
        event.preventDefault();
        shortcut.run();
        go(shortcut.area);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', syncFromHash);
      window.removeEventListener('keydown', onKey);
    };
  }, [go, syncFromHash, requestNewAudit]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Areas">
        <div className="brand">Release Audit</div>
        <ul>
          {areas.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={a.id === area ? 'nav-item active' : 'nav-item'}
                aria-current={a.id === area ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${a.key}`}
                onClick={() => go(a.id)}
              >
                <span>{a.label}</span>
                <kbd aria-hidden="true">Alt+{a.key}</kbd>
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <ThemeSwitch />
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ContextBar />
        <ErrorBoundary resetKey={area}>
          <Area key={visit} area={area} />
        </ErrorBoundary>
      </main>
      <StatusBar />
      <Notices />
      <SearchPalette />
    </div>
  );
}

function Area({ area }: { area: AreaId }) {
  const Screen = screens[area];
  return <Screen />;
}
