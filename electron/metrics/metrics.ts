import type { Core } from '../services';
import { pinnedVersion } from '../checklist/pinned';

// What an escalation threshold can count. Each metric reads the audit's data as it is now; later
// kinds of data (releases and change tickets, war-room entries, findings) add metrics here.

export interface Metric {
  id: string;
  label: string;
  description: string;
  count(core: Core, auditId: string): number;
}

const scalar = (core: Core, sql: string, ...params: unknown[]): number =>
  Number((core.sqlite.prepare(sql).get(...params) as { n: number | null }).n ?? 0);

/** The pinned template's items of one stage, by key (the version parsed once, not per rule and audit). */
function pinnedStageKeys(core: Core, auditId: string, stage: string): string[] {
  const versionId = core.sqlite.prepare('SELECT template_version_id FROM audits WHERE id = ?').pluck().get(auditId) as string | null | undefined;
  if (!versionId || core.sqlite.prepare('SELECT 1 FROM template_versions WHERE id = ?').get(versionId) === undefined) return [];
  return pinnedVersion(core, versionId).content.items.filter((i) => i.stage === stage).map((i) => i.key);
}

function failedInStage(core: Core, auditId: string, stage: string): number {
  const keys = pinnedStageKeys(core, auditId, stage);
  if (keys.length === 0) return 0;
  return scalar(
    core,
    `SELECT count(*) AS n FROM checklist_results WHERE audit_id = ? AND result = 'fail' AND item_key IN (${keys.map(() => '?').join(',')})`,
    auditId,
    ...keys,
  );
}

export const metrics: Metric[] = [
  {
    id: 'failed-checklist-items',
    label: 'Failed checklist items',
    description: 'Checklist items recorded as failed, across all stages.',
    count: (core, auditId) => scalar(core, "SELECT count(*) AS n FROM checklist_results WHERE audit_id = ? AND result = 'fail'", auditId),
  },
  {
    id: 'failed-rfc-approval-checks',
    label: 'Failed RFC-approval checks (unapproved changes)',
    description: 'Failed checklist items of the RFC approval and CAB stage.',
    count: (core, auditId) => failedInStage(core, auditId, 'rfc-approval'),
  },
  {
    id: 'failed-rollback-tests',
    label: 'Failed rollback tests',
    description: 'Failed checklist items of the rollback stage.',
    count: (core, auditId) => failedInStage(core, auditId, 'rollback'),
  },
  {
    id: 'failed-emergency-checks',
    label: 'Failed emergency-change checks',
    description: 'Failed checklist items of the emergency changes stage.',
    count: (core, auditId) => failedInStage(core, auditId, 'emergency'),
  },
  {
    id: 'emergency-releases',
    label: 'Emergency releases',
    description: 'Releases under audit flagged as emergency releases.',
    count: (core, auditId) => scalar(core, 'SELECT count(*) AS n FROM releases WHERE audit_id = ? AND emergency = 1', auditId),
  },
  {
    id: 'open-critical-findings',
    label: 'Critical findings not closed',
    description: 'Findings of critical severity that are not closed.',
    count: (core, auditId) =>
      scalar(core, "SELECT count(*) AS n FROM findings WHERE audit_id = ? AND severity = 'critical' AND status <> 'closed'", auditId),
  },
  {
    id: 'open-major-or-critical-findings',
    label: 'Major or critical findings not closed',
    description: 'Findings of major or critical severity that are not closed.',
    count: (core, auditId) =>
      scalar(core, "SELECT count(*) AS n FROM findings WHERE audit_id = ? AND severity IN ('critical', 'major') AND status <> 'closed'", auditId),
  },
  {
    id: 'runbook-deviations',
    label: 'Runbook deviations in the war room',
    description: 'War-room entries recording a deviation from the runbook.',
    count: (core, auditId) =>
      scalar(
        core,
        `SELECT count(*) AS n FROM warroom_entries WHERE audit_id = ? AND kind = 'deviation'
         AND id NOT IN (SELECT json_extract(body, '$.correctsId') FROM warroom_entries WHERE audit_id = ? AND kind = 'correction' AND json_extract(body, '$.void') = 1)`,
        auditId,
        auditId,
      ),
  },
];

export function metricById(id: string): Metric | undefined {
  return metrics.find((m) => m.id === id);
}
