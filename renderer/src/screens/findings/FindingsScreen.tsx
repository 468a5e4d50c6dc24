import { useCallback, useState } from 'react';
import type { Finding } from '../../../../shared/api/findings';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { FinalisedNote, ReadOnlyFieldset, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { RequireAudit } from '../../components/RequireAudit';
import { FindingEditor } from './FindingEditor';
import { FindingsList } from './FindingsList';
import { useQuery } from '../../hooks/useQuery';
import { useRememberedSelection } from '../../hooks/useRememberedSelection';
import { useFindingPages } from './useFindingPages';
import { DraftsBanner } from '../rules/DraftsBanner';
import { SpreadsheetImport } from './SpreadsheetImport';

export function FindingsScreen() {
  // Findings imported from a spreadsheet arrive many at once: the list is read again.
  const [imports, setImports] = useState(0);
  return <RequireAudit title="Findings">{(auditId) => <Findings key={`${auditId}:${imports}`} auditId={auditId} onImported={() => setImports((n) => n + 1)} />}</RequireAudit>;
}

function Findings({ auditId, onImported }: { auditId: string; onImported: () => void }) {
  const push = useNotices((s) => s.push);
  const onError = useCallback((message: string) => push('error', message), [push]);
  const pages = useFindingPages(auditId, onError);
  const { rows, put, remove } = pages;
  const [current, setSelected] = useRememberedSelection('finding', rows);
  const [title, setTitle] = useState('');
  const finalised = useAuditFinalised(auditId);
  const currentId = current?.id ?? null;
  // The list has summary rows; the finding shown is fetched in full when it is chosen.
  const { data: detail, setData: setDetail } = useQuery(async () => (currentId ? api['findings.get']({ id: currentId }) : null), [currentId], onError);
  const saved = useCallback(
    (finding: Finding) => {
      put(finding);
      setDetail((d) => (d?.id === finding.id ? finding : (d ?? null)));
    },
    [put, setDetail],
  );
  if (!rows) return <p className="muted" role="status">Loading findings…</p>;
  return (
    <div className="screen wide-screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Findings</h1>
          <p className="muted">Criteria, condition, cause, effect and recommendation; a finding leaves draft only when all five and its evidence are there.</p>
        </div>
      </header>
      {finalised && <FinalisedNote what="its findings are" />}
      <DraftsBanner
        auditId={auditId}
        readOnly={finalised}
        onOpen={(id) =>
          api['findings.get']({ id }).then((f) => {
            put(f);
            setSelected(f.id);
          }, (e: Error) => onError(e.message))
        }
      />
      <div className="split">
        <aside className="split-list" aria-label="Findings list">
          {rows.length === 0 && !pages.loading && <p className="muted">No findings yet. Fail a checklist item and press R, or write one here.</p>}
          <FindingsList rows={rows} counts={pages.counts} loading={pages.loading} currentId={currentId} onSelect={setSelected} />
          {!finalised && (
            <form
              className="form"
              aria-label="New finding"
              onSubmit={(e) => {
                e.preventDefault();
                api['findings.create']({ auditId, title: title.trim() }).then(
                  (f) => {
                    setTitle('');
                    put(f);
                    setSelected(f.id);
                  },
                  (err: Error) => push('error', err.message),
                );
              }}
            >
              <Field label="New finding">
                <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title" />
              </Field>
              <button type="submit" disabled={!title.trim()}>
                Add finding
              </button>
            </form>
          )}
        </aside>
        <div className="split-main">
          <ReadOnlyFieldset readOnly={finalised}>
            {detail && detail.id === currentId && <FindingEditor key={detail.id} finding={detail} frozen={finalised} onChanged={saved} onDiscarded={remove} />}
          </ReadOnlyFieldset>
        </div>
      </div>
      {!finalised && <SpreadsheetImport auditId={auditId} onImported={onImported} />}
      <OwnerTrends />
    </div>
  );
}

/** How each owner's findings stand, audit after audit. */
function OwnerTrends() {
  const { data: trends = [] } = useQuery(() => api['findings.trends']({}), []);
  if (trends.length === 0) return null;
  const rows = trends.flatMap((t) => t.audits.map((a, i) => ({ ...a, owner: i === 0 ? t.owner : '', key: `${t.owner}-${a.auditId}` })));
  return (
    <section className="panel" aria-label="Findings by owner across audits">
      <h2>By owner, across audits</h2>
      <DataTable
        className="data-table compact"
        rows={rows}
        rowKey={(r) => r.key}
        columns={[
          { header: 'Owner', cell: (r) => r.owner },
          { header: 'Audit', cell: (r) => r.auditName },
          { header: 'Open', cell: (r) => r.open },
          { header: 'Closed', cell: (r) => r.closed },
          { header: 'Risk accepted', cell: (r) => r.accepted },
          { header: 'Overdue', cell: (r) => r.overdue, cellClassName: (r) => (r.overdue > 0 ? 'status-error' : undefined) },
        ]}
      />
    </section>
  );
}

