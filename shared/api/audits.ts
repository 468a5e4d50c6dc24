import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { auditStatuses } from '../enums';

export const Audit = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  status: z.enum(auditStatuses),
  createdAt: UtcTimestamp,
  createdBy: z.string(),
  updatedAt: UtcTimestamp,
  /** The checklist template version this audit is pinned to, kept when the template moves on. */
  pinnedTemplate: z
    .object({ versionId: Id, templateId: Id, name: z.string(), version: z.number().int() })
    .nullable(),
  /** How many escalation thresholds of the plan are breached now. */
  breaches: z.number().int().nonnegative(),
  finalisedAt: UtcTimestamp.nullable(),
});
export type Audit = z.infer<typeof Audit>;

export const Amendment = z.object({ id: Id, auditId: Id, author: z.string(), at: UtcTimestamp, reason: z.string(), text: z.string() });
export type Amendment = z.infer<typeof Amendment>;

export type AuditStatus = (typeof auditStatuses)[number];

const ItemRef = z.object({ release: z.string(), itemKey: z.string(), title: z.string() });
/** What is still incomplete in an audit: shown to the auditor before finalising it. */
export const AuditIncomplete = z.object({
  auditId: Id,
  status: z.enum(auditStatuses),
  noRelease: z.boolean(),
  noChecklist: z.boolean(),
  /** No overall conclusion (rating and paragraph) is written yet: it stops finalising. */
  noConclusion: z.boolean(),
  itemsWithoutResult: z.array(ItemRef),
  failedWithoutFinding: z.array(ItemRef),
  findingsNotClosed: z.array(z.object({ title: z.string(), status: z.string() })),
  draftFindings: z.array(z.object({ title: z.string() })),
});
export type AuditIncomplete = z.infer<typeof AuditIncomplete>;

export const auditsContract = {
  'audits.incomplete': defineMethod({
    summary: 'What is still incomplete in an audit (items without a result, failed items without a finding, open findings, drafts); reads only.',
    input: z.strictObject({ id: Id }),
    output: AuditIncomplete,
  }),
  'audits.moveStatus': defineMethod({
    summary: 'Move an audit on: planning, fieldwork or reporting (finalising is audits.finalise).',
    input: z.strictObject({ id: Id, to: z.enum(['planning', 'fieldwork', 'reporting'], { message: 'Status must be planning, fieldwork or reporting' }) }),
    output: Audit,
  }),
  'audits.finalise': defineMethod({
    summary: 'Finalise an audit: from then on none of its records can change; corrections become amendments.',
    input: z.strictObject({ id: Id }),
    output: Audit,
  }),
  'audits.amend': defineMethod({
    summary: 'Add an amendment to a finalised audit: who, when and why.',
    input: z.strictObject({ auditId: Id, reason: requiredText('Reason', 2000), text: requiredText('Amendment', 20000) }),
    output: Amendment,
  }),
  'audits.amendments': defineMethod({
    summary: "An audit's amendments, oldest first.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(Amendment),
  }),
  'audits.create': defineMethod({
    summary: 'Create a new audit in planning status.',
    startsDataFolder: true,
    input: z.strictObject({
      name: requiredText('Audit name', 200),
      description: text('Description', 5000).default(''),
    }),
    output: Audit,
  }),
  'audits.list': defineMethod({
    summary: 'List every audit, newest first.',
    input: z.strictObject({}).default({}),
    output: z.array(Audit),
  }),
  'audits.pinTemplate': defineMethod({
    summary: 'Pin the audit to one published version of a checklist template.',
    input: z.strictObject({ auditId: Id, templateVersionId: Id }),
    output: Audit,
  }),
  'audits.get': defineMethod({
    summary: 'One audit by its id.',
    input: z.strictObject({ id: Id }),
    output: Audit,
  }),
};
