import { create } from 'zustand';
import type { SyncConflict, SyncStatus } from '../../../shared/api/sync';
import { api } from '../api/client';

// What the Sync screen's panels share: this laptop's status (peers, keys, imports) and the conflicts
// list. Any panel that changes something (an import, a decision, a revoked key) refreshes both.

interface SyncState {
  status: SyncStatus | null;
  statusError: string | null;
  conflicts: SyncConflict[] | null;
  conflictsError: string | null;
  /** Which audit's conflicts are listed; null lists every audit's. */
  conflictAudit: string | null;
  loadStatus: () => Promise<void>;
  loadConflicts: () => Promise<void>;
  setConflictAudit: (auditId: string | null) => void;
  refresh: () => Promise<void>;
}

let conflictsRequest = 0;

export const useSync = create<SyncState>((set, get) => ({
  status: null,
  statusError: null,
  conflicts: null,
  conflictsError: null,
  conflictAudit: null,
  loadStatus: async () => {
    try {
      set({ status: await api['sync.status']({}), statusError: null });
    } catch (error) {
      set({ statusError: (error as Error).message });
    }
  },
  loadConflicts: async () => {
    // A later request (another filter) wins over an earlier one still on its way.
    const request = ++conflictsRequest;
    const auditId = get().conflictAudit;
    try {
      const conflicts = await api['sync.conflicts'](auditId ? { auditId } : {});
      if (request === conflictsRequest) set({ conflicts, conflictsError: null });
    } catch (error) {
      if (request === conflictsRequest) set({ conflictsError: (error as Error).message });
    }
  },
  setConflictAudit: (conflictAudit) => {
    set({ conflictAudit, conflicts: null });
    void get().loadConflicts();
  },
  refresh: async () => {
    await Promise.all([get().loadStatus(), get().loadConflicts()]);
  },
}));
