import { create } from 'zustand';

// Which area is open and which theme is chosen. The area lives in the URL hash so a reload keeps it.

export const areas = [
  { id: 'audits', label: 'Audits', description: 'Every audit on this laptop, and a new one.' },
  { id: 'plan', label: 'Plan', description: 'Scope, boundaries, regulatory drivers, success criteria and escalation thresholds.' },
  { id: 'library', label: 'Library', description: 'Release controls mapped to ITIL 4, COBIT 2019, ISO/IEC 20000-1 and SOX ITGC, and checklist templates.' },
  { id: 'fieldwork', label: 'Fieldwork', description: 'Releases, checklist execution, interviews and the war-room log.' },
  { id: 'evidence', label: 'Evidence', description: 'Files, screenshots and log excerpts stored by SHA-256, with their custody log.' },
  { id: 'findings', label: 'Findings', description: 'Findings by severity, owners, due dates and repeat findings.' },
  { id: 'reports', label: 'Reports', description: 'Full and executive PDF reports, redacted per audience and signed.' },
  { id: 'sync', label: 'Sync', description: 'Signed bundles exchanged with other laptops.' },
] as const;

export type AreaId = (typeof areas)[number]['id'];
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'release-audit.theme';

function areaFromHash(): AreaId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return areas.some((a) => a.id === id) ? (id as AreaId) : 'audits';
}

function storedTheme(): ThemeChoice {
  const value = window.localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

interface UiState {
  area: AreaId;
  theme: ThemeChoice;
  /** Whether the new-audit form is open; the shortcut opens it from any area. */
  creatingAudit: boolean;
  setCreatingAudit: (open: boolean) => void;
  requestNewAudit: () => void;
  go: (area: AreaId) => void;
  setTheme: (theme: ThemeChoice) => void;
  syncFromHash: () => void;
}

export const useUi = create<UiState>((set) => ({
  area: areaFromHash(),
  theme: storedTheme(),
  creatingAudit: false,
  setCreatingAudit: (creatingAudit) => set({ creatingAudit }),
  requestNewAudit: () => {
    if (window.location.hash !== '#/audits') window.location.hash = '/audits';
    set({ area: 'audits', creatingAudit: true });
  },
  go: (area) => {
    if (window.location.hash !== `#/${area}`) window.location.hash = `/${area}`;
    set({ area });
  },
  setTheme: (theme) => {
    window.localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  syncFromHash: () => set({ area: areaFromHash() }),
}));
