import { useEffect, useState } from 'react';
import { create } from 'zustand';

// Short confirmations ("Audit created") and errors in plain words, announced to screen readers.
// They sit in their own strip above the status bar (never over the screen), only the newest is
// open (earlier ones fold into a count), each one times out, and a notice given a key goes as soon
// as the screen says that problem is fixed (clear(key)) or a newer notice takes its key.

interface Notice {
  id: number;
  kind: 'success' | 'error';
  text: string;
  key?: string | undefined;
}

interface NoticeState {
  notices: Notice[];
  push: (kind: Notice['kind'], text: string, key?: string) => void;
  dismiss: (id: number) => void;
  /** The problem of that key is fixed: its notice goes. */
  clear: (key: string) => void;
}

let nextId = 1;
const MAX_KEPT = 5;
export const NOTICE_TIMEOUT_MS = { success: 4000, error: 12000 } as const;

export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  push: (kind, text, key) =>
    set((s) => {
      // The same message again replaces the earlier one instead of stacking a copy of it.
      const rest = s.notices.filter((n) => (key ? n.key !== key : true) && n.text !== text);
      return { notices: [...rest, { id: nextId++, kind, text, key }].slice(-MAX_KEPT) };
    }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  clear: (key) => set((s) => ({ notices: s.notices.filter((n) => n.key !== key) })),
}));

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const [expandedFor, setExpandedFor] = useState<number | null>(null);
  const newest = notices[notices.length - 1];
  const earlier = notices.slice(0, -1);
  // Unfolded for the newest message only: a new message folds the earlier ones again.
  const expanded = newest !== undefined && expandedFor === newest.id && earlier.length > 0;
  const setExpanded = (toggle: (v: boolean) => boolean) => setExpandedFor(toggle(expanded) && newest ? newest.id : null);
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {expanded && earlier.map((notice) => <NoticeItem key={notice.id} notice={notice} />)}
      {newest && <NoticeItem key={newest.id} notice={newest} />}
      {earlier.length > 0 && (
        <button type="button" className="link-button notice-more" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
          {expanded ? 'Fold earlier messages' : `${earlier.length} earlier message${earlier.length === 1 ? '' : 's'}`}
        </button>
      )}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useNotices((s) => s.dismiss);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    // A message being read (pointer over it, or focus in it) stays until it is left.
    if (held) return;
    const timer = window.setTimeout(() => dismiss(notice.id), NOTICE_TIMEOUT_MS[notice.kind]);
    return () => window.clearTimeout(timer);
  }, [notice.kind, notice.id, dismiss, held]);
  return (
    <div
      className={`notice notice-${notice.kind}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span>{notice.text}</span>
      <button type="button" className="link-button" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
