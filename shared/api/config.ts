import { z } from 'zod';
import { Id, text } from './common';
import { defineMethod } from './define';
import { ImportUploadId } from './import-methods';
import { ConfigDifferenceFact, DriftChangeFact } from './imports';

// Environment parity and drift: configuration files uploaded to the import inbox (POST /upload/import)
// are compared for an audit (and a release); both files and the comparison document are kept as
// evidence, and each difference becomes a fact the rule pack reads. Secrets are masked throughout.

export const IgnoreList = z.object({
  auditId: Id,
  patterns: z.array(z.string()),
  /** False while the audit uses the shipped default list. */
  custom: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string(),
  /** The shipped default list, to go back to. */
  defaults: z.array(z.string()),
});
export type IgnoreList = z.infer<typeof IgnoreList>;

export const ConfigDifference = ConfigDifferenceFact.omit({ kind: true, lines: true, fileA: true, fileB: true });
export type ConfigDifference = z.infer<typeof ConfigDifference>;
export const DriftChange = DriftChangeFact.omit({ kind: true, lines: true });
export type DriftChange = z.infer<typeof DriftChange>;

const Kept = {
  importId: Id,
  evidenceId: Id,
  /** The same files had already been compared the same way: nothing new was written. */
  alreadyImported: z.boolean(),
  drafted: z.number().int().nonnegative(),
  notes: z.array(z.string()),
};

export const ParityComparison = z.object({
  ...Kept,
  a: z.object({ name: z.string(), format: z.string() }),
  b: z.object({ name: z.string(), format: z.string() }),
  ignores: z.array(z.string()),
  differences: z.array(ConfigDifference),
});
export type ParityComparison = z.infer<typeof ParityComparison>;

export const DriftComparison = z.object({ ...Kept, changes: z.array(DriftChange) });
export type DriftComparison = z.infer<typeof DriftComparison>;

const Pattern = text('Ignore pattern', 300);

export const configContract = {
  'config.ignoreList': defineMethod({
    summary: "The audit's ignore list for configuration parity (path patterns such as **.replicas, *.host, or key names); the shipped default until it is set.",
    input: z.strictObject({ auditId: Id }),
    output: IgnoreList,
  }),
  'config.setIgnoreList': defineMethod({
    summary: "Set the audit's ignore list for configuration parity (at most 200 patterns); it applies to the comparisons made from now on.",
    input: z.strictObject({ auditId: Id, patterns: z.array(Pattern).max(200, 'an ignore list holds at most 200 patterns') }),
    output: IgnoreList,
  }),
  'config.compare': defineMethod({
    summary: "Compare two environments' configuration files (YAML, JSON, .env, .properties) uploaded to the import inbox; both files and the comparison are kept as evidence, one fact per difference.",
    input: z.strictObject({ auditId: Id, releaseId: Id.nullable().default(null), a: ImportUploadId, b: ImportUploadId }),
    output: ParityComparison,
  }),
  'config.drift': defineMethod({
    summary: 'Compare a desired state (Kubernetes manifests, Helm-rendered YAML, a Terraform plan JSON) with the live state captured after (and before) the deployment window; kept as evidence, one fact per difference.',
    input: z.strictObject({ auditId: Id, releaseId: Id.nullable().default(null), desired: ImportUploadId, before: ImportUploadId.nullable().default(null), after: ImportUploadId }),
    output: DriftComparison,
  }),
};
