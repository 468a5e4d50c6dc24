import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { ProofLine, type RuleDraft, type RunSummary } from '../../shared/api/rules';
import { severities, type Severity } from '../../shared/enums';
import { evidence, releases, ruleDrafts } from '../db/schema';
import { linkEvidence } from '../evidence/service';
import { createFinding } from '../findings/service';
import { newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { getAuditRow, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { changeFactsOf, contextOf, factsOf, kindsFor } from './context';
import { evaluatePack } from './evaluate';
import { getPackVersion, pinnedPack } from './packs';

// Drafted findings: what a run of the audit's pinned pack found, kept until the auditor confirms
// one (it becomes a finding citing the imported evidence) or dismisses it with a reason. A run
// drafts each match once: the same rule on the same subject is never drafted twice.

type DraftRow = typeof ruleDrafts.$inferSelect;

/** Runs the audit's pinned pack over its facts (one release's, or every release's and those without one). */
export function runRules(core: Core, auditId: string, releaseId?: string): RunSummary {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; rules can no longer draft findings in it.`);
  if (releaseId !== undefined) {
    const release = rowOrNotFound(core, 'releases', releaseId, 'release');
    if (release.auditId !== auditId) throw new AppError('VALIDATION', `Release ${release.identifier} belongs to another audit.`);
  }
  const pin = pinnedPack(core, auditId);
  const version = getPackVersion(core, pin.packVersionId);
  const groups: Array<string | null> = releaseId !== undefined
    ? [releaseId]
    : [...core.db.select({ id: releases.id }).from(releases).where(eq(releases.auditId, auditId)).all().map((r) => r.id), null];
  const changeFacts = changeFactsOf(core, auditId);
  const kinds = kindsFor(version.content);
  const known = new Set(
    core.db
      .select({ ruleId: ruleDrafts.ruleId, subjectKey: ruleDrafts.subjectKey })
      .from(ruleDrafts)
      .where(and(eq(ruleDrafts.auditId, auditId), eq(ruleDrafts.packId, version.packId)))
      .all()
      .map((d) => `${d.ruleId}\n${d.subjectKey}`),
  );
  const bySeverity = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: Record<string, number> = {};
  let factsRead = 0;
  let alreadyDrafted = 0;
  const fresh: Array<ReturnType<typeof evaluatePack>[number] & { releaseId: string | null }> = [];
  for (const group of groups) {
    const { facts } = factsOf(core, auditId, group, kinds);
    factsRead += facts.length;
    for (const match of evaluatePack(version.content, facts, contextOf(core, auditId, group, changeFacts))) {
      const key = `${match.ruleId}\n${match.subjectKey}`;
      if (known.has(key)) {
        alreadyDrafted += 1;
        continue;
      }
      known.add(key);
      fresh.push({ ...match, releaseId: group });
      bySeverity[match.severity] += 1;
      byRule[match.ruleId] = (byRule[match.ruleId] ?? 0) + 1;
    }
  }
  if (fresh.length > 0) {
    const now = utcNow();
    transact(core, (records) => {
      for (const match of fresh) {
        records.insert('rule_drafts', {
          id: newId(),
          auditId,
          releaseId: match.releaseId,
          packVersionId: version.id,
          packId: version.packId,
          ruleId: match.ruleId,
          subjectKey: match.subjectKey,
          severity: match.severity,
          title: match.title,
          criteria: match.criteria,
          condition: match.condition,
          controlId: match.controlId,
          effect: match.effect,
          recommendation: match.recommendation,
          proof: match.proof,
          state: 'draft',
          draftedAt: now,
          draftedBy: core.actor,
        });
      }
    });
  }
  return { packVersionId: version.id, packName: version.packName, version: version.version, releases: groups.filter((g) => g !== null).length, factsRead, drafted: fresh.length, alreadyDrafted, bySeverity, byRule };
}

function proofOf(row: DraftRow): ProofLine[] {
  const parsed = ProofLine.array().safeParse(row.proof);
  if (!parsed.success) throw new AppError('INTEGRITY', `The drafted finding ${row.id} names its proving lines in a form this app cannot read.`);
  return parsed.data;
}

function toDraft(core: Core, row: DraftRow, versions: Map<string, { name: string; version: number }>): RuleDraft {
  if (!versions.has(row.packVersionId)) {
    const v = getPackVersion(core, row.packVersionId);
    versions.set(row.packVersionId, { name: v.packName, version: v.version });
  }
  const version = versions.get(row.packVersionId) as { name: string; version: number };
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId,
    packId: row.packId,
    packVersionId: row.packVersionId,
    packName: version.name,
    packVersion: version.version,
    ruleId: row.ruleId,
    severity: row.severity as Severity,
    title: row.title,
    criteria: row.criteria,
    condition: row.condition,
    controlId: row.controlId,
    proof: proofOf(row),
    state: row.state as RuleDraft['state'],
    dismissReason: row.dismissReason,
    findingId: row.findingId,
    draftedAt: row.draftedAt,
    draftedBy: row.draftedBy,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
  };
}

export function listDrafts(core: Core, input: { auditId: string; releaseId?: string | undefined; state?: RuleDraft['state'] | undefined }): RuleDraft[] {
  getAuditRow(core, input.auditId);
  const rows = core.db
    .select()
    .from(ruleDrafts)
    .where(
      and(
        eq(ruleDrafts.auditId, input.auditId),
        input.releaseId ? eq(ruleDrafts.releaseId, input.releaseId) : undefined,
        input.state ? eq(ruleDrafts.state, input.state) : undefined,
      ),
    )
    .all();
  const rank = (s: string) => severities.indexOf(s as Severity);
  rows.sort((a, b) => rank(a.severity) - rank(b.severity) || a.draftedAt.localeCompare(b.draftedAt) || a.ruleId.localeCompare(b.ruleId) || a.subjectKey.localeCompare(b.subjectKey));
  const versions = new Map<string, { name: string; version: number }>();
  return rows.map((row) => toDraft(core, row, versions));
}

export function getDraft(core: Core, id: string): RuleDraft {
  return toDraft(core, rowOrNotFound(core, 'rule_drafts', id, 'drafted finding'), new Map());
}

function openDraft(core: Core, id: string): RuleDraft {
  const draft = getDraft(core, id);
  if (draft.state !== 'draft') throw new AppError('CONFLICT', `This drafted finding was already ${draft.state}${draft.decidedBy ? ` by ${draft.decidedBy}` : ''}.`);
  return draft;
}

/** Where the proof is, in words: each piece of evidence with its line ranges. */
function proofSentence(core: Core, proof: ProofLine[]): string {
  if (proof.length === 0) return 'Proved by the release record.';
  const ids = [...new Set(proof.map((p) => p.evidenceId))];
  const names = new Map(core.db.select({ id: evidence.id, name: evidence.originalName }).from(evidence).where(inArray(evidence.id, ids)).all().map((e) => [e.id, e.name]));
  const parts = ids.map((id) => {
    const ranges = proof.filter((p) => p.evidenceId === id).map((p) => (p.lines[0] === p.lines[1] ? `${p.lines[0]}` : `${p.lines[0]}–${p.lines[1]}`));
    return `${names.get(id) ?? id} lines ${ranges.join(', ')}`;
  });
  return `Proved by ${parts.join('; ')}.`;
}

/** Confirms a draft: a finding (in draft) with the rule's texts, citing each proving import's evidence. */
export function confirmDraft(core: Core, id: string): { draft: RuleDraft; findingId: string } {
  const draft = openDraft(core, id);
  const control = draft.controlId ? loadLibrary(core.appRoot).controlsById.get(draft.controlId) : undefined;
  const origin = `Drafted by rule ${draft.ruleId} of pack "${draft.packName}" version ${draft.packVersion}.`;
  const row = rowOrNotFound(core, 'rule_drafts', id, 'drafted finding');
  const findingId = transact(core, (records) => {
    const finding = createFinding(core, {
      auditId: draft.auditId,
      title: draft.title,
      severity: draft.severity,
      controlId: control ? draft.controlId : null,
      stage: (control?.stage as never) ?? null,
      criteria: draft.criteria,
      condition: `${draft.condition}\n\n${proofSentence(core, draft.proof)}\n${origin}`,
      effect: row.effect,
      recommendation: row.recommendation,
    });
    if (draft.releaseId) records.update('findings', finding.id, { releaseId: draft.releaseId });
    for (const evidenceId of new Set(draft.proof.map((p) => p.evidenceId))) linkEvidence(core, evidenceId, { targetType: 'finding', targetId: finding.id });
    records.update('rule_drafts', id, { state: 'confirmed', findingId: finding.id, decidedAt: utcNow(), decidedBy: core.actor });
    return finding.id;
  });
  return { draft: getDraft(core, id), findingId };
}

export function dismissDraft(core: Core, id: string, reason: string): RuleDraft {
  openDraft(core, id);
  if (reason.trim() === '') throw new AppError('VALIDATION', 'Say why the drafted finding is dismissed: the reason is kept with it.');
  transact(core, (records) => records.update('rule_drafts', id, { state: 'dismissed', dismissReason: reason.trim(), decidedAt: utcNow(), decidedBy: core.actor }));
  return getDraft(core, id);
}
