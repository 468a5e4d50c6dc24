import { create } from 'zustand';

// The audit being worked on, kept across reloads so a crash or restart returns to it.

const KEY = 'release-audit.current-audit';

const RELEASE_KEY = 'release-audit.release';
const VIEW_KEY = 'release-audit.release-view';
const PANE_KEY = 'release-audit.fieldwork-pane';

/** The tabs of a release, as the release view names them. */
export const releaseViewIds = ['details', 'checklist', 'warroom', 'emergency', 'imports', 'tests', 'versions', 'log-anomalies', 'vulnerabilities', 'config', 'components'] as const;
export type ReleaseViewId = (typeof releaseViewIds)[number];
export type FieldworkPane = 'releases' | 'interviews';

interface SessionState {
  auditId: string | null;
  chooseAudit: (auditId: string | null) => void;
  /** The release open in Fieldwork, with its name for the header every screen shows. */
  releaseId: string | null;
  releaseName: string | null;
  chooseRelease: (releaseId: string | null, releaseName?: string | null) => void;
  releaseView: ReleaseViewId;
  setReleaseView: (view: ReleaseViewId) => void;
  pane: FieldworkPane;
  setPane: (pane: FieldworkPane) => void;
  /** Bumped by the war-room shortcut, so the war room takes the keyboard even when already open. */
  warRoomRequest: number;
  requestWarRoom: () => void;
}

const storedView = (): ReleaseViewId => {
  const value = window.sessionStorage.getItem(VIEW_KEY);
  return (releaseViewIds as readonly string[]).includes(value ?? '') ? (value as ReleaseViewId) : 'details';
};

export const useSession = create<SessionState>((set) => ({
  auditId: window.localStorage.getItem(KEY),
  chooseAudit: (auditId) => {
    if (auditId) window.localStorage.setItem(KEY, auditId);
    else window.localStorage.removeItem(KEY);
    set({ auditId });
  },
  releaseId: window.sessionStorage.getItem(RELEASE_KEY),
  releaseName: null,
  chooseRelease: (releaseId, releaseName = null) => {
    if (releaseId) window.sessionStorage.setItem(RELEASE_KEY, releaseId);
    else window.sessionStorage.removeItem(RELEASE_KEY);
    set({ releaseId, releaseName });
  },
  releaseView: storedView(),
  setReleaseView: (releaseView) => {
    window.sessionStorage.setItem(VIEW_KEY, releaseView);
    set({ releaseView });
  },
  pane: window.sessionStorage.getItem(PANE_KEY) === 'interviews' ? 'interviews' : 'releases',
  setPane: (pane) => {
    window.sessionStorage.setItem(PANE_KEY, pane);
    set({ pane });
  },
  warRoomRequest: 0,
  requestWarRoom: () => {
    window.sessionStorage.setItem(VIEW_KEY, 'warroom');
    window.sessionStorage.setItem(PANE_KEY, 'releases');
    set((s) => ({ releaseView: 'warroom', pane: 'releases', warRoomRequest: s.warRoomRequest + 1 }));
  },
}));
