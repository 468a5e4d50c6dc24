import { and, asc, eq } from 'drizzle-orm';
import type { Evidence, LinkTarget } from '../../shared/api/evidence';
import { evidence } from '../db/schema';
import type { Core } from '../services';

// The same content added twice to one audit is one piece of evidence: the second time it is not
// recorded again (two records of one file split its custody log and its links), the existing
// record is linked where the new one was meant to go, and the caller is told it was already there.

/** Where a second copy was meant to go: the existing record now supports it, already did, or there was no target. */
export type AlreadyRecorded = Exclude<Evidence['alreadyRecorded'], undefined>;

/** The audit's earliest record of this content, if it has one. */
export function recordedInAudit(core: Core, auditId: string, sha256: string): typeof evidence.$inferSelect | undefined {
  return core.db
    .select()
    .from(evidence)
    .where(and(eq(evidence.auditId, auditId), eq(evidence.sha256, sha256)))
    .orderBy(asc(evidence.capturedAt), asc(evidence.id))
    .limit(1)
    .get();
}

/** Links the existing record to each target (each link is recorded in its custody log), and says what happened. */
export function linkRecorded(
  existing: Evidence,
  links: LinkTarget[],
  link: (evidenceId: string, target: LinkTarget) => { linked: boolean },
): Evidence & { alreadyInVault: true; alreadyRecorded: AlreadyRecorded } {
  let outcome: AlreadyRecorded = 'in-audit';
  for (const target of links) {
    if (link(existing.id, target).linked) outcome = 'linked-here';
    else if (outcome === 'in-audit') outcome = 'already-linked';
  }
  return { ...existing, alreadyInVault: true, alreadyRecorded: outcome };
}
