import { useEffect } from 'react';
import { create } from 'zustand';

// Short confirmations ("Audit created") and errors in plain words, announced to screen readers.

interface Notice {
  id: number;
  kind: 'success' | 'error';
  text: string;
}

interface NoticeState {
  notices: Notice[];
  push: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  push: (kind, text) => set((s) => ({ notices: [...s.notices.slice(-3), { id: nextId++, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export function Notices() {
  const notices = useNotices((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useNotices((s) => s.dismiss);
  const onDismiss = () => dismiss(notice.id);
  useEffect(() => {
    if (notice.kind === 'error') return;
    const timer = window.setTimeout(() => dismiss(notice.id), 4000);
    return () => window.clearTimeout(timer);
  }, [notice.kind, notice.id, dismiss]);
  return (
    <div className={`notice notice-${notice.kind}`}>
      <span>{notice.text}</span>
      <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
