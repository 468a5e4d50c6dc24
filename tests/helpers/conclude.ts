import { savePlan } from '../../electron/plans/service';
import type { Core } from '../../electron/services';

/** Writes an audit's overall conclusion, which finalising requires. */
export function conclude(core: Core, auditId: string): void {
  savePlan(core, { auditId, conclusionRating: 'satisfactory', conclusionText: 'The releases in scope followed change management.' });
}
