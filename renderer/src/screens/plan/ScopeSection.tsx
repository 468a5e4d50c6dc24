import { TagListInput } from '../../components/TagListInput';
import type { SectionProps } from './types';
import { Field } from '../../components/Field';

export function ScopeSection({ plan, update }: SectionProps) {
  return (
    <section className="panel form" aria-label="Objective and scope">
      <h2>Objective and scope</h2>
      <Field label="Objective" className="wide">
        <textarea rows={3} value={plan.objective} onChange={(e) => update({ objective: e.target.value })} placeholder="What this audit must establish, and for whom." />
      </Field>
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
        <Field label="Risk criteria (what makes a deployment high-risk)" className="wide">
          <textarea rows={2} value={plan.riskCriteria} onChange={(e) => update({ riskCriteria: e.target.value })} />
        </Field>
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
        <Field label="Fieldwork starts">
          <input type="date" value={plan.scheduleStart ?? ''} onChange={(e) => update({ scheduleStart: e.target.value || null })} />
        </Field>
        <Field label="Fieldwork ends">
          <input type="date" value={plan.scheduleEnd ?? ''} onChange={(e) => update({ scheduleEnd: e.target.value || null })} />
        </Field>
        <Field label="Schedule notes">
          <input value={plan.scheduleNotes} onChange={(e) => update({ scheduleNotes: e.target.value })} placeholder="e.g. during the December release train" />
        </Field>
      </div>
    </section>
  );
}
