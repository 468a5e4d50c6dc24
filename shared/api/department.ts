import type { Audit } from './audits';
import type { KpiSummary } from './kpis';
import type { TrendCharts, TrendPeriod } from './trends';

// The department's read-only web view served by the team hub (electron/hub/department.ts): its
// addresses and what each answers. The page trades the link's token for a session cookie once, then
// only reads; the figures are the app's own (audits, findings, KPIs and trends services).

export const departmentBase = '/department/';

export const departmentPaths = {
  session: '/department/api/session',
  logout: '/department/api/logout',
  overview: '/department/api/overview',
  findings: '/department/api/findings',
  kpis: '/department/api/kpis',
  trends: '/department/api/trends',
  trendCsv: '/department/api/trend-csv',
} as const;

/** The one cookie of the view: HttpOnly, Secure, SameSite=Strict, for /department only. */
export const departmentCookie = 'ra_department';

/** Findings counted as open, as the app's owner trends count them. */
export const openFindingStatuses = ['open', 'in-remediation', 'ready-for-verification'] as const;

export interface DepartmentAudit extends Pick<Audit, 'id' | 'name' | 'status' | 'createdAt' | 'createdBy' | 'finalisedAt' | 'breaches'> {
  findings: { total: number; open: number; overdue: number };
}

export interface DepartmentOwner {
  owner: string;
  open: number;
  overdue: number;
}

export interface DepartmentOverview {
  hubName: string;
  viewer: string;
  /** The day overdue findings are judged against (UTC). */
  asOf: string;
  audits: DepartmentAudit[];
  owners: DepartmentOwner[];
}

export const departmentFindingSorts = ['due', 'owner'] as const;
export type DepartmentFindingSort = (typeof departmentFindingSorts)[number];

export interface DepartmentFinding {
  id: string;
  auditId: string;
  auditName: string;
  title: string;
  severity: string;
  status: string;
  /** The owner's name, else their role, else "unassigned" (as the app's owner trends name them). */
  owner: string;
  dueAt: string | null;
  overdue: boolean;
}

export interface DepartmentFindingPage {
  rows: DepartmentFinding[];
  /** How many open findings match (every page), and how many of those are overdue. */
  total: number;
  overdue: number;
  nextCursor: string | null;
}

export interface DepartmentFindingQuery {
  sort: DepartmentFindingSort;
  owner?: string | null;
  cursor?: string | null;
  limit: number;
}

export type DepartmentKpis = KpiSummary;
export type DepartmentTrends = TrendCharts;
export interface DepartmentPeriodQuery {
  period: TrendPeriod;
}
