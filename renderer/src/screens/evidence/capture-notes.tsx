import type { Evidence } from '../../../../shared/api/evidence';
import { formatLocal } from '../../../../shared/time';
import { useUi } from '../../stores/ui';

// What the drop zone says about what arrived: pasted text it keeps (or why not), and content that
// was already in the audit (linked, not stored twice).

/** The largest text the service keeps as an excerpt (shared/api/evidence.ts says the same). */
const MAX_PASTED_TEXT = 5_000_000;

/** The clipboard's text to keep as an excerpt, or why there is none. */
export function pastedText(clipboard: DataTransfer): { text: string } | { refused: string } {
  const text = clipboard.getData('text/plain');
  if (text.trim() !== '') {
    if (text.length > MAX_PASTED_TEXT) return { refused: `The pasted text is ${(text.length / 1_000_000).toFixed(1)} million characters, more than an excerpt holds (5 million): save it as a file and drop the file here.` };
    return { text };
  }
  const file = [...clipboard.items].find((item) => item.kind === 'file');
  if (file) return { refused: `The clipboard holds a file (${file.type || 'of an unknown type'}), not a screenshot or text: drop the file here or choose it instead.` };
  return { refused: 'The clipboard holds no screenshot and no text to keep: copy the screenshot or the log lines first, then paste here.' };
}

/** The event asking the evidence list to scroll to a piece it holds but has not drawn (detail: its id). */
export const REVEAL_EVIDENCE = 'release-audit:reveal-evidence';

const outcomeWords: Record<NonNullable<Evidence['alreadyRecorded']>, string> = {
  'linked-here': 'It is now linked here too.',
  'already-linked': 'It already supports this record.',
  'in-audit': 'Nothing was added.',
};

/** Content already recorded in the audit: which record it is, and the way to it. */
export function AlreadyRecordedNote({ name, evidence, onClose }: { name: string; evidence: Evidence; onClose: () => void }) {
  const go = useUi((s) => s.go);
  const show = () => {
    const item = document.getElementById(`evidence-${evidence.id}`);
    // Not drawn: the audit's list scrolls to it if it holds it (it cancels the event), or the Evidence screen opens.
    if (!item) return window.dispatchEvent(new CustomEvent(REVEAL_EVIDENCE, { detail: evidence.id, cancelable: true })) ? go('evidence') : undefined;
    item.scrollIntoView({ block: 'center' });
    item.focus();
  };
  return (
    <p className="already-recorded" role="status">
      <span>
        &ldquo;{name}&rdquo; is already in this audit&rsquo;s evidence as &ldquo;{evidence.originalName}&rdquo; (captured by {evidence.capturedBy}, {formatLocal(evidence.capturedAt)}; SHA-256{' '}
        <code className="hash">{evidence.sha256.slice(0, 12)}…</code>): no second copy was stored. {outcomeWords[evidence.alreadyRecorded ?? 'in-audit']}
      </span>{' '}
      <button type="button" className="small" onClick={show}>
        Show the existing record
      </button>
      <button type="button" className="link-button" aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
    </p>
  );
}
