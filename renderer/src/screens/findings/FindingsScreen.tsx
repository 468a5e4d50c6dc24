import { useCallback, useEffect, useState } from 'react';
import type { Finding, OwnerTrend } from '../../../../shared/api/findings';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { FinalisedNote, ReadOnlyFieldset, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { RequireAudit } from '../../components/RequireAudit';
import { FindingEditor } from './FindingEditor';
import { FindingsList } from './FindingsList';
import { useFindingPages } from './useFindingPages';

export function FindingsScreen() {
  return <RequireAudit title="Findings">{(auditId) => <Findings key={auditId} auditId={auditId} />}</RequireAudit>;
}

function Findings({ auditId }: { auditId: string }) {
  const push = useNotices((s) => s.push);
  const onError = useCallback((message: string) => push('error', message), [push]);
  const pages = useFindingPages(auditId, onError);
  const { rows, put, remove } = pages;
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<Finding | null>(null);
  const [title, setTitle] = useState('');
  const finalised = useAuditFinalised(auditId);
  const currentId = rows?.some((f) => f.id === selected) ? selected : (rows?.[0]?.id ?? null);
  // The list has summary rows; the finding shown is fetched in full when it is chosen.
  useEffect(() => {
    if (!currentId) return;
    let cancelled = false;
    api['findings.get']({ id: currentId }).then(
      (f) => !cancelled && setDetail(f),
      (e: Error) => push('error', e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [currentId, push]);
  const saved = useCallback(
    (finding: Finding) => {
      put(finding);
      setDetail((d) => (d?.id === finding.id ? finding : d));
    },
    [put],
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
              <div className="field">
                <label htmlFor="new-finding">New finding</label>
                <input id="new-finding" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title" />
              </div>
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
      <OwnerTrends />
    </div>
  );
}

/** How each owner's findings stand, audit after audit. */
function OwnerTrends() {
  const [trends, setTrends] = useState<OwnerTrend[]>([]);
  useEffect(() => {
    api['findings.trends']({}).then(setTrends, () => setTrends([]));
  }, []);
  if (trends.length === 0) return null;
  return (
    <section className="panel" aria-label="Findings by owner across audits">
      <h2>By owner, across audits</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">Audit</th>
            <th scope="col">Open</th>
            <th scope="col">Closed</th>
            <th scope="col">Risk accepted</th>
            <th scope="col">Overdue</th>
          </tr>
        </thead>
        <tbody>
          {trends.flatMap((t) =>
            t.audits.map((a, i) => (
              <tr key={`${t.owner}-${a.auditId}`}>
                <td>{i === 0 ? t.owner : ''}</td>
                <td>{a.auditName}</td>
                <td>{a.open}</td>
                <td>{a.closed}</td>
                <td>{a.accepted}</td>
                <td className={a.overdue > 0 ? 'status-error' : undefined}>{a.overdue}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

