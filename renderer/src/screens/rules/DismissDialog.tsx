import { useEffect, useRef, useState } from 'react';
import type { RuleDraft } from '../../../../shared/api/rules';
import { Field } from '../../components/Field';

// Dismissing a drafted finding asks why: a modal dialog with one required reason, kept with the
// draft. Escape or Cancel shuts it and the focus goes back to the button that opened it.

export function DismissDialog({ draft, opener, onDismiss, onClose }: { draft: RuleDraft; opener: HTMLElement | null; onDismiss: (reason: string) => Promise<void>; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  async function submit() {
    if (!reason.trim()) {
      setError('Say why this draft is dismissed: the reason is kept with it.');
      return;
    }
    setBusy(true);
    try {
      await onDismiss(reason.trim());
      dialog.current?.close();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="excerpt-dialog dismiss-dialog" aria-labelledby="dismiss-title" onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="dismiss-title">Dismiss {draft.ruleId}</h2>
        <p className="muted">{draft.title}</p>
        <Field label="Why is this not a finding?" error={error ?? undefined} hint="Required. Kept with the draft, with who dismissed it and when.">
          <textarea autoFocus rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-required="true" maxLength={2000} />
        </Field>
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            Dismiss draft
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
