import { ZodError } from 'zod';
import { contract } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import { interviewHandlers } from '../interviews/handlers';
import { planHandlers } from '../plans/handlers';
import { releaseHandlers } from '../releases/handlers';
import { recordKind } from '../registry/registry';
import type { Core } from '../services';

// "Keep both" for two lists edited on two laptops at once (a plan's success criteria, an interview's
// follow-ups, a release's services): the current list, then every item of the other list it does not
// hold. The result is saved through the record's own service, so it is checked like any edit.

/** The handlers of the domains whose records keep two lists (sync sits above them, so it may call them). */
export function combiningHandlers(core: Core) {
  return { ...planHandlers(core), ...interviewHandlers(core), ...releaseHandlers(core) };
}

/** Checks the list as the API checks an edit (sizes, kinds, text), then saves it through the method the kind's descriptor names. */
function save(core: Core, entity: string, id: string, field: string, value: unknown[]): void {
  const combine = recordKind(entity)?.combine;
  if (!combine) throw new AppError('CONFLICT', 'Only two lists can be kept together.');
  const handler = combiningHandlers(core)[combine.method as keyof ReturnType<typeof combiningHandlers>] as ((input: unknown) => unknown) | undefined;
  if (!handler) throw new AppError('INTERNAL', `No domain here saves ${combine.method}, which the ${entity} records name for keeping two lists.`);
  handler(contract[combine.method].input.parse({ [combine.idKey]: id, [field]: value }));
}

/** Two lists of a record that can be saved this way, when the other list adds something to the current one. */
export function canCombine(entity: string, field: string, current: unknown, other: unknown): boolean {
  if (!recordKind(entity)?.combine || !Array.isArray(current) || !Array.isArray(other)) return false;
  return canonicalJson(combineLists(entity, field, current, other)) !== canonicalJson(current);
}

interface Question {
  text: string;
  answer: string;
}

const isQuestion = (value: unknown): value is Question =>
  value !== null && typeof value === 'object' && typeof (value as Question).text === 'string' && typeof (value as Question).answer === 'string';

/**
 * What makes two items of a list the same item, edited or not: its id or key where it has one, else
 * its text (a follow-up, an undocumented step, a criterion), else the whole item.
 */
function identity(item: unknown): string {
  if (item !== null && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const key of ['id', 'key', 'text', 'description'] as const) if (typeof o[key] === 'string' && o[key] !== '') return `${key}:${o[key] as string}`;
  }
  return `=${canonicalJson(item)}`;
}

/**
 * Both lists in one, current first: every item of the other list that the current one does not
 * hold is added; where both hold the same item (same id, key or text) in two versions, the current
 * version stays. Questions with answers (an interview's) merge by question, keeping both answers.
 */
export function combineLists(_entity: string, _field: string, current: unknown[], other: unknown[]): unknown[] {
  if (current.length + other.length > 0 && current.every(isQuestion) && other.every(isQuestion)) {
    const merged = current.map((q) => ({ ...q }));
    for (const q of other) {
      const same = merged.find((m) => m.text === q.text);
      const answer = q.answer.trim();
      if (!same) merged.push({ ...q });
      else if (answer && !same.answer.split(/\n\s*\n/).some((part) => part.trim() === answer)) same.answer = same.answer.trim() ? `${same.answer.trim()}\n\n${answer}` : answer;
    }
    return merged;
  }
  const held = new Set(current.map(identity));
  return [...current, ...other.filter((item) => !held.has(identity(item)))];
}

/** Saves the combined list (inside the caller's transaction, as a savepoint of it). */
export function saveCombined(core: Core, entity: string, id: string, field: string, value: unknown[]): void {
  try {
    save(core, entity, id, field, value);
  } catch (error) {
    if (error instanceof ZodError) {
      throw new AppError('VALIDATION', `The two lists together are not a valid ${field}: ${error.issues[0]?.message ?? 'refused'}. Keep one, then add what is missing by hand.`);
    }
    throw error;
  }
}
