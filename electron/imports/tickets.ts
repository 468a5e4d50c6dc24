import { UtcTimestamp } from '../../shared/api/common';
import type { Fact, FactOf } from '../../shared/api/imports';
import type { RecordWriter } from '../ledger/records';
import { applyImportedTickets, type TicketFromImport } from '../releases/imported-tickets';
import type { Core } from '../services';

// The change tickets a change-record import fills: each ticket the new import mentions (a change,
// an approval or a status transition) is worked out again from every fact the release holds about
// it, oldest import first, so importing the change and its approvals in either order ends the same.

interface Source {
  importId: string;
  releaseId: string;
  source: string;
  kindLabel: string;
}

type TicketFact = FactOf<'change'> | FactOf<'approval'> | FactOf<'transition'>;

const referenceOf = (fact: TicketFact): string => (fact.kind === 'change' ? fact.number : fact.ticket).trim();
const key = (reference: string): string => reference.toUpperCase();

/** Called by the import's own transaction after its facts are written. */
export function fillTicketsFromImport(core: Core, records: RecordWriter, source: Source): void {
  const rows = core.sqlite
    .prepare(
      `SELECT f.import_id AS importId, f.data AS data FROM import_facts f JOIN imports i ON i.id = f.import_id
       WHERE f.release_id = ? AND f.kind IN ('change', 'approval', 'transition') ORDER BY i.imported_at, i.id, f.seq`,
    )
    .all(source.releaseId) as Array<{ importId: string; data: string }>;
  const facts = rows.map((row) => ({ importId: row.importId, fact: JSON.parse(row.data) as TicketFact }));
  // Grouped by reference once: an export of thousands of issues costs one pass, not one per issue.
  const byTicket = new Map<string, typeof facts>();
  for (const f of facts) {
    const k = key(referenceOf(f.fact));
    const group = byTicket.get(k);
    if (group) group.push(f);
    else byTicket.set(k, [f]);
  }
  const mentioned = new Map<string, string>();
  for (const { importId, fact } of facts) if (importId === source.importId && referenceOf(fact) !== '') mentioned.set(key(referenceOf(fact)), referenceOf(fact));
  const tickets: TicketFromImport[] = [...mentioned].map(([k, reference]) => {
    const about = byTicket.get(k) ?? [];
    const own = about.filter((f) => f.importId === source.importId).map((f) => f.fact);
    const change = [...about].reverse().find((f) => f.fact.kind === 'change')?.fact as FactOf<'change'> | undefined;
    const shown = own.find((f) => f.kind === 'change') ?? own[0];
    return {
      reference: change?.number ?? reference,
      importId: source.importId,
      source: source.source,
      kindLabel: source.kindLabel,
      lines: shown ? shown.lines : null,
      title: (change?.summary ?? '').slice(0, 300),
      ...approvalOf(about.map((f) => f.fact)),
    };
  });
  // A ticket must stay one the release screen can save back: a reference past its 80 characters is
  // left to the facts, and a time the contract cannot hold (before 2000, say) is not set.
  const fit = tickets.filter((t) => t.reference.length <= 80).map((t) => ({ ...t, approvedAt: t.approvedAt !== null && UtcTimestamp.safeParse(t.approvedAt).success ? t.approvedAt : null }));
  if (fit.length > 0) applyImportedTickets(core, records, source.releaseId, fit);
}

type Approval = Pick<TicketFromImport, 'approvalStatus' | 'approvedBy' | 'approvedAt'>;
const pending: Approval = { approvalStatus: 'pending', approvedBy: '', approvedAt: null };
const statusOf = (state: string): Approval['approvalStatus'] =>
  /^approved$/i.test(state) ? 'approved' : /^(rejected|declined)$/i.test(state) ? 'rejected' : 'pending';

/**
 * The approval a ticket's facts add up to. Approvers' own records (ServiceNow sysapproval_approver)
 * count first: rejected if one rejected, approved only when every approver approved (the latest
 * time). Without them, the change record's own approval field; without that, a Jira status moved
 * to an approved (or rejected) status.
 */
export function approvalOf(facts: Fact[]): Approval {
  const approvals = facts.filter((f): f is FactOf<'approval'> => f.kind === 'approval');
  const byApprover = new Map<string, FactOf<'approval'>>();
  for (const a of approvals) if (a.approver !== null) byApprover.set(a.approver, a);
  if (byApprover.size > 0) {
    const all = [...byApprover.values()];
    const rejected = all.find((a) => statusOf(a.state) === 'rejected');
    if (rejected) return { approvalStatus: 'rejected', approvedBy: (rejected.approver ?? '').slice(0, 200), approvedAt: rejected.at?.utc ?? null };
    if (!all.every((a) => statusOf(a.state) === 'approved')) return pending;
    const times = all.map((a) => a.at?.utc ?? null);
    return {
      approvalStatus: 'approved',
      approvedBy: all.map((a) => a.approver).join(', ').slice(0, 200),
      approvedAt: times.includes(null) ? null : ([...times].sort().at(-1) ?? null),
    };
  }
  const overall = approvals.at(-1);
  if (overall) {
    const status = statusOf(overall.state);
    return status === 'pending' ? pending : { approvalStatus: status, approvedBy: '', approvedAt: overall.at?.utc ?? null };
  }
  let result = pending;
  for (const t of facts) {
    if (t.kind !== 'transition' || !/^(status|approvals?)$/i.test(t.field) || t.to === null) continue;
    if (/reject|declin/i.test(t.to)) result = { approvalStatus: 'rejected', approvedBy: (t.by ?? '').slice(0, 200), approvedAt: t.at?.utc ?? null };
    else if (/approv/i.test(t.to)) result = { approvalStatus: 'approved', approvedBy: (t.by ?? '').slice(0, 200), approvedAt: t.at?.utc ?? null };
  }
  return result;
}
