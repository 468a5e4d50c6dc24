import { useAudits } from '../stores/audits';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';

export const statusLabels: Record<string, string> = { planning: 'Planning', fieldwork: 'Fieldwork', reporting: 'Reporting', finalised: 'Finalised' };

/** Names, on every screen, the audit being worked on, its status and (in Fieldwork) the release open. */
export function ContextBar() {
  const auditId = useSession((s) => s.auditId);
  const releaseName = useSession((s) => s.releaseName);
  const area = useUi((s) => s.area);
  const audit = useAudits((s) => s.audits.find((a) => a.id === auditId));
  if (!audit) return null;
  return (
    <p className="context-bar" aria-label="Working on" data-testid="context-bar">
      <span title={audit.name}>
        Audit: <strong>{audit.name}</strong>
      </span>
      <span className={`badge badge-${audit.status}`}>{statusLabels[audit.status] ?? audit.status}</span>
      {audit.status === 'finalised' && <span className="muted">read-only: corrections are amendments (Reports)</span>}
      {area === 'fieldwork' && releaseName && (
        <span>
          Release: <strong>{releaseName}</strong>
        </span>
      )}
    </p>
  );
}
