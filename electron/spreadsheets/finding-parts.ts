import type { Finding } from '../../shared/api/findings';
import { listFindings } from '../findings/service';
import type { Core } from '../services';
import { findingColumns } from './finding-columns';
import type { CellValue, SheetTable } from './table';

// The findings part (every finding with all its fields, as the import reads them back) and the
// remediation part (each raised finding's owner, due date, plan, whether it is overdue, and its
// history of status, owner and due-date changes as the ledger recorded them).

const done = new Set(['closed', 'risk-accepted']);

export function findingsTable(findings: Finding[]): SheetTable {
  return {
    sheet: 'Findings',
    columns: findingColumns.map(({ header, type }) => ({ header, type })),
    rows: findings.map((f): CellValue[] => [
      f.id,
      f.title,
      f.severity,
      f.status,
      f.controlId,
      f.stage,
      f.criteria,
      f.condition,
      f.cause,
      f.effect,
      f.recommendation,
      f.ownerRole,
      f.ownerName,
      f.dueAt,
      f.confidential,
      f.evidenceCount,
      f.repeatCount,
      f.createdAt,
      f.updatedAt,
      f.acceptedBy,
      f.acceptedReason,
    ]),
  };
}

interface Change {
  at: string;
  actor: string;
  fields: Record<string, unknown>;
  op: string;
}

/** Each finding's ledger entries, oldest first, read along the ledger's (entity, entity id) index. */
function changesOf(core: Core, auditId: string): Map<string, Change[]> {
  const rows = core.sqlite
    .prepare(
      `SELECT l.entity_id AS id, l.actor, l.op, l.fields, l.hlc FROM findings f JOIN ledger l ON l.entity = 'findings' AND l.entity_id = f.id
       WHERE f.audit_id = ? ORDER BY l.hlc, l.device_id, l.seq`,
    )
    .all(auditId) as Array<{ id: string; actor: string; op: string; fields: string; hlc: string }>;
  const byFinding = new Map<string, Change[]>();
  for (const row of rows) {
    const fields = JSON.parse(row.fields) as Record<string, unknown>;
    const at = typeof fields.updatedAt === 'string' ? fields.updatedAt : typeof fields.createdAt === 'string' ? fields.createdAt : '';
    const list = byFinding.get(row.id) ?? [];
    list.push({ at, actor: row.actor, op: row.op, fields });
    byFinding.set(row.id, list);
  }
  return byFinding;
}

/** One line per change that matters to remediation: "2026-11-02 10:15 UTC in-remediation (Jo Smith)". */
function historyText(changes: Change[]): string {
  const lines: string[] = [];
  for (const { at, actor, op, fields } of changes) {
    const when = at ? `${at.slice(0, 16).replace('T', ' ')} UTC` : 'undated';
    const said: string[] = [];
    if (op === 'insert') said.push(`raised as ${String(fields.status ?? 'draft')}`);
    else if (typeof fields.status === 'string') said.push(`became ${fields.status}`);
    if (op !== 'insert' && 'ownerName' in fields) said.push(`owner ${String(fields.ownerName) || 'cleared'}`);
    if (op !== 'insert' && 'dueAt' in fields) said.push(`due ${fields.dueAt === null ? 'cleared' : String(fields.dueAt)}`);
    if (op !== 'insert' && 'recommendation' in fields) said.push('plan changed');
    if (said.length > 0) lines.push(`${when} ${said.join(', ')} (${actor})`);
  }
  return lines.join('\n');
}

export function remediationTable(core: Core, auditId: string, findings: Finding[], today = new Date().toISOString().slice(0, 10)): SheetTable {
  const changes = changesOf(core, auditId);
  const raised = findings.filter((f) => f.status !== 'draft');
  const dayMs = 86_400_000;
  return {
    sheet: 'Remediation',
    columns: [
      { header: 'ID', type: 'text' },
      { header: 'Title', type: 'text' },
      { header: 'Severity', type: 'text' },
      { header: 'Status', type: 'text' },
      { header: 'Owner', type: 'text' },
      { header: 'Owner role', type: 'text' },
      { header: 'Due', type: 'date' },
      { header: 'Overdue', type: 'boolean' },
      { header: 'Days overdue', type: 'number' },
      { header: 'Remediation plan', type: 'text' },
      { header: 'Raised (UTC)', type: 'datetime' },
      { header: 'Last change (UTC)', type: 'datetime' },
      { header: 'History', type: 'text' },
    ],
    rows: raised.map((f): CellValue[] => {
      const overdue = !done.has(f.status) && f.dueAt !== null && f.dueAt < today;
      const days = overdue ? Math.round((Date.parse(today) - Date.parse(f.dueAt as string)) / dayMs) : 0;
      return [f.id, f.title, f.severity, f.status, f.ownerName, f.ownerRole, f.dueAt, overdue, days, f.recommendation, f.createdAt, f.updatedAt, historyText(changes.get(f.id) ?? [])];
    }),
  };
}

export function findingParts(core: Core, auditId: string, today?: string): { findings: SheetTable; remediation: SheetTable } {
  const findings = listFindings(core, auditId);
  return { findings: findingsTable(findings), remediation: remediationTable(core, auditId, findings, today) };
}
