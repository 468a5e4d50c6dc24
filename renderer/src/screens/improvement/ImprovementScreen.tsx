import { EmptyState } from '../../components/EmptyState';
import { useRememberedSelection } from '../../hooks/useRememberedSelection';
import { useSession } from '../../stores/session';
import { improvementTabs } from './tabs';

/** The improvement loop: how the release process fares across audit cycles, one tab per view. */
export function ImprovementScreen() {
  const auditId = useSession((s) => s.auditId);
  const [current, choose] = useRememberedSelection('improvement-tab', improvementTabs);
  const tab = current ?? improvementTabs[0];
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Improvement</h1>
          <p className="muted">Whether the release process is getting better from one audit cycle to the next.</p>
        </div>
      </header>
      {tab === undefined ? (
        <EmptyState title="Nothing to show yet">
          <p>Views of the improvement loop appear here.</p>
        </EmptyState>
      ) : (
        <>
          <div role="tablist" aria-label="Improvement views" className="tabs">
            {improvementTabs.map((t, index) => (
              <button
                key={t.id}
                role="tab"
                type="button"
                id={`tab-${t.id}`}
                aria-selected={tab.id === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={tab.id === t.id ? 0 : -1}
                className={tab.id === t.id ? 'tab active' : 'tab'}
                onClick={() => choose(t.id)}
                onKeyDown={(e) => {
                  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                  if (step) {
                    const next = improvementTabs[(index + step + improvementTabs.length) % improvementTabs.length] as (typeof improvementTabs)[number];
                    choose(next.id);
                    document.getElementById(`tab-${next.id}`)?.focus();
                  }
                }}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`}>
            <tab.Panel auditId={auditId} />
          </div>
        </>
      )}
    </div>
  );
}
