import type { CalibrationSession } from '../../../../shared/api/training';
import { api } from '../../api/client';

// The calibration sessions, loaded once for every checklist item that shows guidance (a checklist
// has dozens), and loaded again after a session is saved here or when the copy is a minute old.

let cached: { at: number; sessions: Promise<CalibrationSession[]> } | null = null;

export function calibrationSessions(): Promise<CalibrationSession[]> {
  if (!cached || Date.now() - cached.at > 60_000) {
    const sessions = api['training.sessions']({});
    cached = { at: Date.now(), sessions };
    sessions.catch(() => (cached = null));
  }
  return cached.sessions;
}

export function forgetCalibrationSessions(): void {
  cached = null;
}
