import type { AuditIncomplete, AuditStatus } from '../../shared/api/audits';
import { AppError } from '../../shared/api/errors';
import { utcNow } from '../ids';
import { transact, type Core } from '../services';
import { getVersion } from '../templates/service';
import { getAuditRow } from '../rows';

// An audit moves planning → fieldwork → reporting → finalised. Work moves it forward by itself (a
// checklist result or war-room entry is fieldwork; an issued report is reporting), and the auditor
// may move it forward too. Before finalising, the auditor sees what is still incomplete.
// The move work makes is read from the work's own ledgered records, not written as a second edit:
// every laptop then shows the same status from the same records, late work synced after a
// finalisation elsewhere holds back only itself, and two laptops starting fieldwork at once do
// not leave a status conflict for a person to settle.

const order: AuditStatus[] = ['planning', 'fieldwork', 'reporting', 'finalised'];

/** The status the audit's own records show it has reached, at least. */
export function statusReached(core: Core, auditId: string, stored: AuditStatus): AuditStatus {
  if (stored === 'finalised') return stored;
  const has = (sql: string) => core.sqlite.prepare(sql).get(auditId) !== undefined;
  return reachedFrom(stored, {
    report: has('SELECT 1 FROM reports WHERE audit_id = ? LIMIT 1'),
    work: has('SELECT 1 FROM checklist_results WHERE audit_id = ? LIMIT 1') || has('SELECT 1 FROM warroom_entries WHERE audit_id = ? LIMIT 1'),
  });
}

/** The same, from whether the audit has an issued report and any fieldwork (a result or war-room entry). */
export function reachedFrom(stored: AuditStatus, has: { report: boolean; work: boolean }): AuditStatus {
  if (stored === 'finalised') return stored;
  const reached: AuditStatus = has.report ? 'reporting' : has.work ? 'fieldwork' : 'planning';
  return order.indexOf(reached) > order.indexOf(stored) ? reached : stored;
}

/** The auditor moves the audit on (never back past what its records show, never to finalised: that is finalise). */
export function moveStatus(core: Core, auditId: string, to: Exclude<AuditStatus, 'finalised'>): void {
  const row = getAuditRow(core, auditId);
  const stored = row.status as AuditStatus;
  if (stored === 'finalised') throw new AppError('LOCKED', 'The audit is finalised: its status no longer changes.');
  const reached = statusReached(core, auditId, stored);
  if (order.indexOf(to) < order.indexOf(reached)) {
    throw new AppError('CONFLICT', `The audit's records already show ${reached}: it cannot move back to ${to}.`);
  }
  if (to !== stored) transact(core, (records) => records.update('audits', auditId, { status: to, updatedAt: utcNow() }));
}

/** Whether the auditor has written the audit's overall conclusion: a rating and its paragraph. */
export function hasConclusion(core: Core, auditId: string): boolean {
  const row = core.sqlite.prepare('SELECT conclusion_rating AS rating, conclusion_text AS text FROM audit_plans WHERE id = ?').get(auditId) as { rating: string | null; text: string } | undefined;
  return Boolean(row?.rating && row.text.trim());
}

/** What is still incomplete in an audit, read only: what the auditor should see before finalising. */
export function incompleteWork(core: Core, auditId: string): AuditIncomplete {
  const audit = getAuditRow(core, auditId);
  const items = audit.templateVersionId ? getVersion(core, audit.templateVersionId).content.items : [];
  const releases = core.sqlite.prepare('SELECT id, identifier FROM releases WHERE audit_id = ? ORDER BY identifier').all(auditId) as Array<{ id: string; identifier: string }>;
  const results = core.sqlite.prepare('SELECT id, release_id AS releaseId, item_key AS itemKey, result FROM checklist_results WHERE audit_id = ?').all(auditId) as Array<{
    id: string;
    releaseId: string | null;
    itemKey: string;
    result: string;
  }>;
  const withFinding = new Set(
    (core.sqlite.prepare('SELECT source_result_id AS id FROM findings WHERE audit_id = ? AND source_result_id IS NOT NULL').all(auditId) as Array<{ id: string }>).map((r) => r.id),
  );
  const findings = core.sqlite.prepare('SELECT title, status FROM findings WHERE audit_id = ? ORDER BY created_at').all(auditId) as Array<{ title: string; status: string }>;
  const withoutResult = releases.flatMap((release) => {
    const done = new Set(results.filter((r) => r.releaseId === release.id && r.result !== 'not-tested').map((r) => r.itemKey));
    return items.filter((i) => !done.has(i.key)).map((i) => ({ release: release.identifier, itemKey: i.key, title: i.title }));
  });
  const byRelease = new Map(releases.map((r) => [r.id, r.identifier]));
  return {
    auditId,
    status: statusReached(core, auditId, audit.status as AuditStatus),
    noRelease: releases.length === 0,
    noChecklist: items.length === 0,
    noConclusion: !hasConclusion(core, auditId),
    itemsWithoutResult: withoutResult,
    failedWithoutFinding: results
      .filter((r) => r.result === 'fail' && !withFinding.has(r.id))
      .map((r) => ({ release: (r.releaseId && byRelease.get(r.releaseId)) || '', itemKey: r.itemKey, title: items.find((i) => i.key === r.itemKey)?.title ?? '' })),
    findingsNotClosed: findings.filter((f) => f.status !== 'draft' && f.status !== 'closed' && f.status !== 'risk-accepted'),
    draftFindings: findings.filter((f) => f.status === 'draft').map((f) => ({ title: f.title })),
  };
}
