import { useEffect, useState, type FormEvent } from 'react';
import type { Interview, InterviewFields } from '../../../../shared/api/interviews';
import { questionTemplates } from '../../../../shared/interview-templates';
import { formatLocal } from '../../../../shared/time';
import { ZonedInput } from './ReleaseDetails';
import type { FindingSummary } from '../../../../shared/api/findings';
import { LinkExisting } from '../evidence/LinkExisting';
import { CommitOnBlurInput } from '../../components/CommitOnBlurInput';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { useTargetEvidence } from '../evidence/useTargetEvidence';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { useRememberedSelection } from '../../hooks/useRememberedSelection';
import { InterviewNotes, noteDraftKey } from './InterviewNotes';
import { Field } from '../../components/Field';

const backupKey = (id: string) => `release-audit.interview-unsaved.${id}`;
const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function InterviewsPane({ auditId }: { auditId: string }) {
  const list = useQuery(() => api['interviews.list']({ auditId }), [auditId], useErrorNotice());
  const interviews = list.data ?? null;
  const [current, setSelected] = useRememberedSelection('interview', interviews);
  const [name, setName] = useState('');
  const push = useNotices((s) => s.push);
  const reload = list.reload;

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const interview = await api['interviews.create']({ auditId, interviewee: name.trim() });
      setName('');
      await reload();
      setSelected(interview.id);
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  if (!interviews) return <p className="muted" role="status">Loading interviews…</p>;
  return (
    <div className="split">
      <aside className="split-list" aria-label="Interviews">
        {interviews.length === 0 && <p className="muted">No interviews yet.</p>}
        <ul>
          {interviews.map((i) => (
            <li key={i.id}>
              <button type="button" className={i.id === current?.id ? 'nav-item active' : 'nav-item'} onClick={() => setSelected(i.id)}>
                <span>
                  {i.interviewee}
                  <span className="muted block">
                    {i.status}
                    {i.team ? ` · ${i.team}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        <form className="form" aria-label="New interview" onSubmit={create}>
          <Field label="Interviewee">
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" />
          </Field>
          <button type="submit" disabled={!name.trim()}>
            Plan interview
          </button>
        </form>
      </aside>
      <div className="split-main">{current && <InterviewEditor key={current.id} interview={current} onSaved={() => void reload()} />}</div>
    </div>
  );
}

/**
 * One interview, saved as it is typed. Every keystroke is also kept on this computer until the app
 * confirms the save, so closing the window mid-sentence loses nothing.
 */
function InterviewEditor({ interview, onSaved }: { interview: Interview; onSaved: () => void }) {
  const [draft, setDraft] = useState<Interview>(() => {
    const backup = unsavedFields(interview);
    return backup ? { ...interview, ...backup } : interview;
  });
  const { items: evidence, add: addEvidence } = useTargetEvidence('interview', interview.id);
  const { data: releases = [] } = useQuery(() => api['releases.list']({ auditId: interview.auditId }), [interview.auditId]);
  const { state, queue } = useAutosave<InterviewFields>(async (patch) => {
    await api['interviews.save']({ id: interview.id, ...patch });
    // Only what this save stored leaves the local copy; anything typed meanwhile stays in it.
    const backup = JSON.parse(window.localStorage.getItem(backupKey(interview.id)) ?? '{}') as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) if (JSON.stringify(backup[key]) === JSON.stringify(value)) delete backup[key];
    if (Object.keys(backup).length === 0) window.localStorage.removeItem(backupKey(interview.id));
    else window.localStorage.setItem(backupKey(interview.id), JSON.stringify(backup));
    onSaved();
  }, 400);

  useEffect(() => {
    // (The first render already moved any old unsaved notes text into the note draft.)
    const backup = window.localStorage.getItem(backupKey(interview.id));
    if (backup) queue(JSON.parse(backup) as Partial<InterviewFields>);
  }, [interview.id, queue]);

  const edit = (patch: Partial<InterviewFields>) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      const backup = JSON.parse(window.localStorage.getItem(backupKey(interview.id)) ?? '{}') as Partial<InterviewFields>;
      window.localStorage.setItem(backupKey(interview.id), JSON.stringify({ ...backup, ...patch }));
      return next;
    });
    queue(patch);
  };

  return (
    <div className="interview">
      <div className="release-head">
        <h2>{draft.interviewee}</h2>
        <SaveIndicator state={state} />
      </div>
      <section className="panel form" aria-label="Interview details">
        <div className="grid-3">
          <Field label="Interviewee">
            <input value={draft.interviewee} onChange={(e) => edit({ interviewee: e.target.value })} />
          </Field>
          <Field label="Status">
            <select value={draft.status} onChange={(e) => edit({ status: e.target.value as InterviewFields['status'] })}>
              <option value="planned">planned</option>
              <option value="held">held</option>
              <option value="cancelled">cancelled</option>
            </select>
          </Field>
          <Field label="Held at">
            <ZonedInput label="Held at" value={draft.heldAt} timeZone={localZone} onChange={(heldAt) => edit({ heldAt })} />
          </Field>
        </div>
        <div className="grid-3">
          <Field label="Role">
            <input value={draft.role} onChange={(e) => edit({ role: e.target.value })} />
          </Field>
          <Field label="Team">
            <input value={draft.team} onChange={(e) => edit({ team: e.target.value })} />
          </Field>
          <Field label="Interviewer">
            <input value={draft.interviewer} onChange={(e) => edit({ interviewer: e.target.value })} />
          </Field>
        </div>
        <div className="grid-3">
          <Field label="About the release">
            <select value={draft.releaseId ?? ''} onChange={(e) => edit({ releaseId: e.target.value || null })}>
              <option value="">the audit as a whole</option>
              {releases.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.identifier}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Planned for">
            <ZonedInput label="Planned for" value={draft.scheduledAt} timeZone={localZone} onChange={(scheduledAt) => edit({ scheduledAt })} />
          </Field>
        </div>
        <div className="row-edit">
          <label className="choice">
            <input type="checkbox" checked={draft.consent} onChange={(e) => edit({ consent: e.target.checked })} />
            Consent to take notes was given
          </label>
          <label className="choice">
            <input type="checkbox" checked={draft.shareable} onChange={(e) => edit({ shareable: e.target.checked })} />
            Shareable: external reports may carry this interview
          </label>
          {draft.status !== 'held' ? (
            <button type="button" className="small" onClick={() => edit({ status: 'held', heldAt: new Date().toISOString() })}>
              Mark as held now
            </button>
          ) : (
            <span className="muted">Held {draft.heldAt ? formatLocal(draft.heldAt) : ''}</span>
          )}
        </div>
      </section>
      <section className="panel form" aria-label="Questions">
        <div className="inline-add">
          <Field inline label="Question set">
            <select
              value=""
              onChange={(e) => {
                const set = questionTemplates.find((t) => t.id === e.target.value);
                if (set) edit({ questions: [...draft.questions, ...set.questions.filter((q) => !draft.questions.some((x) => x.text === q)).map((text) => ({ text, answer: '' }))] });
              }}
            >
              <option value="">Add questions from…</option>
              {questionTemplates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title} ({t.audience})
                </option>
              ))}
            </select>
          </Field>
        </div>
        {draft.questions.map((q, i) => (
          <div className="field wide" key={i}>
            <Field inline label={q.text}>
              <textarea rows={2} value={q.answer} onChange={(e) => edit({ questions: draft.questions.map((x, j) => (j === i ? { ...x, answer: e.target.value } : x)) })} />
            </Field>
          </div>
        ))}
      </section>
      <InterviewNotes interviewId={interview.id} auditId={interview.auditId} earlierNotes={interview.notes} />
      <ListSection title="Undocumented steps (tribal knowledge)" items={draft.tribalKnowledge.map((t) => t.text)} onChange={(texts) => edit({ tribalKnowledge: texts.map((text) => ({ text })) })} />
      <section className="panel form" aria-label="Follow-up actions">
        <h3>Follow-up actions</h3>
        {draft.followUps.map((f, i) => (
          <div className="row-edit" key={i}>
            <input type="checkbox" aria-label={`Follow-up ${i + 1} done`} checked={f.done} onChange={(e) => edit({ followUps: draft.followUps.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)) })} />
            <input aria-label={`Follow-up ${i + 1}`} value={f.text} onChange={(e) => edit({ followUps: draft.followUps.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
            <input aria-label={`Follow-up ${i + 1} owner`} value={f.owner} placeholder="Owner" onChange={(e) => edit({ followUps: draft.followUps.map((x, j) => (j === i ? { ...x, owner: e.target.value } : x)) })} />
          </div>
        ))}
        <button type="button" className="small" onClick={() => edit({ followUps: [...draft.followUps, { text: 'Follow up', owner: '', done: false }] })}>
          + Add follow-up
        </button>
        <FindingLinks auditId={interview.auditId} selected={draft.findingIds} onChange={(findingIds) => edit({ findingIds })} />
        <div className="inline-add">
          <Field inline label="Linked controls">
            <CommitOnBlurInput value={draft.controlIds.join(', ')} onCommit={(text) => edit({ controlIds: text.split(',').map((x) => x.trim()).filter(Boolean) })} placeholder="RA-DEP-01, RA-RBK-02" />
          </Field>
        </div>
      </section>
      <section className="panel" aria-label="Interview evidence">
        <h3>Evidence</h3>
        <EvidenceCapture auditId={interview.auditId} link={{ targetType: 'interview', targetId: interview.id }} onAdded={addEvidence} />
        <LinkExisting auditId={interview.auditId} target={{ targetType: 'interview', targetId: interview.id }} linked={evidence} onLinked={addEvidence} />
        <EvidenceList items={evidence} />
      </section>
    </div>
  );
}

/**
 * What was typed here and not yet acknowledged. Notes typed into the single notes box of earlier versions
 * and never saved become the draft of a new note, so nothing typed is lost when notes became a log.
 */
function unsavedFields(interview: Interview): Partial<InterviewFields> | null {
  const stored = window.localStorage.getItem(backupKey(interview.id));
  if (!stored) return null;
  const { notes, ...fields } = JSON.parse(stored) as Partial<InterviewFields> & { notes?: unknown };
  // Only the part typed after what was saved: the old box held the saved text too.
  const unsent = typeof notes === 'string' ? (notes.startsWith(interview.notes) ? notes.slice(interview.notes.length) : notes).trim() : '';
  if (unsent) {
    const draft = window.localStorage.getItem(noteDraftKey(interview.id));
    if (!draft?.includes(unsent)) window.localStorage.setItem(noteDraftKey(interview.id), draft ? `${draft}\n\n${unsent}` : unsent);
  }
  if (notes !== undefined) {
    if (Object.keys(fields).length === 0) window.localStorage.removeItem(backupKey(interview.id));
    else window.localStorage.setItem(backupKey(interview.id), JSON.stringify(fields));
  }
  return Object.keys(fields).length === 0 ? null : fields;
}

function ListSection({ title, items, onChange }: { title: string; items: string[]; onChange: (items: string[]) => void }) {
  const [text, setText] = useState('');
  return (
    <section className="panel form" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item}{' '}
            <button type="button" className="link-button" aria-label={`Remove ${item}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="inline-add">
        <input
          aria-label={`New: ${title}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim()) {
              e.preventDefault();
              onChange([...items, text.trim()]);
              setText('');
            }
          }}
          placeholder="Type and press Enter"
        />
      </div>
    </section>
  );
}

function FindingLinks({ auditId, selected, onChange }: { auditId: string; selected: string[]; onChange: (ids: string[]) => void }) {
  const { data: findings = [] } = useQuery(async (): Promise<FindingSummary[]> => (await api['findings.list']({ auditId, limit: 1000 })).rows, [auditId]);
  if (findings.length === 0) return <p className="muted">No findings in this audit yet to link.</p>;
  return (
    <fieldset className="field">
      <legend>Linked findings</legend>
      {findings.map((f) => (
        <label className="choice" key={f.id}>
          <input type="checkbox" checked={selected.includes(f.id)} onChange={(e) => onChange(e.target.checked ? [...selected, f.id] : selected.filter((id) => id !== f.id))} />
          {f.title}
        </label>
      ))}
    </fieldset>
  );
}
