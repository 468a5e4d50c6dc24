import { newId, utcNow } from '../ids';
import { rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';

// Confidential evidence: a log of marks, the latest one counting. A confidential piece of evidence stays
// out of external editions of the report (reports/edition.ts), wherever it is cited.

export function markEvidence(core: Core, input: { evidenceId: string; confidential: boolean; reason: string }): { evidenceId: string; confidential: boolean } {
  rowOrNotFound(core, 'evidence', input.evidenceId, 'evidence');
  if (confidentialEvidence(core, [input.evidenceId]).has(input.evidenceId) !== input.confidential) {
    transact(core, (records) =>
      records.insert('evidence_marks', { id: newId(), evidenceId: input.evidenceId, confidential: input.confidential, reason: input.reason, markedBy: core.actor, markedAt: utcNow() }),
    );
  }
  return { evidenceId: input.evidenceId, confidential: input.confidential };
}

/** Which of these pieces of evidence are confidential now (their latest mark), in one query. */
export function confidentialEvidence(core: Core, evidenceIds: string[]): Set<string> {
  if (evidenceIds.length === 0) return new Set();
  const latest = core.sqlite
    .prepare(
      `SELECT evidence_id AS evidenceId, confidential FROM evidence_marks m
       WHERE evidence_id IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM evidence_marks later WHERE later.evidence_id = m.evidence_id AND (later.marked_at > m.marked_at OR (later.marked_at = m.marked_at AND later.id > m.id)))`,
    )
    .all(JSON.stringify(evidenceIds)) as Array<{ evidenceId: string; confidential: number }>;
  return new Set(latest.filter((r) => r.confidential === 1).map((r) => r.evidenceId));
}
