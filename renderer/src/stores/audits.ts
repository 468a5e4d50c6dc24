import { create } from 'zustand';
import type { Audit } from '../../../shared/api/audits';
import { api } from '../api/client';

// The audits list, kept in step with the database after every change.

type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface AuditsState {
  audits: Audit[];
  state: LoadState;
  error: string | null;
  load: () => Promise<void>;
  create: (input: { name: string; description: string }) => Promise<Audit>;
  /** Work was recorded: an audit still in planning has moved to fieldwork, so every header shows it. */
  workRecorded: (auditId: string) => void;
}

export const useAudits = create<AuditsState>((set, get) => ({
  audits: [],
  state: 'idle',
  error: null,
  load: async () => {
    set((s) => ({ state: s.audits.length > 0 ? s.state : 'loading', error: null }));
    try {
      set({ audits: await api['audits.list']({}), state: 'ready' });
    } catch (error) {
      set({ state: 'error', error: (error as Error).message });
    }
  },
  create: async (input) => {
    const audit = await api['audits.create'](input);
    set((s) => ({ audits: [audit, ...s.audits.filter((a) => a.id !== audit.id)], state: 'ready' }));
    return audit;
  },
  workRecorded: (auditId) => {
    if (get().audits.find((a) => a.id === auditId)?.status === 'planning') void get().load();
  },
}));
