import type { PlanFields } from '../../../../shared/api/plans';

/** What every plan section receives: the plan as edited, and a way to change part of it. */
export interface SectionProps {
  plan: PlanFields;
  update: (patch: Partial<PlanFields>) => void;
}

export function newKey(): string {
  return crypto.randomUUID();
}
