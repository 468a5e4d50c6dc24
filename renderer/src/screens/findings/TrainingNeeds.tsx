import { useState } from 'react';
import type { Finding } from '../../../../shared/api/findings';
import { trainingRoleLabels, trainingRoles, type TrainingRole } from '../../../../shared/api/training';
import { api } from '../../api/client';
import { CommitOnBlurInput } from '../../components/CommitOnBlurInput';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';

// The training needs a finding shows, one per role, each with a note. They make the audit's
// training plan (Improvement, Alt+9), where their status and date are kept.

export function TrainingNeeds({ finding, frozen }: { finding: Finding; frozen: boolean }) {
  const needs = useQuery(() => api['training.needsOfFinding']({ findingId: finding.id }), [finding.id], useErrorNotice());
  const push = useNotices((s) => s.push);
  const [role, setRole] = useState<TrainingRole | ''>('');
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await needs.reload();
    } catch (error) {
      push('error', (error as Error).message);
    }
  };
  const list = needs.data ?? [];
  const free = trainingRoles.filter((r) => !list.some((n) => n.role === r));
  return (
    <section className="panel form" aria-label="Training needs">
      <h3>Training needs</h3>
      {finding.status === 'draft' ? (
        <p className="muted">Once the finding is open, tag the roles that need training because of it.</p>
      ) : (
        <>
          {list.length === 0 && <p className="muted">No training need tagged.</p>}
          <ul className="item-list">
            {list.map((need) => (
              <li className="row-edit" key={need.id}>
                <strong>{trainingRoleLabels[need.role]}</strong>
                <CommitOnBlurInput
                  className="grow"
                  value={need.note}
                  disabled={frozen}
                  placeholder="What the training should cover"
                  aria-label={`Training note for ${trainingRoleLabels[need.role]}`}
                  onCommit={(note) => note !== need.note && void run(() => api['training.saveNeed']({ id: need.id, note }))}
                />
                <span className="muted">{need.status}</span>
                {!frozen && (
                  <button type="button" className="small" aria-label={`Remove the training need of ${trainingRoleLabels[need.role]}`} onClick={() => void run(() => api['training.removeNeed']({ id: need.id }))}>
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          {!frozen && free.length > 0 && (
            <div className="inline-add">
              <Field inline label="Training need for">
                <select value={role} onChange={(e) => setRole(e.target.value as TrainingRole | '')}>
                  <option value="">Choose a role…</option>
                  {free.map((r) => (
                    <option key={r} value={r}>
                      {trainingRoleLabels[r]}
                    </option>
                  ))}
                </select>
              </Field>
              <button
                type="button"
                disabled={!role}
                onClick={() => {
                  if (!role) return;
                  setRole('');
                  void run(() => api['training.tagNeed']({ findingId: finding.id, role }));
                }}
              >
                Tag need
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
