import { useState } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { RequireAudit } from '../../components/RequireAudit';
import { useQuery } from '../../hooks/useQuery';
import { EvidenceCapture } from './EvidenceCapture';
import { EvidenceList } from './EvidenceList';

export function EvidenceScreen() {
  return <RequireAudit title="Evidence">{(auditId) => <EvidenceVault key={auditId} auditId={auditId} />}</RequireAudit>;
}

/** Every piece of evidence of the audit, newest first, and a place to add more. */
function EvidenceVault({ auditId }: { auditId: string }) {
  const list = useQuery(() => api['evidence.list']({ auditId }), [auditId]);
  const items = list.loading && !list.data ? null : (list.data ?? []);
  const setItems = list.setData;
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = (items ?? []).filter((e) => !needle || `${e.originalName} ${e.sha256} ${e.sourceSystem} ${e.capturedBy}`.toLowerCase().includes(needle));
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Evidence</h1>
          <p className="muted">Stored by SHA-256 and never changed; every view, link and export is in its custody log.</p>
        </div>
      </header>
      <section className="panel">
        <EvidenceCapture auditId={auditId} onAdded={(e) => setItems((list) => [e, ...(list ?? []).filter((x) => x.id !== e.id)])} />
      </section>
      <div className="toolbar">
        <Field inline label="Filter">
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name, hash, system, person" />
        </Field>
        <span className="muted">{items ? `${shown.length} of ${items.length}` : 'Loading…'}</span>
      </div>
      {items && <EvidenceList markable items={shown} empty={items.length === 0 ? 'No evidence yet: drop a file above, paste a screenshot or a log excerpt.' : 'Nothing matches.'} />}
    </div>
  );
}
