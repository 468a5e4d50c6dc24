import type { ReactNode } from 'react';

/** A Sync panel with nothing in it yet: what is missing, and when it will appear. */
export function EmptyLine({ title, children }: { title: string; children: ReactNode }) {
  return (
    <p className="empty-line">
      <strong>{title}</strong> <span className="muted">{children}</span>
    </p>
  );
}
