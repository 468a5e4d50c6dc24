import { AppError } from '../../shared/api/errors';
import { storeObjects } from './store';
import type { Hub } from './types';

// The hub's central archive: every report a laptop issued, once pushed, is archived in PostgreSQL
// with the retention of its audit, and so is the evidence of that audit (the report rests on it).
// What is archived is kept by the database itself (migrations/hub/*_protections.sql): no row of
// hub_archive or hub_retention, and no object they keep, can be removed before its date or changed,
// by the writer role the hub works as, by any database user of the app, nor by the owner.

export interface ArchivedReport {
  reportId: string;
  auditId: string;
  sha256: string;
  kind: string;
  retainUntil: string;
  archivedAt: string;
}

interface IssuedRow {
  id: string;
  sha256: string;
  kind: string;
  retainUntil: string;
}

/**
 * A report's retain-until date (YYYY-MM-DD, the last day it must be kept, as the laptop shows it) as
 * the moment its protection ends in PostgreSQL: the end of that day, UTC.
 */
export function retentionEnd(retainUntil: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(retainUntil);
  const start = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : Number.NaN;
  if (Number.isNaN(start)) throw new AppError('VALIDATION', `The report's retain-until date ${retainUntil} is not a date (YYYY-MM-DD).`);
  return new Date(start + 86_400_000);
}

/**
 * Archives what the working copy holds of this audit and PostgreSQL does not yet: each issued report
 * (its PDF must be a stored object), with retention rows for its PDF and every evidence object of the
 * audit; and evidence that arrived after the audit's reports, kept until the audit's latest date. One
 * transaction: all of it or none. Returns the reports archived now.
 */
export async function archiveAudit(hub: Hub, auditId: string): Promise<ArchivedReport[]> {
  const { sqlite } = hub.core;
  const issued = sqlite.prepare('SELECT id, sha256, kind, retain_until AS retainUntil FROM reports WHERE audit_id = ? ORDER BY generated_at, id').all(auditId) as IssuedRow[];
  if (issued.length === 0) return [];
  const evidence = sqlite.prepare('SELECT DISTINCT sha256 FROM evidence WHERE audit_id = ?').pluck().all(auditId) as string[];
  // The push stored the objects its bundle carried; a PDF that reached the working copy otherwise is stored now.
  await storeObjects(hub, issued.map((r) => r.sha256));
  const client = await hub.database.pool.connect();
  try {
    await client.query('BEGIN');
    const held = new Set(((await client.query('SELECT report_id FROM hub_archive WHERE audit_id = $1', [auditId])).rows as Array<{ report_id: string }>).map((r) => r.report_id));
    const fresh = issued.filter((r) => !held.has(r.id));
    const stored = new Set(
      ((await client.query('SELECT sha256 FROM hub_objects WHERE sha256 = ANY($1)', [[...new Set([...fresh.map((r) => r.sha256), ...evidence])]])).rows as Array<{ sha256: string }>).map((r) => r.sha256),
    );
    const missing = fresh.filter((r) => !stored.has(r.sha256));
    if (missing.length > 0) {
      throw new AppError('INTEGRITY', `The hub cannot archive report ${missing.map((r) => r.id).join(', ')} of audit ${auditId}: its PDF (${missing[0]?.sha256.slice(0, 12)}…) is not among the hub's stored objects.`);
    }
    const archived: ArchivedReport[] = [];
    for (const report of fresh) {
      const until = retentionEnd(report.retainUntil);
      const row = (
        await client.query('INSERT INTO hub_archive (report_id, audit_id, sha256, kind, retain_until) VALUES ($1, $2, $3, $4, $5) RETURNING archived_at', [report.id, auditId, report.sha256, report.kind, until])
      ).rows[0] as { archived_at: Date };
      const kept = [{ sha: report.sha256, reason: 'report' }, ...evidence.filter((sha) => stored.has(sha) && sha !== report.sha256).map((sha) => ({ sha, reason: 'evidence' }))];
      await client.query(
        `INSERT INTO hub_retention (sha256, report_id, audit_id, reason, retain_until)
         SELECT sha, $2, $3, reason, $4 FROM unnest($1::text[], $5::text[]) AS k(sha, reason) ON CONFLICT DO NOTHING`,
        [kept.map((k) => k.sha), report.id, auditId, until, kept.map((k) => k.reason)],
      );
      archived.push({ reportId: report.id, auditId, sha256: report.sha256, kind: report.kind, retainUntil: until.toISOString(), archivedAt: row.archived_at.toISOString() });
    }
    // Evidence the hub received after the audit's reports were archived: kept as long as the audit's latest report.
    await client.query(
      `INSERT INTO hub_retention (sha256, report_id, audit_id, reason, retain_until)
       SELECT o.sha256, latest.report_id, $1, 'evidence', latest.retain_until
       FROM hub_objects o
       CROSS JOIN (SELECT report_id, retain_until FROM hub_archive WHERE audit_id = $1 ORDER BY retain_until DESC, report_id LIMIT 1) AS latest
       WHERE o.sha256 = ANY($2) AND NOT EXISTS (SELECT 1 FROM hub_retention r WHERE r.sha256 = o.sha256 AND r.audit_id = $1)
       ON CONFLICT DO NOTHING`,
      [auditId, evidence],
    );
    await client.query('COMMIT');
    return archived;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The archive as PostgreSQL holds it, newest first (of one audit, or of all). */
export async function listArchive(hub: Hub, auditId?: string): Promise<ArchivedReport[]> {
  const rows = (
    await hub.database.pool.query(
      `SELECT report_id, audit_id, sha256, kind, retain_until, archived_at FROM hub_archive ${auditId ? 'WHERE audit_id = $1' : ''} ORDER BY archived_at DESC, report_id`,
      auditId ? [auditId] : [],
    )
  ).rows as Array<{ report_id: string; audit_id: string; sha256: string; kind: string; retain_until: Date; archived_at: Date }>;
  return rows.map((r) => ({ reportId: r.report_id, auditId: r.audit_id, sha256: r.sha256, kind: r.kind, retainUntil: r.retain_until.toISOString(), archivedAt: r.archived_at.toISOString() }));
}
