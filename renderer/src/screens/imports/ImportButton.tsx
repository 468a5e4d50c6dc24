import { useEffect, useRef } from 'react';
import { useSession } from '../../stores/session';
import { useImportQueue } from './importQueue';

// The Import action of a release: a button (and, with `shortcut`, the key I anywhere on the release
// outside a field, the checklist and the war room) that picks one or more files to import.

export function ImportButton({ auditId, releaseId, shortcut = false, className = 'primary', label = 'Import…' }: { auditId: string; releaseId: string; shortcut?: boolean; className?: string; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const setView = useSession((s) => s.setReleaseView);

  useEffect(() => {
    if (!shortcut) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 'i') return;
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, dialog, [contenteditable="true"], .warroom, .checklist')) return;
      event.preventDefault();
      setView('imports');
      input.current?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcut, setView]);

  return (
    <>
      <button type="button" className={className} aria-keyshortcuts={shortcut ? 'I' : undefined} onClick={() => input.current?.click()}>
        {label}
        {shortcut && <kbd aria-hidden="true">I</kbd>}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to import into this release"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          setView('imports');
          useImportQueue.getState().add(files, { auditId, releaseId });
        }}
      />
    </>
  );
}
