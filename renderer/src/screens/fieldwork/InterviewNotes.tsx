import { useRef, useState } from 'react';
import type { InterviewNote } from '../../../../shared/api/interviews';
import { formatLocal } from '../../../../shared/time';
import { allPages } from '../../api/all-pages';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useQuery } from '../../hooks/useQuery';

// Notes are named by author and time to the second: numbers would shift as notes from another laptop
// merge in between.
const stamp = (iso: string) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
const label = (note: InterviewNote) => `${note.author}'s note of ${stamp(note.createdAt)}`;

export const noteDraftKey = (interviewId: string) => `release-audit.interview-note-draft.${interviewId}`;
const correctsKey = (interviewId: string) => `release-audit.interview-note-corrects.${interviewId}`;

function remember(key: string, value: string | null): void {
  if (value) window.localStorage.setItem(key, value);
  else window.localStorage.removeItem(key);
}

/**
 * What was said, as a log: each note is kept as written, with who wrote it and when, so notes taken on
 * two laptops in the same interview sit side by side after a sync instead of competing. A note is never
 * edited; "Correct" starts a later note that names it. The note being typed, and which note it
 * corrects, are kept on this computer until the app has stored it.
 */
export function InterviewNotes({ interviewId, auditId, earlierNotes }: { interviewId: string; auditId: string; earlierNotes: string }) {
  const notesQuery = useQuery((): Promise<InterviewNote[]> => allPages((cursor, limit) => api['interviews.notes']({ interviewId, cursor, limit })), [interviewId]);
  const notes = notesQuery.data ?? null;
  const loadError = notesQuery.error;
  const setNotes = notesQuery.setData;
  const { data: audit } = useQuery(() => api['audits.get']({ id: auditId }), [auditId]);
  const finalised = audit?.status === 'finalised';
  const [text, setText] = useState(() => window.localStorage.getItem(noteDraftKey(interviewId)) ?? '');
  const [correctsId, setCorrectsId] = useState<string | null>(() => window.localStorage.getItem(correctsKey(interviewId)));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);

  const type = (value: string) => {
    setText(value);
    remember(noteDraftKey(interviewId), value);
  };
  const correct = (id: string | null) => {
    setCorrectsId(id);
    remember(correctsKey(interviewId), id);
  };

  const list = notes ?? [];
  const correcting = correctsId ? (list.find((n) => n.id === correctsId) ?? null) : null;

  async function add() {
    const written = text.trim();
    if (!written || saving) return;
    setSaving(true);
    setError(null);
    try {
      const note = await api['interviews.addNote']({ interviewId, text: written, correctsId: correcting?.id ?? null });
      setNotes((current) => [...(current ?? []), note]);
      // Only what was stored leaves the local copy; anything typed meanwhile stays.
      setText((current) => {
        const rest = current.trim() === written ? '' : current;
        remember(noteDraftKey(interviewId), rest);
        return rest;
      });
      correct(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
      composer.current?.focus();
    }
  }

  function startCorrection(note: InterviewNote) {
    // The box is refilled only if it holds nothing of the auditor's own: empty, or the untouched text
    // of the note they were about to correct.
    if (!text.trim() || (correcting && text === correcting.text)) type(note.text);
    correct(note.id);
    composer.current?.focus();
  }

  // Stopping a correction clears the box if it still holds the corrected note's text untouched, so it
  // cannot go in again as a new note by mistake.
  function stopCorrecting() {
    if (correcting && text === correcting.text) type('');
    correct(null);
  }

  const correctedBy = new Map<string, InterviewNote[]>();
  for (const note of list) if (note.correctsId) correctedBy.set(note.correctsId, [...(correctedBy.get(note.correctsId) ?? []), note]);
  const byId = new Map(list.map((n) => [n.id, n]));

  return (
    <section className="panel form" aria-label="Interview notes">
      <h3>Notes</h3>
      {earlierNotes && (
        <div className="earlier-notes">
          <p className="muted">Written before notes became a log (kept as it was):</p>
          <p className="note-text">{earlierNotes}</p>
        </div>
      )}
      {loadError ? (
        <p className="field-error" role="alert">
          The notes could not be loaded: {loadError}
        </p>
      ) : notes === null ? (
        <p className="muted" role="status">
          Loading notes…
        </p>
      ) : notes.length === 0 ? (
        <p className="muted">
          {earlierNotes ? 'Nothing in the log yet.' : 'No notes yet.'}
          {finalised ? '' : ' Type what was said below and press Ctrl+Enter: each note is kept as written, with who wrote it and when.'}
        </p>
      ) : (
        <ol className="note-log" aria-label="Notes so far">
          {notes.map((note) => {
            const later = correctedBy.get(note.id) ?? [];
            const corrects = note.correctsId ? byId.get(note.correctsId) : undefined;
            return (
              <li key={note.id} className={later.length > 0 ? 'note corrected' : 'note'}>
                <p className="note-text">{note.text}</p>
                <p className="muted note-meta">
                  <time dateTime={note.createdAt}>{formatLocal(note.createdAt)}</time> · {note.author}
                  {corrects && <> · corrects {label(corrects)}</>}
                  {later.length > 0 && <> · corrected by {later.map((l) => `${l.author} at ${stamp(l.createdAt)}`).join(', ')}</>}
                  {!finalised && (
                    <>
                      {' · '}
                      <button type="button" className="link-button" aria-label={`Correct ${label(note)}`} onClick={() => startCorrection(note)}>
                        Correct
                      </button>
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {finalised ? (
        <>
          <p className="muted">The audit is finalised: its interview notes are closed. Record anything further as an amendment of the audit.</p>
          {text && (
            <Field
              label="Unsent note (the audit was finalised before it was added)"
              className="wide"
              id={`iv-note-${interviewId}`}
              after={
                <div className="row-edit">
                  <button
                    type="button"
                    className="small"
                    onClick={() => {
                      type('');
                      correct(null);
                    }}
                  >
                    Discard unsent note
                  </button>
                </div>
              }
            >
              <textarea rows={3} value={text} readOnly />
            </Field>
          )}
        </>
      ) : (
        <>
          <Field
            label={correcting ? `Correction of ${label(correcting)}` : 'New note'}
            className="wide"
            id={`iv-note-${interviewId}`}
            hint={<>Ctrl+Enter adds the note.{correcting ? ' Esc stops correcting.' : ''} Until then it is kept on this computer.</>}
          >
            <textarea
              ref={composer}
              rows={3}
              value={text}
              onChange={(e) => type(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void add();
                } else if (e.key === 'Escape' && correcting) {
                  e.preventDefault();
                  stopCorrecting();
                }
              }}
            />
          </Field>
          {error && (
            <p className="field-error" role="alert">
              The note was not added: {error} It is still in the box above.
            </p>
          )}
          <div className="row-edit">
            <button type="button" className="primary" onClick={() => void add()} disabled={!text.trim() || saving}>
              {saving ? 'Adding…' : correcting ? 'Add correction' : 'Add note'}
            </button>
            {correcting && (
              <button type="button" className="small" onClick={stopCorrecting}>
                Cancel correction
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
