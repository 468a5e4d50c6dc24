import type { Fact } from '../../shared/api/imports';
import type { Scope } from './language';

// The types the rules run on, apart from the evaluator (evaluate.ts), so the derivers other
// domains declare (derivers.ts) can name them without a circle of imports.

/** A fact as stored: its ids, the import and evidence it came from, and what it says. */
export interface StoredFact {
  id: string;
  importId: string;
  evidenceId: string;
  releaseId: string | null;
  data: Fact;
}

/** What the release's own records say, as the rules read it. */
export interface ReleaseRecord {
  id: string;
  identifier: string;
  windowStart: string | null;
  windowEnd: string | null;
  emergency: boolean;
  emergencyJustification: string;
  postFactoApprovedAt: string | null;
  postFactoApprovedBy: string;
  tickets: Array<{ reference: string; approvalStatus: string; approvedBy: string; approvedAt: string | null }>;
  /** The war room: runbook steps planned and finished, the last status of each node, halt checks. */
  runbook: { steps: number; finished: number };
  nodes: Array<{ node: string; status: string }>;
  haltChecks: Array<{ decision: string; breached: boolean }>;
  /** The versions typed on the release (source tag, build, manifest), compared with what the facts say. */
  declaredVersions?: { sourceTag: string; buildNumber: string; manifestVersion: string };
}

export interface EvalContext {
  release: ReleaseRecord | null;
  /** Change records imported anywhere in the audit, where a commit's ticket is looked up. */
  changeFacts?: StoredFact[];
  /** The audit's own settings as the rules read them (`audit.*`): licence policy, test kinds, scan threshold… (derivers.ts). */
  audit?: Scope;
}
