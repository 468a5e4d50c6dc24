import { create } from 'zustand';
import { auditsEntry } from '../screens/audits/entry';
import { evidenceEntry } from '../screens/evidence/entry';
import { fieldworkEntry } from '../screens/fieldwork/entry';
import { findingsEntry } from '../screens/findings/entry';
import { improvementEntry } from '../screens/improvement/entry';
import { libraryEntry } from '../screens/library/entry';
import { planEntry } from '../screens/plan/entry';
import { reportsEntry } from '../screens/reports/entry';
import { syncEntry } from '../screens/sync/entry';

// Which area is open and which theme is chosen. The area lives in the URL hash so a reload keeps it.

/** The areas in navigation order: each declares itself in its `screens/<area>/entry.ts`. */
export const areas = [auditsEntry, planEntry, libraryEntry, fieldworkEntry, evidenceEntry, findingsEntry, reportsEntry, syncEntry, improvementEntry] as const;

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
  /** Opens an area afresh, even the one open (a search result: the screen reads its chosen record again). */
  open: (area: AreaId) => void;
  visit: number;
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
  visit: 0,
  open: (area) => {
    if (window.location.hash !== `#/${area}`) window.location.hash = `/${area}`;
    set((s) => ({ area, visit: s.visit + 1 }));
  },
  setTheme: (theme) => {
    window.localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  syncFromHash: () => set({ area: areaFromHash() }),
}));
