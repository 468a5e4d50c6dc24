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
});
export type Audit = z.infer<typeof Audit>;

export const auditsContract = {
  'audits.create': defineMethod({
    summary: 'Create a new audit in planning status.',
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
  'audits.get': defineMethod({
    summary: 'One audit by its id.',
    input: z.strictObject({ id: Id }),
    output: Audit,
  }),
};
