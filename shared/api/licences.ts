import { z } from 'zod';
import { Id, UtcTimestamp, text } from './common';
import { defineMethod } from './define';

// An audit's licence policy: which SPDX licences its releases may ship (allowed), which need a
// lawyer's look (review) and which they may not (denied). Each entry is one SPDX licence id, a
// LicenseRef-, an "or later" range (GPL-2.0+) or an id WITH an exception; components are judged by
// their parsed licence expression against these lists.

export const licenceVerdicts = ['allowed', 'review', 'denied', 'unknown', 'missing'] as const;
export type LicenceVerdict = (typeof licenceVerdicts)[number];

const Entry = text('Licence', 120).refine((value) => value !== '', 'Licence must not be empty');
const List = (label: string) => z.array(Entry, { message: `${label} must be a list of SPDX licence ids` }).max(500, `${label} holds at most 500 licences`);

export const LicenceLists = z.strictObject({
  allowed: List('Allowed'),
  review: List('Review'),
  denied: List('Denied'),
});
export type LicenceLists = z.infer<typeof LicenceLists>;

export const LicencePolicy = LicenceLists.extend({
  auditId: Id,
  /** false when the audit has none of its own and the shipped default applies. */
  own: z.boolean(),
  note: z.string(),
  updatedAt: UtcTimestamp.nullable(),
  updatedBy: z.string(),
});
export type LicencePolicy = z.infer<typeof LicencePolicy>;

export const licencesContract = {
  'licences.policy.get': defineMethod({
    summary: "An audit's licence policy: its own, or the shipped default when it has none.",
    input: z.strictObject({ auditId: Id }),
    output: LicencePolicy,
  }),
  'licences.policy.set': defineMethod({
    summary: "Save an audit's licence policy (each entry an SPDX licence id, LicenseRef-, range or id WITH exception, in one list only); reset: true goes back to the shipped default.",
    input: z.union([
      LicenceLists.extend({ auditId: Id, note: text('Note', 1000).default('') }),
      z.strictObject({ auditId: Id, reset: z.literal(true) }),
    ]),
    output: LicencePolicy,
  }),
};

/** One component of the release's SBOM with its licence verdict under the audit's policy. */
export const JudgedComponent = z.object({
  factId: Id,
  ref: z.string().nullable(),
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  supplier: z.string().nullable(),
  licence: z.string().nullable(),
  verdict: z.enum(licenceVerdicts),
  reason: z.string(),
  lines: z.tuple([z.number().int(), z.number().int()]),
});
export type JudgedComponent = z.infer<typeof JudgedComponent>;

export const ReleaseComponents = z.object({
  /** The newest SBOM imported on the release (its components are listed), or null when none is. */
  importId: Id.nullable(),
  source: z.string().nullable(),
  counts: z.record(z.enum(licenceVerdicts), z.number().int().nonnegative()),
  components: z.array(JudgedComponent),
});
export type ReleaseComponents = z.infer<typeof ReleaseComponents>;

export const licenceComponentsMethods = {
  'licences.components': defineMethod({
    summary: "The components of a release's newest SBOM, each with its licence verdict under the audit's policy and why.",
    input: z.strictObject({ releaseId: Id }),
    output: ReleaseComponents,
  }),
};
