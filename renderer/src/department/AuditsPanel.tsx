import type { DepartmentAudit } from '../../../shared/api/department';
import { DataTable, type Column } from '../components/DataTable';
import { dayOf, labelOf } from './labels';

// Every audit the hub holds, with its state as the app works it out and its findings counted.

const byText = (pick: (a: DepartmentAudit) => string) => (a: DepartmentAudit, b: DepartmentAudit) => pick(a).localeCompare(pick(b));
const byNumber = (pick: (a: DepartmentAudit) => number) => (a: DepartmentAudit, b: DepartmentAudit) => pick(a) - pick(b);

const columns: Array<Column<DepartmentAudit>> = [
  { header: 'Audit', rowHeader: true, cell: (a) => a.name, sort: byText((a) => a.name) },
  { header: 'State', cell: (a) => <span className={`badge badge-${a.status}`}>{labelOf(a.status)}</span>, sort: byText((a) => a.status) },
  { header: 'Opened', cell: (a) => dayOf(a.createdAt), sort: byText((a) => a.createdAt) },
  { header: 'Opened by', cell: (a) => a.createdBy, sort: byText((a) => a.createdBy) },
  { header: 'Findings', cell: (a) => a.findings.total, sort: byNumber((a) => a.findings.total) },
  { header: 'Open', cell: (a) => a.findings.open, sort: byNumber((a) => a.findings.open) },
  {
    header: 'Overdue',
    cell: (a) => (a.findings.overdue > 0 ? <span className="badge badge-breach">{a.findings.overdue} overdue</span> : '0'),
    sort: byNumber((a) => a.findings.overdue),
  },
  { header: 'Escalation breaches', cell: (a) => a.breaches, sort: byNumber((a) => a.breaches) },
];

export function AuditsPanel({ audits }: { audits: DepartmentAudit[] }) {
  return (
    <section className="panel" aria-labelledby="department-audits">
      <h2 id="department-audits">All audits ({audits.length})</h2>
      <p className="muted">
        State is the audit's stage as the app shows it (planning, fieldwork, reporting, finalised). Findings count every finding raised (drafts excluded); open means open, in
        remediation or ready for verification; overdue means open with a due date before today. Sort by a column's header.
      </p>
      <DataTable rows={audits} columns={columns} rowKey={(a) => a.id} label="Audits on the hub" rowProps={(a) => ({ 'data-audit': a.id })} />
    </section>
  );
}
