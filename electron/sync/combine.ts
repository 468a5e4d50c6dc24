import { ZodError } from 'zod';
import { contract } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import { saveInterview } from '../interviews/service';
import { savePlan } from '../plans/service';
import { updateRelease } from '../releases/service';
import type { Core } from '../services';

// "Keep both" for two lists edited on two laptops at once (a plan's success criteria, an interview's
// follow-ups, a release's services): the current list, then every item of the other list it does not
// hold. The result is saved through the record's own service, so it is checked like any edit.

type Saver = (core: Core, id: string, field: string, value: unknown[]) => void;

// Each list is checked as the API checks an edit (sizes, kinds, text), then saved by its service.
const savers: Record<string, Saver> = {
  audit_plans: (core, id, field, value) => void savePlan(core, contract['plans.save'].input.parse({ auditId: id, [field]: value })),
  interviews: (core, id, field, value) => void saveInterview(core, contract['interviews.save'].input.parse({ id, [field]: value })),
  releases: (core, id, field, value) => void updateRelease(core, contract['releases.update'].input.parse({ id, [field]: value })),
};

export function canCombine(entity: string, current: unknown, other: unknown): boolean {
  return Object.hasOwn(savers, entity) && Array.isArray(current) && Array.isArray(other);
}

interface Question {
  text: string;
  answer: string;
}

const isQuestion = (value: unknown): value is Question =>
  value !== null && typeof value === 'object' && typeof (value as Question).text === 'string' && typeof (value as Question).answer === 'string';

/** Both lists in one, current first. Interview questions merge by question, keeping both answers. */
export function combineLists(entity: string, field: string, current: unknown[], other: unknown[]): unknown[] {
  if (entity === 'interviews' && field === 'questions' && current.every(isQuestion) && other.every(isQuestion)) {
    const merged = current.map((q) => ({ ...q }));
    for (const q of other) {
      const same = merged.find((m) => m.text === q.text);
      if (!same) merged.push({ ...q });
      else if (q.answer.trim() && !same.answer.includes(q.answer.trim())) same.answer = same.answer.trim() ? `${same.answer.trim()}\n\n${q.answer.trim()}` : q.answer;
    }
    return merged;
  }
  const held = new Set(current.map((item) => canonicalJson(item)));
  return [...current, ...other.filter((item) => !held.has(canonicalJson(item)))];
}

/** Saves the combined list (inside the caller's transaction, as a savepoint of it). */
export function saveCombined(core: Core, entity: string, id: string, field: string, value: unknown[]): void {
  const save = savers[entity];
  if (!save) throw new AppError('CONFLICT', 'Only two lists can be kept together.');
  try {
    save(core, id, field, value);
  } catch (error) {
    if (error instanceof ZodError) {
      throw new AppError('VALIDATION', `The two lists together are not a valid ${field}: ${error.issues[0]?.message ?? 'refused'}. Keep one, then add what is missing by hand.`);
    }
    throw error;
  }
}
