import { useEffect, useState } from 'react';
import type { Evidence, EvidencePage, EvidenceSummary } from '../../../../shared/api/evidence';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { RequireAudit } from '../../components/RequireAudit';
import { VirtualList } from '../../components/VirtualList';
import { useErrorNotice } from '../../hooks/useQuery';
import { usePages } from '../../hooks/usePages';
import { EvidenceCapture } from './EvidenceCapture';
import { EvidenceCard } from './EvidenceList';
import { REVEAL_EVIDENCE } from './capture-notes';

export function EvidenceScreen() {
  return <RequireAudit title="Evidence">{(auditId) => <EvidenceVault key={auditId} auditId={auditId} />}</RequireAudit>;
}

/** What the filter matches: the service's rule (electron/evidence/list.ts), for a piece just added here. */
const matches = (e: EvidenceSummary, needle: string) => !needle || [e.originalName, e.sha256, e.sourceSystem, e.capturedBy].some((t) => t.toLowerCase().includes(needle));

/** Where another screen names the piece of evidence to show when this one opens (see search/openHit.ts). */
export const OPEN_EVIDENCE_KEY = 'release-audit.evidence-open';

/** Every piece of evidence of the audit, newest first, a page at a time, and a place to add more. */
function EvidenceVault({ auditId }: { auditId: string }) {
  const onError = useErrorNotice();
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const pages = usePages<EvidenceSummary, EvidencePage>((cursor, limit) => api['evidence.list']({ auditId, filter: needle, cursor, limit }), [auditId, needle], { onError });
  const { rows, info, loading, put } = pages;
  const [reveal, setReveal] = useState<string | null>(null);
  // "Show the existing record" names a piece that may not be drawn yet: the list scrolls to it.
  useEffect(() => {
    const onReveal = (event: Event) => {
      const id = (event as CustomEvent<string>).detail;
      if (!rows?.some((r) => r.id === id)) return;
      event.preventDefault();
      setReveal(`evidence-${id}`);
    };
    window.addEventListener(REVEAL_EVIDENCE, onReveal);
    return () => window.removeEventListener(REVEAL_EVIDENCE, onReveal);
  }, [rows]);
  // A piece opened from elsewhere (a search hit) is named in the session: it is shown once its page is in.
  const [opened] = useState(() => window.sessionStorage.getItem(OPEN_EVIDENCE_KEY));
  const openedShown = opened !== null && (rows?.some((r) => r.id === opened) ?? false);
  useEffect(() => {
    if (openedShown) window.sessionStorage.removeItem(OPEN_EVIDENCE_KEY);
  }, [openedShown]);
  const added = (e: Evidence) => {
    const { note: _note, alreadyRecorded: _already, ...row } = e;
    const known = rows?.some((r) => r.id === e.id) ?? false;
    if (!known && matches(row, needle)) put(row, (i) => ({ ...i, total: i.total + 1, all: i.all + 1 }));
  };
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Evidence</h1>
          <p className="muted">Stored by SHA-256 and never changed; every view, link and export is in its custody log.</p>
        </div>
      </header>
      <section className="panel">
        <EvidenceCapture auditId={auditId} onAdded={added} />
      </section>
      <div className="toolbar">
        <Field inline label="Filter">
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name, hash, system, person" />
        </Field>
        <span className="muted">
          {rows && info ? `${info.total} of ${info.all}${loading && rows.length < info.total ? ` (${rows.length} loaded…)` : ''}` : 'Loading…'}
        </span>
      </div>
      {rows &&
        (rows.length === 0 ? (
          <p className="muted">{info?.all === 0 ? 'No evidence yet: drop a file above, paste a screenshot or a log excerpt.' : 'Nothing matches.'}</p>
        ) : (
          <VirtualList
            rows={rows}
            rowKey={(e) => `evidence-${e.id}`}
            rowProps={(e) => ({ id: `evidence-${e.id}`, className: 'evidence-item' })}
            renderRow={(e) => <EvidenceCard item={e} markable />}
            estimateSize={150}
            gap={8}
            label="Evidence"
            className="evidence-list"
            testId="evidence-scroller"
            reveal={reveal ?? (openedShown ? `evidence-${opened}` : null)}
            onRevealed={() => setReveal(null)}
          />
        ))}
    </div>
  );
}
