import type { ReleaseViewId } from '../../stores/session';
import { useDroppedConfig } from './releaseDrop';
import './drop-notice.css';

// The one-line notice about configuration files dropped on the release: being compared, compared
// (with the way to the Parity & drift tab), or why they could not be paired. The live region is
// always there so a screen reader says each new line.

export function DroppedConfigNotice({ releaseId, view, setView }: { releaseId: string; view: ReleaseViewId; setView: (view: ReleaseViewId) => void }) {
  const notice = useDroppedConfig((s) => s.notices[releaseId]);
  const dismiss = useDroppedConfig((s) => s.dismiss);
  return (
    <div className={notice ? `drop-notice ${notice.tone}` : 'drop-notice'} data-testid="config-drop-notice">
      <p role="status" aria-live="polite">
        {notice?.message ?? ''}
      </p>
      {notice && notice.tone !== 'working' && (
        <>
          {notice.compared && view !== 'config' && (
            <button type="button" onClick={() => setView('config')}>
              Open Parity &amp; drift
            </button>
          )}
          <button type="button" aria-label="Dismiss the configuration notice" onClick={() => dismiss(releaseId)}>
            Dismiss
          </button>
        </>
      )}
    </div>
  );
}
