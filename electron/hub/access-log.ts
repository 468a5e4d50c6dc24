import type pg from 'pg';
import { AppError } from '../../shared/api/errors';

// Reading the hub's access log: the server writes a row for every request it answers (electron/hub/
// server.ts), accepted or refused; the rows can never be changed or removed (migrations/hub/).

export interface AccessRecord {
  id: number;
  at: string;
  fingerprint: string | null;
  actor: string | null;
  remote: string | null;
  method: string;
  path: string;
  auditId: string | null;
  status: number;
  outcome: string;
  detail: string;
}

export interface AccessQuery {
  auditId?: string | undefined;
  /** Only requests at or after this moment (an ISO date or date and time). */
  since?: string | undefined;
  /** The newest this many (1 to 10,000; 100 unless given). */
  limit?: number | undefined;
}

export const ACCESS_LOG_MAX = 10_000;

/** A moment as the log's --since takes it: 2026-12-01 or 2026-12-01T08:00:00Z. */
export function parseSince(text: string): Date {
  const moment = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()) ? new Date(text.trim().length === 10 ? `${text.trim()}T00:00:00Z` : text.trim()) : null;
  if (!moment || Number.isNaN(moment.getTime())) throw new AppError('VALIDATION', `--since must be a date such as 2026-12-01 or a date and time such as 2026-12-01T08:00:00Z (not "${text}").`);
  return moment;
}

/** The newest requests first, of one audit and since a moment when asked. */
export async function readAccessLog(pool: pg.Pool, query: AccessQuery = {}): Promise<AccessRecord[]> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACCESS_LOG_MAX) throw new AppError('VALIDATION', `--limit must be a whole number from 1 to ${ACCESS_LOG_MAX.toLocaleString('en')}.`);
  const where: string[] = [];
  const values: unknown[] = [];
  if (query.auditId !== undefined) where.push(`audit_id = $${values.push(query.auditId)}`);
  if (query.since !== undefined) where.push(`at >= $${values.push(parseSince(query.since))}`);
  const rows = (
    await pool.query(
      `SELECT id, at, fingerprint, actor, remote, method, path, audit_id, status, outcome, detail FROM hub_access_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${values.push(limit)}`,
      values,
    )
  ).rows as Array<Omit<AccessRecord, 'id' | 'at' | 'auditId'> & { id: string; at: Date; audit_id: string | null }>;
  return rows.map(({ audit_id, id, at, ...rest }) => ({ ...rest, id: Number(id), at: at.toISOString(), auditId: audit_id }));
}

/** One request as a line a person reads: when, who, what, and what came of it. */
export function accessLine(r: AccessRecord): string {
  // The name is the one the caller's certificate claims; the key's fingerprint says who it really was.
  const key = r.fingerprint ? `key ${r.fingerprint.slice(0, 16)}…` : null;
  const who = r.actor && key ? `${r.actor} (${key})` : (r.actor ?? key ?? 'unsigned');
  return `${r.at}  ${String(r.status).padEnd(3)} ${r.outcome.padEnd(7)} ${r.method} ${r.path}${r.auditId ? ` (audit ${r.auditId})` : ''}  ${who}${r.remote ? ` from ${r.remote}` : ''}${r.detail ? `: ${r.detail}` : ''}`;
}
