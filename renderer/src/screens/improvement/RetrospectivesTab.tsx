import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { ReadOnlyWhenFinalised, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { ActionRow, NewAction } from './RetrospectivesActions';
import { RetrospectiveEditor } from './RetrospectivesEditor';

// The Retrospectives view: the earlier cycles' actions still open (closed or moved on from here),
// this cycle's retrospectives, and its own action items.

export function RetrospectivesTab({ auditId }: { auditId: string | null }) {
  if (!auditId) {
    return (
      <EmptyState title="Choose an audit">
        <p>Retrospectives belong to an audit cycle: choose one in the context bar.</p>
      </EmptyState>
    );
  }
  return <Retrospectives key={auditId} auditId={auditId} />;
}

function Retrospectives({ auditId }: { auditId: string }) {
  const onError = useErrorNotice();
  const view = useQuery(() => api['retrospectives.view']({ auditId }), [auditId], onError);
  const releases = useQuery(() => api['releases.list']({ auditId }), [auditId], onError);
  const findings = useQuery(() => api['findings.list']({ auditId, limit: 1000 }), [auditId], onError);
  const finalised = useAuditFinalised(auditId);
  const push = useNotices((s) => s.push);
  const [title, setTitle] = useState('');
  const reload = () => void view.reload();

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      await api['retrospectives.create']({ auditId, title: title.trim() });
      setTitle('');
      await view.reload();
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  if (!view.data) return <p className="muted" role="status">{view.error ?? 'Loading retrospectives…'}</p>;
  const { retrospectives, actions, openEarlier, cycleRule } = view.data;
  const open = actions.filter((a) => a.status === 'open' || a.status === 'in-progress').length;
  return (
    <ReadOnlyWhenFinalised finalised={finalised} what="its retrospectives and action items are">
      <section className="panel" aria-labelledby="retro-earlier">
        <h2 id="retro-earlier">Open actions from earlier cycles ({openEarlier.length})</h2>
        <p className="muted">{cycleRule} Changing one here continues it in this audit; the earlier audit keeps what it said.</p>
        {openEarlier.length === 0 ? (
          <p className="muted">No action of an earlier cycle is still open.</p>
        ) : (
          <ul className="item-list" aria-label="Open actions from earlier cycles">
            {openEarlier.map((action) => (
              <ActionRow key={action.id} auditId={auditId} action={action} origin={`from ${action.auditName}`} onSaved={reload} />
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="retro-actions">
        <h2 id="retro-actions">
          Action items of this cycle ({actions.length}, {open} open)
        </h2>
        {actions.length === 0 && <p className="muted">No action items yet. They carry over to the next cycle until they are done or dropped.</p>}
        <ul className="item-list" aria-label="Action items of this cycle">
          {actions.map((action) => (
            <ActionRow key={action.id} auditId={auditId} action={action} origin={action.carriedFrom ? `carried over from ${action.carriedFrom.auditName}` : undefined} onSaved={reload} />
          ))}
        </ul>
        {!finalised && <NewAction auditId={auditId} retrospectiveId={retrospectives.at(-1)?.id ?? null} onAdded={reload} />}
      </section>
      <section className="panel" aria-labelledby="retro-list">
        <h2 id="retro-list">Retrospectives ({retrospectives.length})</h2>
        {retrospectives.length === 0 && (
          <EmptyState title="No retrospective yet">
            <p>Hold one per release or for the audit cycle: who took part, what went well or badly, and the findings behind it.</p>
          </EmptyState>
        )}
        {!finalised && (
          <form className="inline-add" aria-label="New retrospective" onSubmit={create}>
            <Field inline label="Title of a new retrospective">
              <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title, e.g. Q3 cycle" />
            </Field>
            <button type="submit" disabled={!title.trim()}>
              Hold retrospective
            </button>
          </form>
        )}
      </section>
      {retrospectives.map((retro) => (
        <RetrospectiveEditor key={retro.id} retrospective={retro} releases={releases.data ?? []} findings={findings.data?.rows ?? []} onSaved={reload} />
      ))}
    </ReadOnlyWhenFinalised>
  );
}
