import type { Audit } from '../../shared/api/audits';
import type { Evidence } from '../../shared/api/evidence';
import type { Finding } from '../../shared/api/findings';
import type { AuditPlan, RuleEvaluation } from '../../shared/api/plans';
import type { Release } from '../../shared/api/releases';
import { getAudit } from '../audits/service';
import { evaluateRules } from '../escalation/service';
import { evidenceForTarget, listEvidence } from '../evidence/service';
import { listFindings } from '../findings/service';
import { getPlan } from '../plans/service';
import { listReleases } from '../releases/service';
import type { Core } from '../services';
import { localTimeZone } from '../../shared/time';

// Everything a report says, read once from the audit as it stands.

export interface ReportData {
  audit: Audit;
  plan: AuditPlan;
  releases: Release[];
  findings: Array<Finding & { evidence: Evidence[] }>;
  evidence: Evidence[];
  escalation: RuleEvaluation[];
  checklist: { pass: number; fail: number; notApplicable: number; notTested: number };
  ledgerHeads: Array<{ deviceId: string; seq: number; hash: string }>;
  /** The zone every time in the report is shown in, named beside each: the computer's, as on the screens. */
  timeZone: string;
}

export function gatherReportData(core: Core, auditId: string): ReportData {
  const audit = getAudit(core, auditId);
  const findings = listFindings(core, auditId).map((f) => ({ ...f, evidence: evidenceForTarget(core, { targetType: 'finding', targetId: f.id }) }));
  const counts = core.sqlite.prepare('SELECT result, count(*) AS n FROM checklist_results WHERE audit_id = ? GROUP BY result').all(auditId) as Array<{ result: string; n: number }>;
  const count = (result: string) => counts.find((c) => c.result === result)?.n ?? 0;
  return {
    audit,
    plan: getPlan(core, auditId),
    releases: listReleases(core, auditId),
    findings,
    evidence: listEvidence(core, auditId),
    escalation: evaluateRules(core, auditId),
    checklist: { pass: count('pass'), fail: count('fail'), notApplicable: count('not-applicable'), notTested: count('not-tested') },
    ledgerHeads: core.sqlite.prepare('SELECT device_id AS deviceId, seq, hash FROM ledger_heads ORDER BY device_id').all() as ReportData['ledgerHeads'],
    timeZone: localTimeZone(),
  };
}
