import type { RuleEvaluation } from '../../../shared/api/plans';

/** The plan's breached escalation thresholds, impossible to miss. */
export function BreachBanner({ evaluations }: { evaluations: RuleEvaluation[] }) {
  const breached = evaluations.filter((e) => e.breached);
  if (breached.length === 0) return null;
  return (
    <div className="breach-banner" role="alert" data-testid="breach-banner">
      <strong>
        {breached.length === 1 ? 'Escalation threshold breached' : `${breached.length} escalation thresholds breached`}
      </strong>
      <ul>
        {breached.map((e) => (
          <li key={e.rule.key}>
            {e.sentence}
            {e.rule.note ? ` — ${e.rule.note}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
