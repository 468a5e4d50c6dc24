import { useCallback, useEffect, useRef, useState } from 'react';
import type { InterviewNote } from '../../../../shared/api/interviews';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';

export const noteDraftKey = (interviewId: string) => `release-audit.interview-note-draft.${interviewId}`;

/**
 * What was said, as a log: each note is kept as written, with who wrote it and when, so notes taken on
 * two laptops in the same interview sit side by side after a sync instead of competing. A note is never
 * edited; "Correct" starts a later note that names it. The note being typed is kept on this computer
 * until the app has stored it.
 */
export function InterviewNotes({ interviewId, earlierNotes }: { interviewId: string; earlierNotes: string }) {
  const [notes, setNotes] = useState<InterviewNote[] | null>(null);
  const [text, setText] = useState(() => window.localStorage.getItem(noteDraftKey(interviewId)) ?? '');
  const [correcting, setCorrecting] = useState<InterviewNote | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const push = useNotices((s) => s.push);

  const reload = useCallback(
    () =>
      api['interviews.notes']({ interviewId }).then(setNotes, (e: Error) => {
        setNotes([]);
        push('error', e.message);
      }),
    [interviewId, push],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const type = (value: string) => {
    setText(value);
    if (value) window.localStorage.setItem(noteDraftKey(interviewId), value);
    else window.localStorage.removeItem(noteDraftKey(interviewId));
  };

  async function add() {
    const written = text.trim();
    if (!written || saving) return;
    setSaving(true);
    setError(null);
    try {
      const note = await api['interviews.addNote']({ interviewId, text: written, correctsId: correcting?.id ?? null });
      setNotes((list) => [...(list ?? []), note]);
      // Only what was stored leaves the local copy; anything typed meanwhile stays.
      setText((current) => {
        const rest = current.trim() === written ? '' : current;
        if (rest) window.localStorage.setItem(noteDraftKey(interviewId), rest);
        else window.localStorage.removeItem(noteDraftKey(interviewId));
        return rest;
      });
      setCorrecting(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
      composer.current?.focus();
    }
  }

  const correctedBy = new Map<string, InterviewNote>();
  for (const note of notes ?? []) if (note.correctsId) correctedBy.set(note.correctsId, note);
  const byId = new Map((notes ?? []).map((n) => [n.id, n]));

  return (
    <section className="panel form" aria-label="Interview notes">
      <h3>Notes</h3>
      {earlierNotes && (
        <div className="earlier-notes">
          <p className="muted">Written before notes became a log (kept as it was):</p>
          <p className="note-text">{earlierNotes}</p>
        </div>
      )}
      {notes === null ? (
        <p className="muted" role="status">
          Loading notes…
        </p>
      ) : notes.length === 0 ? (
        <p className="muted">No notes yet. Type what was said below and press Ctrl+Enter: each note is kept as written, with who wrote it and when.</p>
      ) : (
        <ol className="note-log" aria-label="Notes so far">
          {notes.map((note) => {
            const later = correctedBy.get(note.id);
            const corrects = note.correctsId ? byId.get(note.correctsId) : undefined;
            return (
              <li key={note.id} className={later ? 'note corrected' : 'note'}>
                <p className="note-text">{note.text}</p>
                <p className="muted note-meta">
                  <time dateTime={note.createdAt}>{formatLocal(note.createdAt)}</time> · {note.author}
                  {corrects && <> · corrects the note of {formatLocal(corrects.createdAt)}</>}
                  {later && <> · corrected by {later.author} at {formatLocal(later.createdAt)}</>}
                  {!later && (
                    <>
                      {' · '}
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Correct the note of ${formatLocal(note.createdAt)}`}
                        onClick={() => {
                          setCorrecting(note);
                          if (!text.trim()) type(note.text);
                          composer.current?.focus();
                        }}
                      >
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
      <div className="field wide">
        <label htmlFor={`iv-note-${interviewId}`}>{correcting ? `Correction of the note of ${formatLocal(correcting.createdAt)}` : 'New note'}</label>
        <textarea
          id={`iv-note-${interviewId}`}
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
              setCorrecting(null);
            }
          }}
          aria-describedby={`iv-note-hint-${interviewId}`}
        />
        <span id={`iv-note-hint-${interviewId}`} className="muted">
          Ctrl+Enter adds the note.{correcting ? ' Esc stops correcting.' : ''} Until then it is kept on this computer.
        </span>
      </div>
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
          <button type="button" className="small" onClick={() => setCorrecting(null)}>
            Cancel correction
          </button>
        )}
      </div>
    </section>
  );
}
