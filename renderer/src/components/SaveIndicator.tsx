import type { SaveState } from '../hooks/useAutosave';

/** Says truthfully whether the last edit is stored: only an acknowledged save reads "Saved". */
export function SaveIndicator({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saved'
      ? `Saved ${state.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
      : state.kind === 'saving'
        ? 'Saving…'
        : state.kind === 'pending'
          ? 'Unsaved changes…'
          : state.kind === 'error'
            ? `Not saved — ${state.message}`
            : 'All changes are saved automatically';
  return (
    <span className={`save-indicator save-${state.kind}`} role="status" aria-live="polite" data-testid="save-state">
      {text}
    </span>
  );
}
