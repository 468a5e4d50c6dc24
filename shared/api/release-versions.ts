import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { LineRange } from './imports';

// What each source says a release's version is (git tags, pipeline versions and images, run names,
// rollout images, the images of desired and live Kubernetes manifests, the SBOM's root component,
// and the versions typed on the release), normalised so that v1.2.3, 1.2.3+build.7 and
// registry/app:1.2.3 read alike, and which of them disagree.

export const versionSources = ['git tag', 'pipeline version', 'pipeline image', 'pipeline run', 'rollout image', 'manifest', 'deployed image', 'SBOM root component', 'source tag (typed)', 'build (typed)', 'deployment manifest (typed)'] as const;

export const VersionRow = z.object({
  source: z.enum(versionSources),
  /** What the source says, as written (a tag, an image reference, a run name). */
  label: z.string(),
  /** The version in it (no leading v, no build metadata, the tag of an image); null when it holds none. */
  version: z.string().nullable(),
  /** Whether it agrees with the release's version; null when it is not compared (no version, or an earlier git tag). */
  agrees: z.boolean().nullable(),
  /** Why it is not compared, when it is not. */
  note: z.string(),
  factId: Id.nullable(),
  importId: Id.nullable(),
  lines: LineRange.nullable(),
});
export type VersionRow = z.infer<typeof VersionRow>;

export const VersionTable = z.object({
  releaseId: Id,
  rows: z.array(VersionRow),
  /** The version most sources say (the first source's on a tie); null when no source states one. */
  version: z.string().nullable(),
  disagree: z.boolean(),
  /** In a sentence: which sources disagree and what each says; empty when they agree. */
  message: z.string(),
});
export type VersionTable = z.infer<typeof VersionTable>;

export const releaseVersionsContract = {
  'releases.versions': defineMethod({
    summary: 'What each source (git tags, pipeline, rollout, SBOM, the typed versions) says the release version is, and which disagree.',
    input: z.strictObject({ releaseId: Id }),
    output: VersionTable,
  }),
};
