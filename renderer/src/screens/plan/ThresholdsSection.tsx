import type { RuleEvaluation } from '../../../../shared/api/plans';
import { api } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';
import { newKey, type SectionProps } from './types';
import { Field } from '../../components/Field';

type Metric = { id: string; label: string; description: string };

/** Escalation thresholds, each shown against the audit's data as it stands. */
export function ThresholdsSection({ plan, update, evaluations }: SectionProps & { evaluations: RuleEvaluation[] }) {
  const { data: metrics = [] } = useQuery((): Promise<Metric[]> => api['escalation.metrics']({}), []);
  const rules = plan.escalationRules;
  const set = (next: typeof rules) => update({ escalationRules: next });
  const change = (index: number, patch: Partial<(typeof rules)[number]>) => set(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <section className="panel form" aria-label="Escalation thresholds">
      <h2>Escalation thresholds</h2>
      <p className="muted">Checked against the audit as it grows; a breach shows wherever the audit is shown.</p>
      <div className="grid-2">
        <Field label="Halt the deployment above this error rate (%)">
          <input
            type="number"
            min={0}
            max={100}
            step={0.1}
            value={plan.haltThresholdPercent ?? ''}
            onChange={(e) => update({ haltThresholdPercent: e.target.value === '' ? null : Math.min(100, Math.max(0, Number(e.target.value))) })}
            placeholder="e.g. 5"
          />
        </Field>
        <Field label="Recovery time objective (minutes)" id="rto">
          <input
            type="number"
            min={1}
            value={plan.rtoTargetMinutes ?? ''}
            onChange={(e) => update({ rtoTargetMinutes: e.target.value === '' ? null : Math.max(1, Math.floor(Number(e.target.value))) })}
            placeholder="e.g. 30"
          />
        </Field>
        <Field label="Draft a finding above this share of emergency releases (%)" id="emergency-share">
          <input
            type="number"
            min={0}
            max={100}
            step={0.1}
            value={plan.emergencyShareThresholdPercent ?? ''}
            onChange={(e) => update({ emergencyShareThresholdPercent: e.target.value === '' ? null : Math.min(100, Math.max(0, Number(e.target.value))) })}
            placeholder="e.g. 20"
          />
        </Field>
      </div>
      {rules.map((rule, index) => {
        const evaluation = evaluations.find((e) => e.rule.key === rule.key);
        return (
          <div className={`row-edit threshold ${evaluation?.breached ? 'breached' : ''}`} key={rule.key} data-testid="threshold">
            <select aria-label={`Threshold ${index + 1} metric`} value={rule.metric} onChange={(e) => change(index, { metric: e.target.value })}>
              {metrics.map((m) => (
                <option key={m.id} value={m.id} title={m.description}>
                  {m.label}
                </option>
              ))}
            </select>
            <select aria-label={`Threshold ${index + 1} comparison`} value={rule.operator} onChange={(e) => change(index, { operator: e.target.value as typeof rule.operator })}>
              <option value=">=">at least</option>
              <option value=">">more than</option>
              <option value="=">exactly</option>
            </select>
            <input
              aria-label={`Threshold ${index + 1} value`}
              type="number"
              min={0}
              step={1}
              value={rule.threshold}
              onChange={(e) => change(index, { threshold: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            />
            <input aria-label={`Threshold ${index + 1} note`} placeholder="Note, e.g. escalate to the CAB chair" value={rule.note} onChange={(e) => change(index, { note: e.target.value })} />
            <span className={evaluation?.breached ? 'status-error' : 'muted'}>
              {evaluation ? (evaluation.breached ? `Breached: ${evaluation.observed} now` : `${evaluation.observed} now, not breached`) : 'saving…'}
              {rule.operator === '>=' && rule.threshold === 0 ? ' (at least 0 is always breached)' : ''}
            </span>
            <button type="button" className="small" aria-label={`Remove threshold ${index + 1}`} onClick={() => set(rules.filter((_, i) => i !== index))}>
              ×
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        disabled={metrics.length === 0}
        onClick={() => set([...rules, { key: newKey(), metric: metrics[0]?.id ?? 'failed-checklist-items', operator: '>=', threshold: 3, note: '' }])}
      >
        + Add threshold
      </button>
    </section>
  );
}
