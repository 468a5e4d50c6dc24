import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { JudgedCriterion, JudgementStatus, MaturityAssessment, MaturityHistory, MaturityModelContent, PracticeAssessment } from '../../shared/api/maturity';
import { maturityAssessments, type maturityJudgements } from '../db/schema';
import { newId, utcNow } from '../ids';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { modelLevels, practiceLevel } from './level';
import { ensureShippedModels, getModelVersion, latestVersionRow, modelRow, toVersion } from './service';

// One audit's assessment against a maturity model: the auditor's judgement of each criterion, with a
// note and the evidence behind it, and from them the level of each practice and what it lacks.

type AssessmentRow = typeof maturityAssessments.$inferSelect;
type JudgementRow = typeof maturityJudgements.$inferSelect;

export function getAssessment(core: Core, auditId: string, modelId: string): MaturityAssessment {
  ensureShippedModels(core);
  const audit = getAuditRow(core, auditId);
  const model = modelRow(core, modelId);
  const assessment = assessmentRow(core, auditId, modelId);
  const latest = latestVersionRow(core, modelId);
  if (!latest) throw new AppError('VALIDATION', `The maturity model "${model.name}" has no published version yet; publish one to assess against it.`);
  const version = assessment ? getModelVersion(core, assessment.modelVersionId) : toVersion(latest);
  const judged = assessment ? judgementsOf(core, auditId, modelId) : new Map<string, JudgementRow>();
  const practices = version.content.practices.map((practice) => assessPractice(version.content, practice, judged));
  const all = practices.flatMap((p) => p.levels.flatMap((l) => l.criteria));
  return {
    auditId,
    modelId,
    assessmentId: assessment?.id ?? null,
    version: { id: version.id, version: version.version, publishedAt: version.publishedAt },
    latestVersion: latest.version,
    modelName: version.content.name,
    floor: version.content.floor,
    top: topLevel(version.content),
    frozen: audit.status === 'finalised',
    practices,
    counts: { met: all.filter((c) => c.status === 'met').length, notMet: all.filter((c) => c.status === 'not-met').length, notAssessed: all.filter((c) => c.status === 'not-assessed').length },
  };
}

export interface JudgeInput {
  auditId: string;
  modelId: string;
  criterionId: string;
  status: JudgementStatus;
  note: string;
  evidenceIds: string[];
}

/** Records one judgement; the audit's first judgement against the model pins the model's newest version. */
export function judgeCriterion(core: Core, input: JudgeInput): MaturityAssessment {
  ensureShippedModels(core);
  const audit = getAuditRow(core, input.auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its maturity assessment can no longer change.`);
  const model = modelRow(core, input.modelId);
  const existing = assessmentRow(core, input.auditId, input.modelId);
  const versionId = existing?.modelVersionId ?? latestVersionRow(core, input.modelId)?.id;
  if (!versionId) throw new AppError('VALIDATION', `The maturity model "${model.name}" has no published version yet; publish one to assess against it.`);
  const version = getModelVersion(core, versionId);
  const known = version.content.practices.some((p) => p.levels.some((l) => l.criteria.some((c) => c.id === input.criterionId)));
  if (!known) throw new AppError('VALIDATION', `"${input.criterionId}" is not a criterion of v${version.version} of "${model.name}", which this assessment uses.`);
  const evidenceIds = [...new Set(input.evidenceIds)];
  const found = new Set(
    evidenceIds.length === 0
      ? []
      : (core.sqlite.prepare(`SELECT id FROM evidence WHERE audit_id = ? AND id IN (${evidenceIds.map(() => '?').join(',')})`).all(input.auditId, ...evidenceIds) as Array<{ id: string }>).map((r) => r.id),
  );
  const stranger = evidenceIds.find((id) => !found.has(id));
  if (stranger) throw new AppError('VALIDATION', `The evidence ${stranger} is not in the audit "${audit.name}"; a judgement can cite only that audit's evidence.`);
  const previous = existing ? judgementsOf(core, input.auditId, input.modelId).get(input.criterionId) : undefined;
  const unchanged = previous && previous.status === input.status && previous.note === input.note && JSON.stringify(previous.evidenceIds) === JSON.stringify(evidenceIds);
  if (!unchanged) {
    const now = utcNow();
    transact(core, (records) => {
      const assessmentId = existing?.id ?? newId();
      if (!existing) records.insert('maturity_assessments', { id: assessmentId, auditId: input.auditId, modelId: input.modelId, modelVersionId: versionId, createdAt: now, createdBy: core.actor });
      if (previous) records.update('maturity_judgements', previous.id, { status: input.status, note: input.note, evidenceIds, judgedAt: now, judgedBy: core.actor });
      else records.insert('maturity_judgements', { id: newId(), assessmentId, criterionId: input.criterionId, status: input.status, note: input.note, evidenceIds, judgedAt: now, judgedBy: core.actor });
    });
  }
  return getAssessment(core, input.auditId, input.modelId);
}

/** Each practice's level in every audit that assessed the model, by the version each assessment pinned. */
export function maturityHistory(core: Core, modelId: string): MaturityHistory {
  const model = modelRow(core, modelId);
  const rows = core.sqlite
    .prepare(
      `SELECT m.id AS assessmentId, m.model_version_id AS versionId, a.id AS auditId, a.name AS auditName, a.created_at AS createdAt,
         coalesce(p.schedule_start, (SELECT min(r.window_start) FROM releases r WHERE r.audit_id = a.id), a.created_at) AS periodStart
       FROM maturity_assessments m JOIN audits a ON a.id = m.audit_id LEFT JOIN audit_plans p ON p.id = a.id
       WHERE m.model_id = ? ORDER BY periodStart, a.created_at, m.id`,
    )
    .all(modelId) as Array<{ assessmentId: string; versionId: string; auditId: string; auditName: string; createdAt: string; periodStart: string }>;
  const seen = new Set<string>();
  const practices = new Map<string, string>();
  const cycles: MaturityHistory['cycles'] = [];
  for (const row of rows) {
    // Two laptops may each have started the audit's assessment before syncing: one row per audit.
    if (seen.has(row.auditId)) continue;
    seen.add(row.auditId);
    const first = assessmentRow(core, row.auditId, modelId) as AssessmentRow;
    const version = getModelVersion(core, first.modelVersionId);
    const judged = judgementsOf(core, row.auditId, modelId);
    const levels = modelLevels(version.content, (id) => statusOf(judged.get(id)));
    const counted = Object.fromEntries(version.content.practices.map((p) => [p.id, p.levels.flatMap((l) => l.criteria).filter((c) => statusOf(judged.get(c.id)) !== 'not-assessed').length]));
    for (const p of version.content.practices) if (!practices.has(p.id)) practices.set(p.id, p.name);
    cycles.push({ auditId: row.auditId, auditName: row.auditName, periodStart: row.periodStart.slice(0, 10), version: version.version, levels, judged: counted });
  }
  const latest = latestVersionRow(core, modelId);
  for (const p of latest ? toVersion(latest).content.practices : []) if (!practices.has(p.id)) practices.set(p.id, p.name);
  const ids = [...practices.keys()];
  return {
    modelId,
    modelName: model.name,
    practices: ids.map((id) => ({ id, name: practices.get(id) as string })),
    cycles: cycles.map((c) => ({ ...c, levels: Object.fromEntries(ids.map((id) => [id, c.levels[id] ?? null])), judged: Object.fromEntries(ids.map((id) => [id, c.judged[id] ?? 0])) })),
  };
}

/** The audits' assessments of every model, for the report: which models this audit assessed. */
export function assessedModelIds(core: Core, auditId: string): string[] {
  return (core.sqlite.prepare('SELECT DISTINCT model_id AS id FROM maturity_assessments WHERE audit_id = ? ORDER BY model_id').all(auditId) as Array<{ id: string }>).map((r) => r.id);
}

function assessPractice(model: MaturityModelContent, practice: MaturityModelContent['practices'][number], judged: Map<string, JudgementRow>): PracticeAssessment {
  const judge = (criterion: { id: string; text: string }): JudgedCriterion => {
    const row = judged.get(criterion.id);
    return { id: criterion.id, text: criterion.text, status: statusOf(row), note: row?.note ?? '', evidenceIds: row?.evidenceIds ?? [], judgedBy: row?.judgedBy ?? null, judgedAt: row?.judgedAt ?? null };
  };
  const level = practiceLevel(model.floor, practice, (id) => statusOf(judged.get(id)));
  const top = topLevel(model);
  const nextLevel = level < top ? level + 1 : null;
  const levels = practice.levels.map((entry) => {
    const step = model.levels.find((l) => l.level === entry.level);
    const criteria = entry.criteria.map(judge);
    return { level: entry.level, title: step?.title ?? '', meaning: step?.meaning ?? '', source: step?.source ?? '', allMet: criteria.every((c) => c.status === 'met'), criteria };
  });
  const gap = nextLevel === null ? [] : levels.filter((l) => l.level <= nextLevel).flatMap((l) => l.criteria.filter((c) => c.status !== 'met').map((c) => ({ ...c, level: l.level })));
  return { id: practice.id, name: practice.name, purpose: practice.purpose, level, levelTitle: model.levels.find((l) => l.level === level)?.title ?? '', nextLevel, gap, levels };
}

function topLevel(model: MaturityModelContent): number {
  return model.floor + model.levels.length - 1;
}

function statusOf(row: JudgementRow | undefined): JudgementStatus {
  return row && (row.status === 'met' || row.status === 'not-met') ? row.status : 'not-assessed';
}

function assessmentRow(core: Core, auditId: string, modelId: string): AssessmentRow | undefined {
  return core.db.select().from(maturityAssessments).where(and(eq(maturityAssessments.auditId, auditId), eq(maturityAssessments.modelId, modelId))).orderBy(asc(maturityAssessments.createdAt), asc(maturityAssessments.id)).get();
}

/**
 * The judgements of an audit's assessment against a model, by criterion. Two laptops may each have
 * started the assessment before syncing, so the judgements of every assessment row of the audit and
 * model count (the first row's pinned version is the one shown); where two judged one criterion
 * apart, the newer judgement stands.
 */
function judgementsOf(core: Core, auditId: string, modelId: string): Map<string, JudgementRow> {
  const rows = core.sqlite
    .prepare(
      `SELECT j.id, j.assessment_id AS assessmentId, j.criterion_id AS criterionId, j.status, j.note, j.evidence_ids AS evidenceIds, j.judged_at AS judgedAt, j.judged_by AS judgedBy
       FROM maturity_judgements j JOIN maturity_assessments a ON a.id = j.assessment_id
       WHERE a.audit_id = ? AND a.model_id = ? ORDER BY j.judged_at, j.id`,
    )
    .all(auditId, modelId) as Array<Omit<JudgementRow, 'evidenceIds'> & { evidenceIds: string }>;
  return new Map(rows.map((r) => [r.criterionId, { ...r, evidenceIds: JSON.parse(r.evidenceIds) as string[] }]));
}

/** What the report prints of maturity: each model this audit assessed, with its history up to this audit. */
export function maturityForReport(core: Core, auditId: string): Array<{ assessment: MaturityAssessment; history: MaturityHistory }> {
  return assessedModelIds(core, auditId).map((modelId) => {
    const history = maturityHistory(core, modelId);
    const upTo = history.cycles.findIndex((c) => c.auditId === auditId);
    return { assessment: getAssessment(core, auditId, modelId), history: { ...history, cycles: history.cycles.slice(0, upTo + 1) } };
  });
}
