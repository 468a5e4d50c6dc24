import { useCallback, useEffect, useRef, useState } from 'react';
import type { Audit } from '../../../../shared/api/audits';
import type { PlanFields, RuleEvaluation } from '../../../../shared/api/plans';
import { api } from '../../api/client';
import { BreachBanner } from '../../components/BreachBanner';
import { ReadOnlyWhenFinalised } from '../../components/ReadOnlyWhenFinalised';
import { RequireAudit } from '../../components/RequireAudit';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave, type SaveState } from '../../hooks/useAutosave';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { AccessSection } from './AccessSection';
import { DriversSection } from './DriversSection';
import { OwnersSection, SuccessCriteriaSection } from './PeopleSection';
import { BoundariesSection, ScheduleSection, ScopeSection } from './ScopeSection';
import { TemplatePinSection } from './TemplatePinSection';
import { ThresholdsSection } from './ThresholdsSection';

export function PlanScreen() {
  return <RequireAudit title="Plan">{(auditId) => <PlanEditor key={auditId} auditId={auditId} />}</RequireAudit>;
}

function PlanEditor({ auditId }: { auditId: string }) {
  const [audit, setAudit] = useState<Audit | null>(null);
  const planQuery = useQuery(async (): Promise<PlanFields> => {
    const { auditId: _id, updatedAt: _at, ...fields } = await api['plans.get']({ auditId });
    return fields;
  }, [auditId]);
  const plan = planQuery.data ?? null;
  const setPlan = planQuery.setData;
  const [evaluations, setEvaluations] = useState<RuleEvaluation[]>([]);
  const [refreshError, setError] = useState<string | null>(null);
  const error = planQuery.error ?? refreshError;
  const reloadAudits = useAudits((s) => s.load);

  const refresh = useCallback(
    () =>
      Promise.all([api['audits.get']({ id: auditId }), api['escalation.evaluate']({ auditId })]).then(([nextAudit, nextEvaluations]) => {
        setAudit(nextAudit);
        setEvaluations(nextEvaluations);
      }),
    [auditId],
  );

  useEffect(() => {
    refresh().catch((e: Error) => setError(e.message));
    // Other screens, the CLI or a synced laptop add data: keep the breach state current.
    const timer = window.setInterval(() => void refresh().catch(() => undefined), 4000);
    return () => window.clearInterval(timer);
  }, [auditId, refresh]);

  const { state: saveState, queue } = useAutosave<PlanFields>(async (patch) => {
    await api['plans.save']({ auditId, ...patch });
    await refresh();
    void reloadAudits();
  }, 500, { scheduleStart: 'Fieldwork starts', scheduleEnd: 'Fieldwork ends' });

  const update = useCallback(
    (patch: Partial<PlanFields>) => {
      setPlan((current) => (current ? { ...current, ...patch } : current));
      queue(patch);
    },
    [queue, setPlan],
  );

  if (error) {
    return (
      <div className="screen">
        <div className="panel error-panel" role="alert">
          The plan could not be loaded: {error}
        </div>
      </div>
    );
  }
  if (!plan || !audit) return <p className="muted" role="status">Loading the plan…</p>;
  return <PlanForm audit={audit} plan={plan} update={update} evaluations={evaluations} saveState={saveState} onPinned={(next) => {
    setAudit(next);
    void refresh();
    void reloadAudits();
  }} />;
}

function PlanForm({ audit, plan, update, evaluations, saveState, onPinned }: {
  audit: Audit;
  plan: PlanFields;
  update: (patch: Partial<PlanFields>) => void;
  evaluations: RuleEvaluation[];
  saveState: SaveState;
  onPinned: (audit: Audit) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Opened from a button elsewhere, the plan takes the focus on its heading.
    if (document.activeElement === document.body || !document.getElementById('main')?.contains(document.activeElement)) heading.current?.focus();
  }, []);

  return (
    <div className="screen">
      <header className="screen-header sticky">
        <div>
          <h1 tabIndex={-1} ref={heading}>
            Plan: {audit.name}
          </h1>
          <p className="muted">
            {audit.pinnedTemplate ? `Checklist: ${audit.pinnedTemplate.name} v${audit.pinnedTemplate.version}` : 'No checklist pinned yet'}
          </p>
        </div>
        <SaveIndicator state={saveState} />
      </header>
      <BreachBanner evaluations={evaluations} />
      <ReadOnlyWhenFinalised finalised={audit.status === 'finalised'} what="its plan and pinned checklist are">
        <ScopeSection plan={plan} update={update} />
        <BoundariesSection plan={plan} update={update} />
        <ScheduleSection plan={plan} update={update} />
        <DriversSection plan={plan} update={update} />
        <SuccessCriteriaSection plan={plan} update={update} />
        <OwnersSection plan={plan} update={update} />
        <AccessSection plan={plan} update={update} />
        <TemplatePinSection audit={audit} onPinned={onPinned} />
        <ThresholdsSection plan={plan} update={update} evaluations={evaluations} />
      </ReadOnlyWhenFinalised>
    </div>
  );
}
