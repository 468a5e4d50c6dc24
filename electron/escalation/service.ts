import type { EscalationRule, RuleEvaluation } from '../../shared/api/plans';
import { getPlan } from '../plans/service';
import type { Core } from '../services';
import { metricById, metrics } from '../metrics/metrics';

// Escalation thresholds written in the plan, evaluated against the audit's data as it is now.

export function listMetrics() {
  return metrics.map(({ id, label, description }) => ({ id, label, description }));
}

export function evaluateRules(core: Core, auditId: string): RuleEvaluation[] {
  return getPlan(core, auditId).escalationRules.map((rule) => evaluateRule(core, auditId, rule));
}

export function breachCount(core: Core, auditId: string): number {
  return evaluateRules(core, auditId).filter((e) => e.breached).length;
}

const operatorWords: Record<EscalationRule['operator'], string> = { '>=': 'or more', '>': 'more than', '=': 'exactly' };

function evaluateRule(core: Core, auditId: string, rule: EscalationRule): RuleEvaluation {
  const metric = metricById(rule.metric);
  const label = metric?.label ?? rule.metric;
  const observed = metric ? metric.count(core, auditId) : 0;
  const breached =
    metric !== undefined &&
    (rule.operator === '>=' ? observed >= rule.threshold : rule.operator === '>' ? observed > rule.threshold : observed === rule.threshold);
  const limit = rule.operator === '>=' ? `${rule.threshold} or more` : `${operatorWords[rule.operator]} ${rule.threshold}`;
  const sentence = metric
    ? `${label}: ${observed} (escalate at ${limit})${breached ? ' — threshold breached' : ''}`
    : `${label}: this metric is not known to this version of the app`;
  return { rule, metricLabel: label, observed, breached, sentence };
}
