import { useState } from 'react';
import { departmentPaths, type DepartmentFinding, type DepartmentFindingPage, type DepartmentFindingSort, type DepartmentOwner } from '../../../shared/api/department';
import { DataTable } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { VirtualList } from '../components/VirtualList';
import { useQuery } from '../hooks/useQuery';
import { read } from './api';
import { labelOf } from './labels';

// The open findings of every audit, by due date or by owner, a page at a time (the hub pages them
// on a cursor, the list draws only the rows in view); overdue ones are flagged. The owners' table
// above narrows the list to one owner.

const PAGE = 100;

/** The pages shown after the first, for one order and owner. */
interface More {
  key: string;
  rows: DepartmentFinding[];
  nextCursor: string | null;
}

export function FindingsPanel({ owners }: { owners: DepartmentOwner[] }) {
  const [sort, setSort] = useState<DepartmentFindingSort>('due');
  const [owner, setOwner] = useState('');
  // A new order or owner starts the list again from its first page.
  const first = useQuery(() => read<DepartmentFindingPage>(departmentPaths.findings, { sort, owner, limit: String(PAGE) }), [sort, owner]);
  const key = `${sort}\n${owner}`;
  const [more, setMore] = useState<More | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const extra = more?.key === key ? more : null;
  const listing = first.data ? { ...first.data, rows: [...first.data.rows, ...(extra?.rows ?? [])], nextCursor: extra ? extra.nextCursor : first.data.nextCursor } : null;
  const error = first.error ?? moreError;
  const loading = first.loading || loadingMore;

  async function loadMore(cursor: string) {
    setLoadingMore(true);
    try {
      const page = await read<DepartmentFindingPage>(departmentPaths.findings, { sort, owner, cursor, limit: String(PAGE) });
      setMore({ key, rows: [...(extra?.rows ?? []), ...page.rows], nextCursor: page.nextCursor });
      setMoreError(null);
    } catch (failure) {
      setMoreError((failure as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="department-findings">
      <h2 id="department-findings">Open findings across every audit</h2>
      <p className="muted">Open means open, in remediation or ready for verification. Overdue means its due date is before today. The owner is the finding's owner, else their role.</p>
      {owners.length === 0 ? (
        <EmptyState title="No open finding">
          <p>No audit on the hub has an open finding.</p>
        </EmptyState>
      ) : (
        <>
          <DataTable
            rows={owners}
            rowKey={(o) => o.owner}
            label="Open findings by owner"
            className="data-table department-owners"
            columns={[
              {
                header: 'Owner',
                rowHeader: true,
                cell: (o) => (
                  <button type="button" className="link-button" aria-pressed={owner === o.owner} onClick={() => setOwner(owner === o.owner ? '' : o.owner)}>
                    {o.owner}
                  </button>
                ),
                sort: (a, b) => a.owner.localeCompare(b.owner),
              },
              { header: 'Open', cell: (o) => o.open, sort: (a, b) => a.open - b.open },
              { header: 'Overdue', cell: (o) => (o.overdue > 0 ? <span className="badge badge-breach">{o.overdue} overdue</span> : '0'), sort: (a, b) => a.overdue - b.overdue },
            ]}
          />
          <div className="grid-2 form department-list-controls">
            <Field label="Sort by">
              <select value={sort} onChange={(e) => setSort(e.target.value as DepartmentFindingSort)}>
                <option value="due">Due date (soonest first, undated last)</option>
                <option value="owner">Owner, then due date</option>
              </select>
            </Field>
            <Field label="Owner">
              <select value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">Every owner</option>
                {owners.map((o) => (
                  <option key={o.owner} value={o.owner}>
                    {o.owner}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {error ? (
            <p role="alert" className="form-error">
              {error}
            </p>
          ) : null}
          <p className="muted" aria-live="polite">
            {listing ? `${listing.rows.length} of ${listing.total} open findings shown, ${listing.overdue} overdue.` : loading ? 'Loading…' : ''}
          </p>
          {listing ? (
            <VirtualList
              rows={listing.rows}
              rowKey={(f) => f.id}
              estimateSize={64}
              label="Open findings"
              testId="department-findings"
              className="department-finding-list"
              rowProps={(f) => ({ 'data-finding': f.id, className: f.overdue ? 'overdue' : undefined, 'aria-label': `${f.title}, ${f.owner}, due ${f.dueAt ?? 'no date'}${f.overdue ? ', overdue' : ''}` })}
              renderRow={(f) => <FindingRow finding={f} />}
            />
          ) : null}
          {listing?.nextCursor ? (
            <button type="button" disabled={loading} onClick={() => void loadMore(listing.nextCursor as string)}>
              {loading ? 'Loading…' : `Show ${Math.min(PAGE, listing.total - listing.rows.length)} more`}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function FindingRow({ finding }: { finding: DepartmentFinding }) {
  return (
    <div className="department-finding">
      <div className="department-finding-main">
        <strong>{finding.title}</strong>
        <span className="muted">{finding.auditName}</span>
      </div>
      <span>{finding.owner}</span>
      <span className={`badge department-severity-${finding.severity}`}>{labelOf(finding.severity)}</span>
      <span>{labelOf(finding.status)}</span>
      <span className="department-due">
        {finding.dueAt ? `Due ${finding.dueAt}` : 'No due date'}
        {finding.overdue ? <span className="badge badge-breach">Overdue</span> : null}
      </span>
    </div>
  );
}
