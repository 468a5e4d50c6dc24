import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { Proposal, ProposalDecision, ProposalList } from '../../shared/api/proposals';
import { TemplateContent } from '../../shared/api/templates';
import { templateProposalDecisions, templateVersions } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { getTemplate, saveDraft } from '../templates/service';
import { applyChange, computeProposals, proposalThresholds } from './compute';

// The auditor's side of template proposals: the open ones (computed), and a decision on each, kept as a
// record so it is not offered again on this laptop or any it syncs with.

type DecisionRow = typeof templateProposalDecisions.$inferSelect;

function toDecision(row: DecisionRow): ProposalDecision {
  return {
    id: row.id,
    proposalKey: row.proposalKey,
    templateId: row.templateId,
    kind: row.kind as ProposalDecision['kind'],
    decision: row.decision as ProposalDecision['decision'],
    summary: row.summary,
    reason: row.reason,
    publishReason: row.publishReason,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
  };
}

function decisions(core: Core): DecisionRow[] {
  return core.db.select().from(templateProposalDecisions).orderBy(desc(templateProposalDecisions.decidedAt)).all();
}

export function listProposals(core: Core): ProposalList {
  const decided = decisions(core);
  const keys = new Set(decided.map((d) => d.proposalKey));
  return { thresholds: proposalThresholds, proposals: computeProposals(core).filter((p) => !keys.has(p.key)), decided: decided.map(toDecision) };
}

/** The open proposal with this key, or a plain-words refusal when it was decided or no longer holds. */
function openProposal(core: Core, key: string): Proposal {
  const earlier = core.db.select().from(templateProposalDecisions).where(eq(templateProposalDecisions.proposalKey, key)).get();
  if (earlier) throw new AppError('CONFLICT', `This proposal was already ${earlier.decision} by ${earlier.decidedBy}; it is not offered again.`);
  const proposal = computeProposals(core).find((p) => p.key === key);
  if (!proposal) throw new AppError('NOT_FOUND', 'There is no such template proposal now: the findings or failures behind it may have changed, or the draft already has the change.');
  return proposal;
}

function recordDecision(core: Core, proposal: Proposal, decision: 'accepted' | 'declined', reason: string): DecisionRow {
  return {
    id: newId(),
    proposalKey: proposal.key,
    templateId: proposal.templateId,
    kind: proposal.kind,
    decision,
    summary: proposal.summary,
    reason,
    publishReason: decision === 'accepted' ? proposal.publishReason : '',
    evidence: { why: proposal.why, findings: proposal.findings, failures: proposal.failures, diff: proposal.diff },
    decidedAt: utcNow(),
    decidedBy: core.actor,
  };
}

/** Writes the proposal's change into the template's draft and records the acceptance, in one transaction. */
export function acceptProposal(core: Core, input: { key: string; note: string }): { decision: ProposalDecision; templateId: string; publishReason: string } {
  const proposal = openProposal(core, input.key);
  const template = getTemplate(core, proposal.templateId);
  const draft: TemplateContent = applyChange(template.draft, proposal.before, proposal.after);
  const row = recordDecision(core, proposal, 'accepted', input.note);
  // saveDraft checks the draft and writes it through the ledger; the decision joins the same transaction.
  core.sqlite.transaction(() => {
    saveDraft(core, { id: template.id, draft: TemplateContent.parse(draft) });
    transact(core, (records) => records.insert('template_proposal_decisions', row));
  })();
  return { decision: toDecision(row), templateId: template.id, publishReason: proposal.publishReason };
}

export function declineProposal(core: Core, input: { key: string; reason: string }): ProposalDecision {
  const proposal = openProposal(core, input.key);
  const row = recordDecision(core, proposal, 'declined', input.reason);
  transact(core, (records) => records.insert('template_proposal_decisions', row));
  return toDecision(row);
}

/** What the template's next version should say it was published for: the proposals accepted since its last version. */
export function draftReason(core: Core, templateId: string): { reason: string } {
  getTemplate(core, templateId);
  const latest = core.db.select({ at: templateVersions.publishedAt }).from(templateVersions).where(eq(templateVersions.templateId, templateId)).orderBy(desc(templateVersions.publishedAt)).get();
  const accepted = decisions(core)
    .filter((d) => d.templateId === templateId && d.decision === 'accepted' && (!latest || d.decidedAt > latest.at))
    .reverse();
  const joined = accepted.map((d) => d.publishReason).join('\n');
  // A publish reason holds 2000 characters: past that, the last whole citation is kept and the rest said to follow.
  return { reason: joined.length <= 2000 ? joined : `${joined.slice(0, 1980).replace(/[;\n][^;\n]*$/, '')}; and more.` };
}
