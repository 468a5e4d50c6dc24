import { useId } from 'react';
import { TagListInput } from '../../components/TagListInput';
import type { SectionProps } from './types';

export function ScopeSection({ plan, update }: SectionProps) {
  const objectiveId = useId();
  const criteriaId = useId();
  return (
    <section className="panel form" aria-label="Objective and scope">
      <h2>Objective and scope</h2>
      <div className="field wide">
        <label htmlFor={objectiveId}>Objective</label>
        <textarea id={objectiveId} rows={3} value={plan.objective} onChange={(e) => update({ objective: e.target.value })} placeholder="What this audit must establish, and for whom." />
      </div>
      <fieldset className="field">
        <legend>Scope</legend>
        <label className="choice">
          <input type="radio" name="scope" checked={plan.scopeMode === 'all-releases'} onChange={() => update({ scopeMode: 'all-releases' })} />
          Every release in the period
        </label>
        <label className="choice">
          <input type="radio" name="scope" checked={plan.scopeMode === 'high-risk'} onChange={() => update({ scopeMode: 'high-risk' })} />
          Only high-risk, production-critical deployments
        </label>
      </fieldset>
      {plan.scopeMode === 'high-risk' && (
        <div className="field wide">
          <label htmlFor={criteriaId}>Risk criteria (what makes a deployment high-risk)</label>
          <textarea id={criteriaId} rows={2} value={plan.riskCriteria} onChange={(e) => update({ riskCriteria: e.target.value })} />
        </div>
      )}
    </section>
  );
}

export function BoundariesSection({ plan, update }: SectionProps) {
  return (
    <section className="panel form" aria-label="Boundaries">
      <h2>Boundaries</h2>
      <div className="grid-2">
        <TagListInput label="Environments in scope" values={plan.environmentsIn} onChange={(environmentsIn) => update({ environmentsIn })} placeholder="production" />
        <TagListInput label="Environments out of scope" values={plan.environmentsOut} onChange={(environmentsOut) => update({ environmentsOut })} placeholder="development" />
      </div>
      <label className="choice">
        <input type="checkbox" checked={plan.preProductionIncluded} onChange={(e) => update({ preProductionIncluded: e.target.checked })} />
        Pre-production (staging) deployments are included
      </label>
      <div className="grid-2">
        <TagListInput label="Third-party integrations" values={plan.thirdPartyIntegrations} onChange={(thirdPartyIntegrations) => update({ thirdPartyIntegrations })} />
        <TagListInput label="Offshore or vendor deployment teams" values={plan.vendorTeams} onChange={(vendorTeams) => update({ vendorTeams })} />
      </div>
    </section>
  );
}

export function ScheduleSection({ plan, update }: SectionProps) {
  const startId = useId();
  const endId = useId();
  const notesId = useId();
  return (
    <section className="panel form" aria-label="Announcement and schedule">
      <h2>Announcement and schedule</h2>
      <fieldset className="field">
        <legend>Announced to the teams?</legend>
        <label className="choice">
          <input type="radio" name="announced" checked={plan.announced} onChange={() => update({ announced: true })} />
          Announced
        </label>
        <label className="choice">
          <input type="radio" name="announced" checked={!plan.announced} onChange={() => update({ announced: false })} />
          Unannounced
        </label>
      </fieldset>
      <div className="grid-3">
        <div className="field">
          <label htmlFor={startId}>Fieldwork starts</label>
          <input id={startId} type="date" value={plan.scheduleStart ?? ''} onChange={(e) => update({ scheduleStart: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor={endId}>Fieldwork ends</label>
          <input id={endId} type="date" value={plan.scheduleEnd ?? ''} onChange={(e) => update({ scheduleEnd: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor={notesId}>Schedule notes</label>
          <input id={notesId} value={plan.scheduleNotes} onChange={(e) => update({ scheduleNotes: e.target.value })} placeholder="e.g. during the December release train" />
        </div>
      </div>
    </section>
  );
}
