import { z } from 'zod';
import { severities } from '../enums';
import { CalendarDate, ControlId, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';

// Training needs shown by findings (per role), the training plan they make, and calibration sessions
// between auditors and release teams whose agreed interpretation of a control guides later checks.

export const trainingRoles = ['release-engineer', 'change-manager', 'cab-member', 'developer', 'operations', 'other'] as const;
export type TrainingRole = (typeof trainingRoles)[number];
export const trainingRoleLabels: Record<TrainingRole, string> = {
  'release-engineer': 'Release engineer',
  'change-manager': 'Change manager',
  'cab-member': 'CAB member',
  developer: 'Developer',
  operations: 'Operations',
  other: 'Other',
};
export const trainingStatuses = ['planned', 'scheduled', 'delivered'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

const Role = z.enum(trainingRoles, { message: `Role must be one of ${trainingRoles.join(', ')}` });

export const TrainingNeedFields = z.strictObject({
  note: text('Training note', 4000).default(''),
  status: z.enum(trainingStatuses, { message: 'Status must be planned, scheduled or delivered' }).default('planned'),
  plannedOn: CalendarDate.nullable().default(null),
});
export type TrainingNeedFields = z.infer<typeof TrainingNeedFields>;

export const TrainingNeed = TrainingNeedFields.extend({ id: Id, auditId: Id, findingId: Id, role: Role, createdAt: UtcTimestamp, updatedAt: UtcTimestamp });
export type TrainingNeed = z.infer<typeof TrainingNeed>;

export const PlannedNeed = TrainingNeed.extend({ findingTitle: z.string(), findingSeverity: z.enum(severities), controlId: z.string().nullable() });
export type PlannedNeed = z.infer<typeof PlannedNeed>;

export const TrainingPlan = z.strictObject({
  /** Every role with at least one need, in the order of trainingRoles. */
  roles: z.array(z.strictObject({ role: Role, needs: z.array(PlannedNeed) })),
});
export type TrainingPlan = z.infer<typeof TrainingPlan>;

export const Interpretation = z.strictObject({ controlId: ControlId, interpretation: requiredText('Agreed interpretation', 4000) });

export const CalibrationFields = z.strictObject({
  heldOn: CalendarDate,
  auditors: z.array(requiredText('Auditor', 200)).max(50, 'At most 50 auditors').default([]),
  releaseTeam: z.array(requiredText('Release team member', 200)).max(100, 'At most 100 release team members').default([]),
  interpretations: z
    .array(Interpretation)
    .max(200, 'At most 200 controls per session')
    .default([])
    .refine((list) => new Set(list.map((i) => i.controlId)).size === list.length, 'Each control has one agreed interpretation per session'),
  notes: text('Notes', 20000).default(''),
});
export type CalibrationFields = z.infer<typeof CalibrationFields>;

export const CalibrationSession = CalibrationFields.extend({ id: Id, controlIds: z.array(ControlId), createdAt: UtcTimestamp, updatedAt: UtcTimestamp });
export type CalibrationSession = z.infer<typeof CalibrationSession>;

export const Guidance = z.strictObject({ sessionId: Id, heldOn: CalendarDate, controlId: ControlId, interpretation: z.string(), auditors: z.array(z.string()), releaseTeam: z.array(z.string()) });
export type Guidance = z.infer<typeof Guidance>;

/**
 * The agreed interpretations of a control that apply on a day, newest session first: a session's
 * interpretation applies from its own date on, never to a check made before it was agreed.
 */
export function guidanceFor(sessions: readonly CalibrationSession[], controlId: string, on: string): Guidance[] {
  const day = on.slice(0, 10);
  return sessions
    .filter((session) => session.heldOn <= day)
    .flatMap((session) =>
      session.interpretations
        .filter((i) => i.controlId === controlId)
        .map((i) => ({ sessionId: session.id, heldOn: session.heldOn, controlId, interpretation: i.interpretation, auditors: session.auditors, releaseTeam: session.releaseTeam })),
    )
    .sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.sessionId.localeCompare(a.sessionId));
}

export const trainingContract = {
  'training.tagNeed': defineMethod({
    summary: 'Tag a finding with a training need for a role (tagging the same role again saves its note).',
    input: z.strictObject({ findingId: Id, role: Role, note: text('Training note', 4000).default('') }),
    output: TrainingNeed,
  }),
  'training.saveNeed': defineMethod({
    summary: "Save a training need's note, status or date.",
    input: updatesOf(TrainingNeedFields).extend({ id: Id }),
    output: TrainingNeed,
  }),
  'training.removeNeed': defineMethod({
    summary: 'Remove a training need from its finding.',
    input: z.strictObject({ id: Id }),
    output: z.strictObject({ removed: z.literal(true) }),
  }),
  'training.needsOfFinding': defineMethod({
    summary: 'The training needs a finding is tagged with.',
    input: z.strictObject({ findingId: Id }),
    output: z.array(TrainingNeed),
  }),
  'training.plan': defineMethod({
    summary: "An audit's training plan: its findings' training needs per role, with status and date.",
    input: z.strictObject({ auditId: Id }),
    output: TrainingPlan,
  }),
  'training.createSession': defineMethod({
    summary: 'Record a calibration session between auditors and a release team.',
    input: CalibrationFields.partial().extend({ heldOn: CalendarDate }),
    output: CalibrationSession,
  }),
  'training.saveSession': defineMethod({
    summary: 'Save any fields of a calibration session.',
    input: updatesOf(CalibrationFields).extend({ id: Id }),
    output: CalibrationSession,
  }),
  'training.sessions': defineMethod({
    summary: 'Every calibration session, newest first.',
    input: z.strictObject({}),
    output: z.array(CalibrationSession),
  }),
  'training.guidance': defineMethod({
    summary: 'The agreed interpretations of a control that apply on a day (today when none is given).',
    input: z.strictObject({ controlId: ControlId, on: CalendarDate.nullable().default(null) }),
    output: z.array(Guidance),
  }),
};
