import type { JudgementStatus, MaturityModelContent, MaturityPractice } from '../../shared/api/maturity';

// The level rule: a practice is at the highest level whose criteria, and those of every level below
// it, are all met. The floor (COBIT's 0, ITIL's 1) has no criteria, so nothing met leaves the
// practice at the floor. A criterion not assessed counts as not met.

export function practiceLevel(floor: number, practice: Pick<MaturityPractice, 'levels'>, statusOf: (criterionId: string) => JudgementStatus): number {
  let level = floor;
  for (const entry of [...practice.levels].sort((a, b) => a.level - b.level)) {
    if (!entry.criteria.every((criterion) => statusOf(criterion.id) === 'met')) break;
    level = entry.level;
  }
  return level;
}

/** The level of every practice of a model, by practice id. */
export function modelLevels(model: Pick<MaturityModelContent, 'floor' | 'practices'>, statusOf: (criterionId: string) => JudgementStatus): Record<string, number> {
  return Object.fromEntries(model.practices.map((practice) => [practice.id, practiceLevel(model.floor, practice, statusOf)]));
}
