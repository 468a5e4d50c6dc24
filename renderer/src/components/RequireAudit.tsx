import { useEffect, type ReactNode } from 'react';
import { useAudits } from '../stores/audits';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { EmptyState } from './EmptyState';

/** Screens that work on one audit: they get the chosen audit, or a way to choose (or create) one. */
export function RequireAudit({ title, children }: { title: string; children: (auditId: string) => ReactNode }) {
  const auditId = useSession((s) => s.auditId);
  const { audits, state, load } = useAudits();
  const chooseAudit = useSession((s) => s.chooseAudit);
  const go = useUi((s) => s.go);
  // Audits may have been added elsewhere (the CLI, another window): look again on arrival.
  useEffect(() => {
    void load();
  }, [load]);
  const known = audits.some((a) => a.id === auditId);
  if (auditId && (known || state !== 'ready')) return <>{children(auditId)}</>;
  return (
    <div className="screen">
      <header className="screen-header">
        <h1 tabIndex={-1}>{title}</h1>
      </header>
      <EmptyState title={audits.length === 0 ? 'No audit yet' : 'Choose an audit'}>
        {audits.length === 0 ? (
          <button type="button" className="primary" onClick={() => go('audits')}>
            Create an audit first
          </button>
        ) : (
          <ul className="picker">
            {audits.map((a) => (
              <li key={a.id}>
                <button type="button" onClick={() => chooseAudit(a.id)}>
                  {a.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </EmptyState>
    </div>
  );
}
