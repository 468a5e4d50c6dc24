import { useState, type FormEvent } from 'react';
import { trainingRoleLabels, trainingStatuses, type PlannedNeed, type TrainingNeedFields } from '../../../../shared/api/training';
import { api } from '../../api/client';
import { CommitOnBlurInput } from '../../components/CommitOnBlurInput';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { ReadOnlyFieldset, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { RowField } from '../../components/RowField';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { CalibrationEditor } from './TrainingCalibration';
import { forgetCalibrationSessions } from './TrainingGuidanceCache';

// Training & calibration: the audit's training plan (its findings' training needs per role, with
// status and date) and the calibration sessions whose agreed interpretations guide later checks.

export function TrainingTab({ auditId }: { auditId: string | null }) {
  return (
    <>
      {auditId ? (
        <TrainingPlanView key={auditId} auditId={auditId} />
      ) : (
        <EmptyState title="Choose an audit for its training plan">
          <p>Training needs are tagged on an audit's findings: choose the audit in the context bar.</p>
        </EmptyState>
      )}
      <CalibrationSessions />
    </>
  );
}

function TrainingPlanView({ auditId }: { auditId: string }) {
  const plan = useQuery(() => api['training.plan']({ auditId }), [auditId], useErrorNotice());
  const finalised = useAuditFinalised(auditId);
  if (!plan.data) return <p className="muted" role="status">{plan.error ?? 'Loading the training plan…'}</p>;
  return (
    <section className="panel" aria-labelledby="training-plan">
      <h2 id="training-plan">Training plan</h2>
      {finalised && <p className="read-only-note">The audit is finalised: its training plan is read-only.</p>}
      {plan.data.roles.length === 0 ? (
        <p className="muted">No finding is tagged with a training need yet. Tag one in the finding editor (Findings, Alt+6).</p>
      ) : (
        <ReadOnlyFieldset readOnly={finalised}>
          {plan.data.roles.map((group) => (
            <div key={group.role}>
              <h3>
                {trainingRoleLabels[group.role]} ({group.needs.length})
              </h3>
              <ul className="item-list" aria-label={`Training needs of ${trainingRoleLabels[group.role]}`}>
                {group.needs.map((need) => (
                  <NeedRow key={need.id} need={need} onSaved={() => void plan.reload()} />
                ))}
              </ul>
            </div>
          ))}
        </ReadOnlyFieldset>
      )}
    </section>
  );
}

function NeedRow({ need, onSaved }: { need: PlannedNeed; onSaved: () => void }) {
  const push = useNotices((s) => s.push);
  const save = async (patch: Partial<TrainingNeedFields>) => {
    try {
      await api['training.saveNeed']({ id: need.id, ...patch });
      onSaved();
    } catch (error) {
      push('error', (error as Error).message);
    }
  };
  const what = `${trainingRoleLabels[need.role]} training for ${need.findingTitle}`;
  return (
    <li className="row-edit" aria-label={what}>
      <span className="grow">
        {need.findingTitle} <span className="muted">({need.findingSeverity}{need.controlId ? `, ${need.controlId}` : ''})</span>
      </span>
      <RowField label="Note">
        <CommitOnBlurInput value={need.note} aria-label={`Note of ${what}`} onCommit={(note) => note !== need.note && void save({ note })} />
      </RowField>
      <RowField label="Status">
        <select value={need.status} aria-label={`Status of ${what}`} onChange={(e) => void save({ status: e.target.value as TrainingNeedFields['status'] })}>
          {trainingStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </RowField>
      <RowField label="Date">
        <input type="date" value={need.plannedOn ?? ''} aria-label={`Date of ${what}`} onChange={(e) => void save({ plannedOn: e.target.value || null })} />
      </RowField>
    </li>
  );
}

function CalibrationSessions() {
  const onError = useErrorNotice();
  const sessions = useQuery(() => api['training.sessions']({}), [], onError);
  const library = useQuery(() => api['library.controls']({}), [], onError);
  const push = useNotices((s) => s.push);
  const [heldOn, setHeldOn] = useState(() => new Date().toISOString().slice(0, 10));
  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      await api['training.createSession']({ heldOn });
      forgetCalibrationSessions();
      await sessions.reload();
    } catch (error) {
      push('error', (error as Error).message);
    }
  }
  const list = sessions.data ?? [];
  return (
    <>
      <section className="panel" aria-labelledby="calibration">
        <h2 id="calibration">Calibration sessions ({list.length})</h2>
        <p className="muted">Auditors and release teams agree how a control is read; from the session's date on, the agreed reading shows as guidance on that control's checklist item.</p>
        {sessions.data && list.length === 0 && <p className="muted">No calibration session yet.</p>}
        <form className="inline-add" aria-label="New calibration session" onSubmit={create}>
          <Field inline label="Held on">
            <input type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
          </Field>
          <button type="submit" disabled={!heldOn}>
            Record session
          </button>
        </form>
      </section>
      {list.map((session) => (
        <CalibrationEditor key={session.id} session={session} controls={library.data?.controls ?? []} onSaved={() => void sessions.reload()} />
      ))}
    </>
  );
}
