import { desc, eq } from 'drizzle-orm';
import type { Finding } from '../../shared/api/checklist';
import { AppError } from '../../shared/api/errors';
import type { Severity } from '../../shared/enums';
import { getAuditRow } from '../audits/rows';
import { resultRow } from '../checklist/service';
import { evidenceLinks, findings } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { getVersion } from '../templates/service';

// Findings, as far as fieldwork needs them: a draft raised from a failed checklist item in one
// action, carrying the item's control, stage, note and evidence. Their full treatment comes later.

export function raiseFromResult(core: Core, resultId: string): Finding {
  const result = resultRow(core, resultId);
  if (result.result !== 'fail') throw new AppError('VALIDATION', 'Only a failed checklist item raises a finding.');
  const audit = getAuditRow(core, result.auditId);
  const version = getVersion(core, result.templateVersionId ?? (audit.templateVersionId as string));
  const item = version.content.items.find((i) => i.key === result.itemKey);
  const now = utcNow();
  const linked = core.db.select().from(evidenceLinks).where(eq(evidenceLinks.targetId, resultId)).all();
  const row = transact(core, (records) => {
    const finding = records.insert('findings', {
      id: newId(),
      auditId: result.auditId,
      title: `${item?.title ?? result.itemKey}: not met`,
      severity: 'major' satisfies Severity,
      status: 'draft',
      controlId: item?.controlId ?? null,
      stage: item?.stage ?? null,
      criteria: item?.procedure ?? '',
      condition: result.note,
      createdAt: now,
      updatedAt: now,
    });
    for (const link of linked) {
      records.insert('evidence_links', { id: newId(), evidenceId: link.evidenceId, targetType: 'finding', targetId: finding.id, linkedBy: core.actor, linkedAt: now });
    }
    return finding;
  });
  return toFinding(row as typeof findings.$inferSelect);
}

export function listFindings(core: Core, auditId: string): Finding[] {
  getAuditRow(core, auditId);
  return core.db.select().from(findings).where(eq(findings.auditId, auditId)).orderBy(desc(findings.createdAt)).all().map(toFinding);
}

function toFinding(row: typeof findings.$inferSelect): Finding {
  return {
    id: row.id,
    auditId: row.auditId,
    title: row.title,
    severity: row.severity as Severity,
    status: row.status,
    controlId: row.controlId,
    stage: row.stage,
    condition: row.condition,
    createdAt: row.createdAt,
  };
}
