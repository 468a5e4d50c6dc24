import { z } from 'zod';
import { releaseStages } from '../enums';
import { defineMethod } from './define';

export const frameworkIds = ['itil4', 'cobit2019', 'iso20000', 'soxitgc'] as const;
export type FrameworkId = (typeof frameworkIds)[number];

export const Control = z.strictObject({
  id: z.string().regex(/^RA-[A-Z]+-\d\d$/, 'must look like RA-RFC-01'),
  title: z.string().min(1),
  stage: z.enum(releaseStages),
  objective: z.string().min(1),
  testProcedure: z.string().min(1),
  evidenceExpected: z.array(z.string().min(1)).min(1),
  automation: z.enum(['automated', 'manual', 'hybrid']),
  risk: z.enum(['high', 'medium', 'low']),
  mappings: z.strictObject({
    itil4: z.array(z.string()).min(1),
    cobit2019: z.array(z.string()).min(1),
    iso20000: z.array(z.string()).min(1),
    soxitgc: z.array(z.string()).min(1),
  }),
});
export type Control = z.infer<typeof Control>;

export const ControlLibrary = z.strictObject({
  library: z.string(),
  version: z.string(),
  stages: z.array(z.strictObject({ id: z.enum(releaseStages), title: z.string() })),
  controls: z.array(Control),
});
export type ControlLibrary = z.infer<typeof ControlLibrary>;

export const FrameworkRequirement = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  releaseRelevant: z.boolean(),
  summary: z.string(),
});

export const Framework = z.strictObject({
  framework: z.enum(frameworkIds),
  title: z.string(),
  edition: z.string(),
  source: z.string(),
  note: z.string().optional(),
  requirements: z.array(FrameworkRequirement),
});
export type Framework = z.infer<typeof Framework>;

export const Coverage = z.object({
  framework: z.enum(frameworkIds),
  title: z.string(),
  templateVersionId: z.string(),
  rows: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      controls: z.array(z.object({ id: z.string(), title: z.string() })),
    }),
  ),
  covered: z.number().int(),
  gaps: z.number().int(),
});
export type Coverage = z.infer<typeof Coverage>;

export const libraryContract = {
  'library.controls': defineMethod({
    summary: 'The shipped control library: every release-audit control with its framework mappings.',
    input: z.strictObject({}).default({}),
    output: ControlLibrary,
  }),
  'library.frameworks': defineMethod({
    summary: 'ITIL 4, COBIT 2019, ISO/IEC 20000-1:2018 and SOX ITGC: their valid identifiers and titles.',
    input: z.strictObject({}).default({}),
    output: z.array(Framework),
  }),
  'library.coverage': defineMethod({
    summary: "A framework's release-relevant requirements, the template controls covering each, and the gaps.",
    input: z.strictObject({ framework: z.enum(frameworkIds), templateVersionId: z.uuid({ message: 'must be a template version id' }) }),
    output: Coverage,
  }),
};
