import { create } from 'zustand';

// The audit being worked on, kept across reloads so a crash or restart returns to it.

const KEY = 'release-audit.current-audit';

interface SessionState {
  auditId: string | null;
  chooseAudit: (auditId: string | null) => void;
}

export const useSession = create<SessionState>((set) => ({
  auditId: window.localStorage.getItem(KEY),
  chooseAudit: (auditId) => {
    if (auditId) window.localStorage.setItem(KEY, auditId);
    else window.localStorage.removeItem(KEY);
    set({ auditId });
  },
}));
