import { useEffect, useState } from 'react';
import { guidanceFor, type Guidance } from '../../../../shared/api/training';
import { formatDate } from '../../../../shared/time';
import { calibrationSessions } from '../improvement/TrainingGuidanceCache';

// The interpretation of a control agreed in calibration sessions, shown as guidance on its checklist
// item: only sessions held on or before the day the item was checked (today, while it is not).

export function CalibrationGuidance({ controlId, checkedAt }: { controlId: string | null; checkedAt: string | null }) {
  const [guidance, setGuidance] = useState<Guidance[]>([]);
  useEffect(() => {
    if (!controlId) return;
    let live = true;
    calibrationSessions().then(
      (sessions) => live && setGuidance(guidanceFor(sessions, controlId, checkedAt ?? new Date().toISOString())),
      () => live && setGuidance([]),
    );
    return () => {
      live = false;
    };
  }, [controlId, checkedAt]);
  const latest = guidance[0];
  if (!controlId || !latest) return null;
  return (
    <p className="checklist-note" data-testid="calibration-guidance">
      <strong>Guidance</strong> (calibration of {formatDate(latest.heldOn)}): {latest.interpretation}
      {guidance.length > 1 && <span className="muted"> · {guidance.length - 1} earlier reading(s) superseded</span>}
    </p>
  );
}
