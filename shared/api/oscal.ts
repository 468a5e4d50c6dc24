import { z } from 'zod';
import { ControlId, Id, UtcTimestamp } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';

// OSCAL out (an audit's assessment results or plan) and frameworks in (an OSCAL catalog the control
// library can map to, with its coverage on a template).

export const oscalModels = ['results', 'plan'] as const;
export const oscalFormats = ['json', 'yaml'] as const;

const ExportRequest = z.strictObject({
  auditId: Id,
  model: z.enum(oscalModels, { message: 'must be results or plan' }).default('results'),
  format: z.enum(oscalFormats, { message: 'must be json or yaml' }).default('json'),
});

/** An export written to the outbox, fetched through the exportFile route (kept for a day). */
export const ExportedFile = z.object({ downloadId: Id, fileName: z.string(), bytes: z.number().int().nonnegative(), mediaType: z.string() });
export type ExportedFile = z.infer<typeof ExportedFile>;

export const oscalJobs = { 'oscal.export': ExportedFile };

/** One requirement of an imported framework: a group or a control (an enhancement is a control under a control). */
export const ImportedRequirement = z.object({
  id: z.string(),
  kind: z.enum(['group', 'control']),
  parentId: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  /** How deep it sits: 0 for the catalog's top level. */
  depth: z.number().int().nonnegative(),
  /** The implementation groups it belongs to (a CISO Assistant library's IG1, IG2 …), with their names. */
  implementationGroups: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type ImportedRequirement = z.infer<typeof ImportedRequirement>;

/** Where an imported framework came from: an OSCAL catalog, an OSCAL profile resolved against one, or a CISO Assistant library. */
export const frameworkSources = ['oscal-catalog', 'oscal-profile', 'ciso-assistant'] as const;
export type FrameworkSource = (typeof frameworkSources)[number];

export const ImportedFramework = z.object({
  id: Id,
  source: z.enum(frameworkSources),
  sourceUuid: z.string(),
  title: z.string(),
  version: z.string(),
  oscalVersion: z.string(),
  sha256: z.string(),
  importedAt: UtcTimestamp,
  importedBy: z.string(),
  requirementCount: z.number().int().nonnegative(),
  mappingCount: z.number().int().nonnegative(),
  /** On import only: what of the file was kept as it is rather than applied (a profile's set-parameters and alters). */
  notes: z.array(z.string()).optional(),
});
export type ImportedFramework = z.infer<typeof ImportedFramework>;

export const ImportedFrameworkDetail = ImportedFramework.extend({
  requirements: z.array(ImportedRequirement),
  mappings: z.array(z.object({ requirementId: z.string(), controlId: z.string() })),
});
export type ImportedFrameworkDetail = z.infer<typeof ImportedFrameworkDetail>;

export const ImportedCoverage = z.object({
  frameworkId: Id,
  title: z.string(),
  templateVersionId: Id,
  rows: z.array(z.object({ id: z.string(), title: z.string(), summary: z.string(), depth: z.number().int(), controls: z.array(z.object({ id: z.string(), title: z.string() })) })),
  covered: z.number().int(),
  gaps: z.number().int(),
});
export type ImportedCoverage = z.infer<typeof ImportedCoverage>;

const FrameworkRef = z.uuid({ message: 'must be the id of an imported framework' });
const Mapping = z.strictObject({ frameworkId: FrameworkRef, requirementId: z.string().min(1, 'must name a requirement').max(200), controlId: ControlId });

export const oscalContract = {
  'oscal.export': defineMethod({
    summary: "An audit as an OSCAL 1.1.3 document (assessment results or plan, JSON or YAML), as text with the file name it is offered under.",
    input: ExportRequest,
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
  'oscal.startExport': defineMethod({
    summary: 'Start writing an OSCAL export in the background; follow it with jobs.progress, then download it.',
    input: ExportRequest,
    output: jobHandle('oscal.export'),
  }),
  'frameworks.import': defineMethod({
    summary: 'Import a framework the control library can map to: an OSCAL catalog (JSON or YAML), an OSCAL profile resolved against an imported catalog (or the catalog given with it), or a CISO Assistant YAML library; an invalid one is refused naming the path that breaks.',
    input: z.strictObject({
      text: z.string().min(1, 'is empty').max(64 * 1024 * 1024, 'is over 64 MB'),
      name: z.string().max(300).default('catalog.json'),
      /** For a profile: the catalog it imports, when that catalog is not imported already. */
      catalog: z.strictObject({ text: z.string().min(1, 'is empty').max(64 * 1024 * 1024, 'is over 64 MB'), name: z.string().max(300).default('catalog.json') }).optional(),
    }),
    output: ImportedFramework,
  }),
  'frameworks.importUpload': defineMethod({
    summary: 'Import a framework file uploaded from the page (POST /upload/import, streamed past the body cap), with the catalog a profile imports if that was uploaded too; the uploads are removed once imported.',
    input: z.strictObject({ uploadId: Id, catalogUploadId: Id.optional() }),
    output: ImportedFramework,
  }),
  'frameworks.list': defineMethod({
    summary: 'The frameworks imported from OSCAL catalogs, with how many requirements and mappings each has.',
    input: z.strictObject({}).default({}),
    output: z.array(ImportedFramework),
  }),
  'frameworks.get': defineMethod({
    summary: 'An imported framework with its requirements and the library controls mapped to them.',
    input: z.strictObject({ id: FrameworkRef }),
    output: ImportedFrameworkDetail,
  }),
  'frameworks.map': defineMethod({
    summary: 'Map a control of the library to a requirement of an imported framework.',
    input: Mapping,
    output: ImportedFrameworkDetail,
  }),
  'frameworks.unmap': defineMethod({
    summary: 'Remove the mapping of a library control to a requirement of an imported framework.',
    input: Mapping,
    output: ImportedFrameworkDetail,
  }),
  'frameworks.coverage': defineMethod({
    summary: "An imported framework's controls, the template controls mapped to each, and the gaps.",
    input: z.strictObject({ frameworkId: FrameworkRef, templateVersionId: z.uuid({ message: 'must be a template version id' }) }),
    output: ImportedCoverage,
  }),
};
