import { ownerRoles, successCriterionKinds, successCriterionLabels, type SuccessCriterionKind } from '../../../../shared/plan-options';
import { criterionJudgementLabels, criterionJudgements } from '../../../../shared/api/plans';
import type { SectionProps } from './types';

const defaultCriteria: Record<Exclude<SuccessCriterionKind, 'custom'>, string> = {
  'compliance-adherence': 'Every release in scope followed the change-management policy and the pinned checklist.',
  'rollback-readiness': 'Every release had a tested backout plan and a rollback decision owner.',
  'change-ticket-linkage': 'Every deployment links to an approved change ticket, and every commit to a ticket.',
};

/** The options of a select, each value with its label. */
function Options<T extends string>({ values, labels }: { values: readonly T[]; labels: Record<T, string> }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}

export function SuccessCriteriaSection({ plan, update }: SectionProps) {
  const criteria = plan.successCriteria;
  const set = (next: typeof criteria) => update({ successCriteria: next });
  return (
    <section className="panel form" aria-label="Success criteria">
      <h2>Success criteria</h2>
      {criteria.length === 0 && <p className="muted">No success criteria yet. Add the usual ones, or your own.</p>}
      {criteria.map((criterion, index) => (
        <div className="row-edit" key={index}>
          <select
            aria-label={`Kind of success criterion ${index + 1}`}
            value={criterion.kind}
            onChange={(e) => set(criteria.map((c, i) => (i === index ? { ...c, kind: e.target.value as SuccessCriterionKind } : c)))}
          >
            <Options values={successCriterionKinds} labels={successCriterionLabels} />
          </select>
          <input
            aria-label={`Success criterion ${index + 1}`}
            value={criterion.description}
            onChange={(e) => set(criteria.map((c, i) => (i === index ? { ...c, description: e.target.value } : c)))}
          />
          <select
            aria-label={`Was success criterion ${index + 1} met`}
            value={criterion.met}
            onChange={(e) => set(criteria.map((c, i) => (i === index ? { ...c, met: e.target.value as typeof c.met } : c)))}
          >
            <Options values={criterionJudgements} labels={criterionJudgementLabels} />
          </select>
          <input
            aria-label={`Basis of the judgement on success criterion ${index + 1}`}
            placeholder="Basis of the judgement"
            value={criterion.basis}
            onChange={(e) => set(criteria.map((c, i) => (i === index ? { ...c, basis: e.target.value } : c)))}
          />
          <button type="button" className="small" aria-label={`Remove success criterion ${index + 1}`} onClick={() => set(criteria.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <div className="actions wrap">
        {(Object.keys(defaultCriteria) as Array<keyof typeof defaultCriteria>)
          .filter((kind) => !criteria.some((c) => c.kind === kind))
          .map((kind) => (
            <button type="button" className="small" key={kind} onClick={() => set([...criteria, { kind, description: defaultCriteria[kind], met: 'not-judged', basis: '' }])}>
              + {successCriterionLabels[kind]}
            </button>
          ))}
        <button type="button" className="small" onClick={() => set([...criteria, { kind: 'custom', description: 'New criterion', met: 'not-judged', basis: '' }])}>
          + Custom criterion
        </button>
      </div>
    </section>
  );
}

export function OwnersSection({ plan, update }: SectionProps) {
  const owners = plan.findingOwners;
  const set = (next: typeof owners) => update({ findingOwners: next });
  return (
    <section className="panel form" aria-label="Finding owners">
      <h2>Who owns findings</h2>
      {owners.map((owner, index) => (
        <div className="row-edit" key={index}>
          <input
            aria-label={`Owner role ${index + 1}`}
            list="owner-roles"
            value={owner.role}
            onChange={(e) => set(owners.map((o, i) => (i === index ? { ...o, role: e.target.value } : o)))}
          />
          <input
            aria-label={`Owner person ${index + 1}`}
            placeholder="Name (optional)"
            value={owner.person}
            onChange={(e) => set(owners.map((o, i) => (i === index ? { ...o, person: e.target.value } : o)))}
          />
          <button type="button" className="small" aria-label={`Remove owner ${index + 1}`} onClick={() => set(owners.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <datalist id="owner-roles">
        {ownerRoles.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
      <div className="actions wrap">
        {ownerRoles
          .filter((role) => !owners.some((o) => o.role === role))
          .map((role) => (
            <button type="button" className="small" key={role} onClick={() => set([...owners, { role, person: '' }])}>
              + {role}
            </button>
          ))}
        <button type="button" className="small" onClick={() => set([...owners, { role: 'Custom role', person: '' }])}>
          + Custom role
        </button>
      </div>
    </section>
  );
}
