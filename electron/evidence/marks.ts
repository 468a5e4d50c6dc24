import { newId, utcNow } from '../ids';
import { rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';

// Confidential evidence: a log of marks, the latest one counting. A confidential piece of evidence stays
// out of external editions of the report (reports/edition.ts), wherever it is cited.

export function markEvidence(core: Core, input: { evidenceId: string; confidential: boolean; reason: string }): { evidenceId: string; confidential: boolean } {
  rowOrNotFound(core, 'evidence', input.evidenceId, 'evidence');
  if (isConfidential(core, input.evidenceId) !== input.confidential) {
    transact(core, (records) =>
      records.insert('evidence_marks', { id: newId(), evidenceId: input.evidenceId, confidential: input.confidential, reason: input.reason, markedBy: core.actor, markedAt: utcNow() }),
    );
  }
  return { evidenceId: input.evidenceId, confidential: input.confidential };
}

/** The evidence's latest mark: the same rule the evidence list reads (service.ts listEvidence). */
export const LATEST_MARK_SQL = 'SELECT m.confidential FROM evidence_marks m WHERE m.evidence_id = ? ORDER BY m.marked_at DESC, m.id DESC LIMIT 1';

/** Whether a piece of evidence is confidential now (its latest mark; unmarked evidence is not). */
export function isConfidential(core: Core, evidenceId: string): boolean {
  return (core.sqlite.prepare(LATEST_MARK_SQL).get(evidenceId) as { confidential: number } | undefined)?.confidential === 1;
}
