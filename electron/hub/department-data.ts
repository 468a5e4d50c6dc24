import { AppError } from '../../shared/api/errors';
import {
  departmentFindingSorts,
  openFindingStatuses,
  type DepartmentAudit,
  type DepartmentFinding,
  type DepartmentFindingPage,
  type DepartmentFindingQuery,
  type DepartmentFindingSort,
  type DepartmentOwner,
} from '../../shared/api/department';
import { trendPeriods, type TrendPeriod } from '../../shared/api/trends';
import { listAudits } from '../audits/service';
import { decodeCursor, pageFrom } from '../common/paging';
import { today } from '../kpis/summary';
import type { Core } from '../services';

// What the department view reads from the hub's working copy: every audit with its state (the audits
// service's own list) and its findings counted, and the open findings of every audit a page at a
// time, by due date or by owner. Open and overdue mean what the app's owner trends say they mean.

const open = `f.status IN (${openFindingStatuses.map((s) => `'${s}'`).join(', ')})`;
const ownerOf = "coalesce(nullif(f.owner_name, ''), nullif(f.owner_role, ''), 'unassigned')";
/** A finding with no due date sorts after every dated one. */
const dueKey = "coalesce(f.due_at, '9999-12-31')";
const overdue = 'f.due_at IS NOT NULL AND f.due_at < @asOf';

export const MAX_FINDINGS_PAGE = 500;

export function departmentAudits(core: Core, asOf = today()): DepartmentAudit[] {
  const counts = new Map(
    (
      core.sqlite
        .prepare(`SELECT f.audit_id AS auditId, count(*) AS total, sum(${open}) AS open, sum(${open} AND ${overdue}) AS overdue FROM findings f WHERE f.status <> 'draft' GROUP BY f.audit_id`)
        .all({ asOf }) as Array<{ auditId: string; total: number; open: number; overdue: number }>
    ).map((row) => [row.auditId, row]),
  );
  return listAudits(core).map((audit) => {
    const count = counts.get(audit.id);
    return {
      id: audit.id,
      name: audit.name,
      status: audit.status,
      createdAt: audit.createdAt,
      createdBy: audit.createdBy,
      finalisedAt: audit.finalisedAt,
      breaches: audit.breaches,
      findings: { total: count?.total ?? 0, open: count?.open ?? 0, overdue: count?.overdue ?? 0 },
    };
  });
}

/** Each owner with open findings, most overdue first. */
export function departmentOwners(core: Core, asOf = today()): DepartmentOwner[] {
  return core.sqlite
    .prepare(`SELECT ${ownerOf} AS owner, count(*) AS open, sum(${overdue}) AS overdue FROM findings f WHERE ${open} GROUP BY ${ownerOf} ORDER BY overdue DESC, open DESC, owner`)
    .all({ asOf }) as DepartmentOwner[];
}

type Cursor = [first: string, due: string, id: string];
const isCursor = (v: unknown[]): v is Cursor => v.length === 3 && v.every((part) => typeof part === 'string');

const sortKeys: Record<DepartmentFindingSort, { first: string; order: string }> = {
  // (due, due, id): the first key repeats the second, so both sorts page on one three-part key.
  due: { first: dueKey, order: `${dueKey}, ${dueKey}, f.id` },
  owner: { first: `lower(${ownerOf})`, order: `lower(${ownerOf}), ${dueKey}, f.id` },
};

export function parseFindingQuery(params: URLSearchParams): DepartmentFindingQuery {
  const sort = params.get('sort') ?? 'due';
  if (!departmentFindingSorts.includes(sort as DepartmentFindingSort)) throw new AppError('VALIDATION', `sort: one of ${departmentFindingSorts.join(', ')}.`);
  const limitText = params.get('limit') ?? '100';
  const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > MAX_FINDINGS_PAGE) throw new AppError('VALIDATION', `limit: a whole number from 1 to ${MAX_FINDINGS_PAGE}.`);
  const owner = params.get('owner');
  if (owner !== null && owner.length > 200) throw new AppError('VALIDATION', 'owner: at most 200 characters.');
  return { sort: sort as DepartmentFindingSort, owner: owner || null, cursor: params.get('cursor') || null, limit };
}

/** One page of the open findings of every audit, in the order asked, with the totals of the whole list. */
export function departmentFindings(core: Core, query: DepartmentFindingQuery, asOf = today()): DepartmentFindingPage {
  const keys = sortKeys[query.sort];
  const cursor = query.cursor ? decodeCursor(query.cursor, isCursor) : null;
  const byOwner = query.owner ? `AND ${ownerOf} = @owner` : '';
  const after = cursor ? `AND (${keys.first}, ${dueKey}, f.id) > (@first, @due, @id)` : '';
  const params = { asOf, owner: query.owner ?? null, first: cursor?.[0] ?? null, due: cursor?.[1] ?? null, id: cursor?.[2] ?? null, limit: query.limit + 1 };
  const rows = core.sqlite
    .prepare(
      `SELECT f.id, f.audit_id AS auditId, a.name AS auditName, f.title, f.severity, f.status, ${ownerOf} AS owner, f.due_at AS dueAt, (${overdue}) AS overdue,
         ${keys.first} AS firstKey, ${dueKey} AS dueKey
       FROM findings f JOIN audits a ON a.id = f.audit_id WHERE ${open} ${byOwner} ${after} ORDER BY ${keys.order} LIMIT @limit`,
    )
    .all(params) as Array<Omit<DepartmentFinding, 'overdue'> & { overdue: number; firstKey: string; dueKey: string }>;
  const totals = core.sqlite.prepare(`SELECT count(*) AS total, coalesce(sum(${overdue}), 0) AS overdue FROM findings f WHERE ${open} ${byOwner}`).get(params) as { total: number; overdue: number };
  const { rows: page, nextCursor } = pageFrom(rows, query.limit, (last) => [last.firstKey, last.dueKey, last.id]);
  return {
    rows: page.map(({ firstKey: _f, dueKey: _d, overdue: late, ...row }) => ({ ...row, overdue: late === 1 })),
    total: totals.total,
    overdue: totals.overdue,
    nextCursor,
  };
}

export function parsePeriod(params: URLSearchParams): TrendPeriod {
  const period = params.get('period') ?? 'quarter';
  if (!trendPeriods.includes(period as TrendPeriod)) throw new AppError('VALIDATION', `period: one of ${trendPeriods.join(', ')}.`);
  return period as TrendPeriod;
}
