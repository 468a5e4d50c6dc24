import { create } from 'zustand';
import type { ControlLibrary, Framework } from '../../../shared/api/library';
import { api } from '../api/client';

// The shipped control library and framework catalogues: read once per session, they never change.

interface LibraryState {
  controls: ControlLibrary | null;
  frameworks: Framework[];
  error: string | null;
  load: () => Promise<void>;
}

export const useLibrary = create<LibraryState>((set, get) => ({
  controls: null,
  frameworks: [],
  error: null,
  load: async () => {
    if (get().controls) return;
    try {
      const [controls, frameworks] = await Promise.all([api['library.controls']({}), api['library.frameworks']({})]);
      set({ controls, frameworks, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

export const frameworkShortNames: Record<string, string> = { itil4: 'ITIL 4', cobit2019: 'COBIT 2019', iso20000: 'ISO/IEC 20000-1', soxitgc: 'SOX ITGC (COSO 2013 + app catalogue ITGC-CM)' };
