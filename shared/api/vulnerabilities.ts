import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';
import { ImportUploadId } from './import-methods';
import { vexStates, vulnerabilitySeverities } from './imports';

// Vulnerabilities: the offline OSV database this machine holds (reference data, not an audit's),
// the match of a release's components against it, and each (component, vulnerability) with its
// severity, VEX decision and fix, from the SBOM, VEX documents and the database together.

export const VulnerabilitySeverity = z.enum(vulnerabilitySeverities);
export const VexState = z.enum(vexStates);

export const DatabaseStatus = z.object({
  present: z.boolean(),
  /** For a zip, its SHA-256; for a folder, the SHA-256 of its manifest (`sha256  path` per file read, sorted by path). */
  sha256: z.string().nullable(),
  source: z.string().nullable(),
  records: z.number().int().nonnegative(),
  withdrawn: z.number().int().nonnegative(),
  /** The newest `modified` time of its records. */
  modified: z.string().nullable(),
  importedAt: z.string().nullable(),
  ecosystems: z.array(z.object({ ecosystem: z.string(), packages: z.number().int().nonnegative() })),
  /** Records that could not be read: how many, and the first ones by file name with why. */
  badRecords: z.number().int().nonnegative(),
  problems: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

export const MatchOutcome = z.object({
  /** The import holding the osv-match evidence, null when no component matched and nothing was recorded. */
  importId: Id.nullable(),
  alreadyRecorded: z.boolean(),
  components: z.number().int().nonnegative(),
  /** Components with no purl, or a purl of an ecosystem the database does not hold. */
  unmatchable: z.number().int().nonnegative(),
  matches: z.number().int().nonnegative(),
  drafted: z.number().int().nonnegative(),
  notes: z.array(z.string()),
});
export type MatchOutcome = z.infer<typeof MatchOutcome>;

export const vulnerabilityJobs = { 'vulnerabilities.importDatabase': DatabaseStatus, 'vulnerabilities.match': MatchOutcome };

export const ComponentVulnerability = z.object({
  key: z.string(),
  vulnerability: z.string(),
  aliases: z.array(z.string()),
  sources: z.array(z.enum(['sbom', 'vex', 'osv'])),
  severity: VulnerabilitySeverity,
  score: z.number().nullable(),
  vector: z.string().nullable(),
  component: z.object({ ref: z.string().nullable(), purl: z.string().nullable(), name: z.string().nullable(), version: z.string().nullable() }),
  vexState: VexState.nullable(),
  justification: z.string().nullable(),
  response: z.array(z.string()),
  decided: z.boolean(),
  fixAvailable: z.boolean(),
  fixedIn: z.array(z.string()),
  summary: z.string().nullable(),
  /** The facts it was read from (vulnerability and VEX facts), for the proof. */
  factIds: z.array(Id),
});
export type ComponentVulnerability = z.infer<typeof ComponentVulnerability>;

export const VulnerabilityPage = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  items: z.array(ComponentVulnerability),
  /** Counts over the whole release, whatever the filter. */
  bySeverity: z.record(z.string(), z.number().int().nonnegative()),
  byState: z.record(z.string(), z.number().int().nonnegative()),
});
export type VulnerabilityPage = z.infer<typeof VulnerabilityPage>;

const DatabaseSource = z.union([
  z.strictObject({ path: z.string().min(1, 'name the folder or zip of OSV records').max(4096) }),
  z.strictObject({ uploadId: ImportUploadId }),
]);

export const vulnerabilitiesContract = {
  'vulnerabilities.database.status': defineMethod({
    summary: "The offline OSV database this machine holds: its SHA-256, record count, newest modified time, ecosystems, and the records that could not be read.",
    input: z.strictObject({}),
    output: DatabaseStatus,
  }),
  'vulnerabilities.database.import': defineMethod({
    summary: 'Replace the offline OSV database with a folder or zip of OSV JSON records (a path on this computer, or an uploaded zip), in the background; bad records are counted, a hostile zip is refused, and a refused or cancelled import leaves the old database as it was.',
    input: DatabaseSource,
    output: jobHandle('vulnerabilities.importDatabase'),
  }),
  'vulnerabilities.match': defineMethod({
    summary: "Match a release's components (SBOM components and hand-typed ones with a purl) against the OSV database, recording the matches as osv-match evidence with vulnerability facts; runs the rule pack after.",
    input: z.strictObject({ releaseId: Id }),
    output: jobHandle('vulnerabilities.match'),
  }),
  'vulnerabilities.list': defineMethod({
    summary: "One page of a release's vulnerabilities, one row per (component, vulnerability), from the SBOM, VEX and the OSV database together, sorted by severity (or state), optionally of some severities and VEX states.",
    input: z.strictObject({
      releaseId: Id,
      severities: z.array(VulnerabilitySeverity).max(6).optional(),
      /** VEX states, and 'undecided' for those with no decision. */
      states: z.array(z.union([VexState, z.literal('undecided')])).max(10).optional(),
      sort: z.enum(['severity', 'state', 'component']).default('severity'),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(200),
    }),
    output: VulnerabilityPage,
  }),
};
