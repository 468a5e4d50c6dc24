import type { ChangeTicket, Release, ReleaseComponent, ReleaseFields, RunbookStep } from '../../../../shared/api/releases';
import { riskClasses } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { SaveIndicator } from '../../components/SaveIndicator';
import { TagListInput } from '../../components/TagListInput';
import { CommitOnBlurInput } from '../../components/CommitOnBlurInput';
import { RowField } from '../../components/RowField';
import { ZonedInput } from '../../components/ZonedInput';
import { releaseLabels } from './releaseLabels';
import { ImportedTicketNote } from './ImportedTicketNote';
import { useListSave } from '../../hooks/useListSave';
import { Field } from '../../components/Field';

type Edit = (patch: Partial<ReleaseFields>) => void;

const zones = (() => {
  try {
    return ['UTC', ...(Intl as unknown as { supportedValuesOf: (key: string) => string[] }).supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  } catch {
    return ['UTC'];
  }
})();

// Kept here too for screens that import it from the release editor.
export { ZonedInput };

export function ReleaseDetails({ release, edit, replace }: { release: Release; edit: Edit; replace: (release: Release) => void }) {
  const tz = release.timeZone || 'UTC';
  return (
    <div>
      <section className="panel form" aria-label="Release">
        <div className="grid-3">
          <Field label="Identifier">
            <input value={release.identifier} onChange={(e) => edit({ identifier: e.target.value })} />
          </Field>
          <Field label="System" id="rel-system">
            <input value={release.system} onChange={(e) => edit({ system: e.target.value })} />
          </Field>
          <Field label="Risk class" id="rel-risk">
            <select value={release.riskClass} onChange={(e) => edit({ riskClass: e.target.value as ReleaseFields['riskClass'] })}>
              {riskClasses.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="grid-2">
          <TagListInput label="Services" values={release.services} onChange={(services) => edit({ services })} placeholder="ledger-api" />
          <TagListInput label="Environments" values={release.environments} onChange={(environments) => edit({ environments })} placeholder="production" />
        </div>
        <div className="grid-3">
          <Field label="Time zone of the window">
            <select value={tz} onChange={(e) => edit({ timeZone: e.target.value })}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </Field>
          <div className="field">
            <span className="label">Window opens ({tz})</span>
            <ZonedInput label="Window opens" value={release.windowStart} timeZone={tz} onChange={(windowStart) => edit({ windowStart })} />
          </div>
          <div className="field">
            <span className="label">Window closes ({tz})</span>
            <ZonedInput label="Window closes" value={release.windowEnd} timeZone={tz} onChange={(windowEnd) => edit({ windowEnd })} />
          </div>
        </div>
        <label className="choice">
          <input type="checkbox" checked={release.emergency} onChange={(e) => edit({ emergency: e.target.checked })} />
          Emergency release
        </label>
        <div className="grid-3">
          <Field label="Source tag">
            <input value={release.sourceTag} onChange={(e) => edit({ sourceTag: e.target.value })} placeholder="v1.4.2" />
          </Field>
          <Field label="Build number">
            <input value={release.buildNumber} onChange={(e) => edit({ buildNumber: e.target.value })} placeholder="812 (1.4.2)" />
          </Field>
          <Field label="Deployment manifest version">
            <input value={release.manifestVersion} onChange={(e) => edit({ manifestVersion: e.target.value })} placeholder="1.4.2" />
          </Field>
        </div>
        <div className="grid-2">
          <Field label="Backout plan">
            <textarea rows={3} value={release.backoutPlan} onChange={(e) => edit({ backoutPlan: e.target.value })} />
          </Field>
          <Field label="Risk assessment">
            <textarea rows={3} value={release.riskAssessment} onChange={(e) => edit({ riskAssessment: e.target.value })} />
          </Field>
        </div>
      </section>
      <TicketsEditor release={release} replace={replace} />
      <RunbookEditor release={release} edit={edit} replace={replace} />
      <ComponentsEditor release={release} replace={replace} />
    </div>
  );
}

function TicketsEditor({ release, replace }: { release: Release; replace: (r: Release) => void }) {
  const tz = release.timeZone || 'UTC';
  const { items, change, state } = useListSave<ChangeTicket>(release.tickets, async (tickets) => replace(await api['releases.saveTickets']({ releaseId: release.id, tickets })), 700, releaseLabels);
  const set = (i: number, patch: Partial<ChangeTicket>) => change(items.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <section className="panel form" aria-label="Change tickets">
      <div className="release-head">
        <h3>Change tickets (RFCs)</h3>
        <SaveIndicator state={state} />
      </div>
      {items.map((t, i) => (
        <div className="row-edit" key={t.id}>
          <RowField label="Reference">
            <input aria-label={`Ticket ${i + 1} reference`} value={t.reference} onChange={(e) => set(i, { reference: e.target.value })} placeholder="RFC-881" />
          </RowField>
          <RowField label="Title" grow>
            <textarea rows={1} className="grow-text" aria-label={`Ticket ${i + 1} title`} value={t.title} onChange={(e) => set(i, { title: e.target.value })} placeholder="What it changes" />
          </RowField>
          <RowField label="Approval">
            <select aria-label={`Ticket ${i + 1} approval`} value={t.approvalStatus} onChange={(e) => set(i, { approvalStatus: e.target.value as ChangeTicket['approvalStatus'] })}>
              <option value="pending">pending</option>
              <option value="approved">approved</option>
              <option value="rejected">rejected</option>
            </select>
          </RowField>
          <RowField label="Approved by">
            <input aria-label={`Ticket ${i + 1} approved by`} value={t.approvedBy} onChange={(e) => set(i, { approvedBy: e.target.value })} placeholder="Approved by" />
          </RowField>
          <RowField label={`Approved at (${tz})`}>
            <ZonedInput label={`Ticket ${i + 1} approved at (${tz})`} value={t.approvedAt} timeZone={tz} onChange={(approvedAt) => set(i, { approvedAt })} />
          </RowField>
          <button type="button" className="small" aria-label={`Remove ticket ${i + 1}`} onClick={() => change(items.filter((_, j) => j !== i))}>
            ×
          </button>
          {t.imported && <ImportedTicketNote imported={t.imported} timeZone={tz} />}
        </div>
      ))}
      <button type="button" className="small" onClick={() => change([...items, { id: crypto.randomUUID(), reference: `RFC-${items.length + 1}`, title: '', approvalStatus: 'pending', approvedBy: '', approvedAt: null }])}>
        + Add ticket
      </button>
    </section>
  );
}

function RunbookEditor({ release, edit, replace }: { release: Release; edit: Edit; replace: (r: Release) => void }) {
  const tz = release.timeZone || 'UTC';
  const { items, change, state } = useListSave<RunbookStep>(release.runbook, async (steps) => replace(await api['releases.saveRunbook']({ releaseId: release.id, steps })), 700, releaseLabels);
  const set = (i: number, patch: Partial<RunbookStep>) => change(items.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= items.length) return;
    const next = [...items];
    [next[i], next[j]] = [next[j] as RunbookStep, next[i] as RunbookStep];
    change(next);
  };
  return (
    <section className="panel form" aria-label="Runbook">
      <div className="release-head">
        <h3>Runbook</h3>
        <SaveIndicator state={state} />
      </div>
      <ol className="runbook">
        {items.map((s, i) => (
          <li key={s.id} className="row-edit">
            <RowField label={`Step ${i + 1}`} grow>
              <textarea rows={1} className="grow-text" aria-label={`Step ${i + 1}`} value={s.title} onChange={(e) => set(i, { title: e.target.value })} />
            </RowField>
            <RowField label={`Planned start (${tz})`}>
              <ZonedInput label={`Step ${i + 1} planned start (${tz})`} value={s.plannedStart} timeZone={tz} onChange={(plannedStart) => set(i, { plannedStart })} />
            </RowField>
            <RowField label={`Planned end (${tz})`}>
              <ZonedInput label={`Step ${i + 1} planned end (${tz})`} value={s.plannedEnd} timeZone={tz} onChange={(plannedEnd) => set(i, { plannedEnd })} />
            </RowField>
            <RowField label="Owner">
              <input aria-label={`Step ${i + 1} owner`} value={s.owner} onChange={(e) => set(i, { owner: e.target.value })} placeholder="Owner" />
            </RowField>
            <RowField label="Parameters" grow>
              <CommitOnBlurInput
                aria-label={`Step ${i + 1} parameters`}
                value={Object.entries(s.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}
                onCommit={(text) => set(i, { parameters: Object.fromEntries(text.split(',').map((p) => p.split('=').map((x) => x.trim())).filter((p) => p[0]).map(([k, ...v]) => [k as string, v.join('=')])) })}
                placeholder="region=eu-1, flag=on"
              />
            </RowField>
            <RowField label="Contacts" grow>
              <textarea rows={1} className="grow-text" aria-label={`Step ${i + 1} contacts`} value={s.contacts} onChange={(e) => set(i, { contacts: e.target.value })} placeholder="Contacts" />
            </RowField>
            <button type="button" className="small" aria-label={`Move step ${i + 1} up`} onClick={() => move(i, -1)} disabled={i === 0}>
              ↑
            </button>
            <button type="button" className="small" aria-label={`Move step ${i + 1} down`} onClick={() => move(i, 1)} disabled={i === items.length - 1}>
              ↓
            </button>
            <button type="button" className="small" aria-label={`Remove step ${i + 1}`} onClick={() => change(items.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="small" onClick={() => change([...items, { id: crypto.randomUUID(), title: `Step ${items.length + 1}`, plannedStart: null, plannedEnd: null, owner: '', parameters: {}, contacts: '' }])}>
        + Add step
      </button>
      <div className="grid-2 signoff">
        <Field label="Runbook signed off by">
          <input value={release.runbookSignedBy} onChange={(e) => edit({ runbookSignedBy: e.target.value })} />
        </Field>
        <div className="field">
          <span className="label">Signed off at ({tz})</span>
          <ZonedInput label="Runbook signed off at" value={release.runbookSignedAt} timeZone={tz} onChange={(runbookSignedAt) => edit({ runbookSignedAt })} />
        </div>
      </div>
    </section>
  );
}

function ComponentsEditor({ release, replace }: { release: Release; replace: (r: Release) => void }) {
  const { items, change, state } = useListSave<ReleaseComponent>(release.components, async (components) => replace(await api['releases.saveComponents']({ releaseId: release.id, components })), 700, releaseLabels);
  const set = (i: number, patch: Partial<ReleaseComponent>) => change(items.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <section className="panel form" aria-label="Third-party components">
      <div className="release-head">
        <h3>Third-party components</h3>
        <SaveIndicator state={state} />
      </div>
      {items.map((c, i) => (
        <div className="row-edit" key={c.id}>
          <RowField label="Name">
            <input aria-label={`Component ${i + 1} name`} value={c.name} onChange={(e) => set(i, { name: e.target.value })} />
          </RowField>
          <RowField label="Version">
            <input aria-label={`Component ${i + 1} version`} value={c.version} onChange={(e) => set(i, { version: e.target.value })} placeholder="Version" />
          </RowField>
          <RowField label="Licence">
            <input aria-label={`Component ${i + 1} licence`} value={c.licence} onChange={(e) => set(i, { licence: e.target.value })} placeholder="Licence" />
          </RowField>
          <RowField label="Vulnerabilities">
            <select aria-label={`Component ${i + 1} vulnerabilities`} value={c.vulnerabilityStatus} onChange={(e) => set(i, { vulnerabilityStatus: e.target.value as ReleaseComponent['vulnerabilityStatus'] })}>
              <option value="unknown">not checked</option>
              <option value="none-known">no known vulnerability</option>
              <option value="known">known vulnerability</option>
            </select>
          </RowField>
          <RowField label="Notes" grow>
            <textarea rows={1} className="grow-text" aria-label={`Component ${i + 1} notes`} value={c.notes} onChange={(e) => set(i, { notes: e.target.value })} placeholder="CVE, waiver…" />
          </RowField>
          <button type="button" className="small" aria-label={`Remove component ${i + 1}`} onClick={() => change(items.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => change([...items, { id: crypto.randomUUID(), name: 'component', version: '', licence: '', vulnerabilityStatus: 'unknown', notes: '' }])}>
        + Add component
      </button>
    </section>
  );
}
