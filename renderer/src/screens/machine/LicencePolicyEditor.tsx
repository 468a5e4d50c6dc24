import { useEffect, useState } from 'react';
import type { LicenceLists } from '../../../../shared/api/licences';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';

// The audit's licence policy: three lists of SPDX licences, one a line. Saved whole; the server
// checks each entry (one licence, in one list) and says which line is wrong.

const lists = [
  { id: 'allowed', label: 'Allowed', hint: 'shipped freely (permissive licences)' },
  { id: 'review', label: 'Review', hint: 'shipped after a legal check (weak copyleft)' },
  { id: 'denied', label: 'Denied', hint: 'not shipped without an exception (strong copyleft)' },
] as const;

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

export function LicencePolicyEditor({ auditId, readOnly, onClose, onSaved }: { auditId: string; readOnly: boolean; onClose: () => void; onSaved: () => void }) {
  const [texts, setTexts] = useState<Record<keyof LicenceLists, string> | null>(null);
  const [note, setNote] = useState('');
  const [own, setOwn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    void api['licences.policy.get']({ auditId }).then((policy) => {
      if (!live) return;
      setTexts({ allowed: policy.allowed.join('\n'), review: policy.review.join('\n'), denied: policy.denied.join('\n') });
      setNote(policy.note);
      setOwn(policy.own);
    }, (error: unknown) => setProblem(plainError((error as Error).message)));
    return () => {
      live = false;
    };
  }, [auditId]);

  const save = async (reset: boolean) => {
    if (!texts) return;
    setProblem(null);
    setSaved(false);
    try {
      const policy = reset
        ? await api['licences.policy.set']({ auditId, reset: true })
        : await api['licences.policy.set']({ auditId, allowed: lines(texts.allowed), review: lines(texts.review), denied: lines(texts.denied), note });
      setTexts({ allowed: policy.allowed.join('\n'), review: policy.review.join('\n'), denied: policy.denied.join('\n') });
      setNote(policy.note);
      setOwn(policy.own);
      setSaved(true);
      onSaved();
    } catch (error) {
      setProblem(plainError((error as Error).message));
    }
  };

  if (!texts) return problem ? <p role="alert">{problem}</p> : <p className="muted" role="status">Loading the licence policy…</p>;
  return (
    <section className="panel" aria-label="Licence policy" data-testid="licence-policy">
      <h3>Licence policy {own ? '(this audit’s own)' : '(the shipped default)'}</h3>
      <p className="muted">One SPDX licence a line: an id (MIT), a LicenseRef-, a range (GPL-2.0+) or an id WITH an exception.</p>
      <div className="policy-lists">
        {lists.map((list) => (
          <label key={list.id}>
            {list.label} <span className="muted">— {list.hint}</span>
            <textarea rows={10} value={texts[list.id]} readOnly={readOnly} aria-label={`${list.label} licences`} onChange={(e) => setTexts({ ...texts, [list.id]: e.target.value })} />
          </label>
        ))}
      </div>
      <label>Why this policy (a legal exception, a contract…) <input value={note} readOnly={readOnly} onChange={(e) => setNote(e.target.value)} aria-label="Policy note" /></label>
      {problem && <p role="alert" className="error">{problem}</p>}
      {saved && <p role="status">The licence policy was saved; the verdicts above follow it.</p>}
      <div className="actions">
        {!readOnly && <button type="button" onClick={() => void save(false)}>Save the policy</button>}
        {!readOnly && <button type="button" onClick={() => void save(true)}>Back to the default</button>}
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}
