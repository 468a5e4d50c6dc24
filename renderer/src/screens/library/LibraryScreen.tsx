import { useEffect } from 'react';
import { useRememberedSelection } from '../../hooks/useRememberedSelection';
import { useLibrary } from '../../stores/library';
import { ControlsTab } from './ControlsTab';
import { FrameworkTab } from './FrameworkTab';
import { RulePacksTab } from './RulePacksTab';
import { TemplatesTab } from './TemplatesTab';

const tabs = [
  { id: 'controls', label: 'Controls' },
  { id: 'frameworks', label: 'Framework view' },
  { id: 'templates', label: 'Checklist templates' },
  { id: 'rules', label: 'Rule packs' },
] as const;

export function LibraryScreen() {
  const [current, choose] = useRememberedSelection('library-tab', tabs);
  const tab = current?.id ?? 'controls';
  const { load, error } = useLibrary();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Library</h1>
          <p className="muted">Release controls mapped to ITIL 4, COBIT 2019, ISO/IEC 20000-1:2018 and SOX ITGC, and the checklist templates built from them.</p>
        </div>
      </header>
      <div role="tablist" aria-label="Library views" className="tabs">
        {tabs.map((t, index) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => choose(t.id)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (step) {
                const next = tabs[(index + step + tabs.length) % tabs.length] as (typeof tabs)[number];
                choose(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {error && (
        <div className="panel error-panel" role="alert">
          The library could not be loaded: {error}
        </div>
      )}
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'controls' && <ControlsTab />}
        {tab === 'frameworks' && <FrameworkTab />}
        {tab === 'templates' && <TemplatesTab />}
        {tab === 'rules' && <RulePacksTab />}
      </div>
    </div>
  );
}
