import { useEffect, useState } from 'react';
import { formatLocal } from '../../../../shared/time';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { statusLabels } from '../../app/ContextBar';
import { AuditLifecycle } from './AuditLifecycle';
import { CreateAuditForm } from './CreateAuditForm';


export function AuditsScreen() {
  const { audits, state, error, load } = useAudits();
  const creating = useUi((s) => s.creatingAudit);
  const setCreating = useUi((s) => s.setCreatingAudit);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [lifeOf, setLifeOf] = useState<string | null>(null);
  const chooseAudit = useSession((s) => s.chooseAudit);
  const go = useUi((s) => s.go);
  const openPlan = (id: string) => {
    chooseAudit(id);
    go('plan');
  };

  useEffect(() => {
    void load();
  }, [load]);


  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Audits</h1>
          <p className="muted">Every audit on this laptop. Press N on any screen (outside a field, a checklist or the war room; Ctrl+N there in the desktop app) for a new one.</p>
        </div>
        {!creating && (
          <button type="button" className="primary" id="new-audit-button" onClick={() => setCreating(true)} aria-keyshortcuts="N Control+N">
            New audit
          </button>
        )}
      </header>

      {creating && (
        <CreateAuditForm
          onDone={(createdId) => {
            setCreating(false);
            window.requestAnimationFrame(() => document.getElementById('new-audit-button')?.focus());
            if (createdId) {
              setHighlight(createdId);
              chooseAudit(createdId);
            }
          }}
        />
      )}

      {state === 'loading' && <p className="muted" role="status">Loading audits…</p>}
      {state === 'error' && (
        <div className="panel error-panel" role="alert">
          <p>The audits could not be loaded: {error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {state === 'ready' && audits.length === 0 && !creating && (
        <EmptyState title="No audits yet">
          <p>An audit collects the plan, checklists, evidence and findings for a set of releases.</p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create your first audit
          </button>
        </EmptyState>
      )}
      {audits.length > 0 && (
        <DataTable
          label="Audits"
          rows={audits}
          rowKey={(audit) => audit.id}
          rowClassName={(audit) => (audit.id === highlight ? 'highlight' : undefined)}
          rowProps={(audit) => ({ 'data-audit-id': audit.id })}
          columns={[
            {
              header: 'Name',
              cell: (audit) => (
                <>
                  <span className="audit-name">{audit.name}</span>
                  {audit.description && <span className="muted block">{audit.description}</span>}
                </>
              ),
            },
            { header: 'Status', cell: (audit) => <span className={`badge badge-${audit.status}`}>{statusLabels[audit.status] ?? audit.status}</span> },
            { header: 'Checklist', cell: (audit) => (audit.pinnedTemplate ? `${audit.pinnedTemplate.name} v${audit.pinnedTemplate.version}` : <span className="muted">not pinned</span>) },
            {
              header: 'Escalation',
              cell: (audit) =>
                audit.breaches > 0 ? (
                  <span className="badge badge-breach">{audit.breaches === 1 ? '1 threshold breached' : `${audit.breaches} thresholds breached`}</span>
                ) : (
                  <span className="muted">none breached</span>
                ),
            },
            {
              header: 'Created',
              cell: (audit) => (
                <time dateTime={audit.createdAt} title={`${audit.createdAt} (UTC)`}>
                  {formatLocal(audit.createdAt)}
                </time>
              ),
            },
            { header: 'By', cell: (audit) => audit.createdBy },
            {
              header: 'Actions',
              hiddenHeader: true,
              cell: (audit) => (
                <>
                  <button type="button" className="small" onClick={() => openPlan(audit.id)} aria-label={`Open the plan of ${audit.name}`}>
                    Plan
                  </button>{' '}
                  <button type="button" className="small" onClick={() => setLifeOf(audit.id)} aria-label={`Status and finalising of ${audit.name}`}>
                    {audit.status === 'finalised' ? 'Status' : 'Status / finalise…'}
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      {lifeOf && audits.some((a) => a.id === lifeOf) && (
        <AuditLifecycle audit={audits.find((a) => a.id === lifeOf) as (typeof audits)[number]} onChanged={load} onClose={() => setLifeOf(null)} />
      )}
    </div>
  );
}
