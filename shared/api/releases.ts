import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';
import { isValidTimeZone } from '../time';

// Releases under audit: the change tickets behind them, the runbook, the artifacts and the
// third-party components they ship, and what the auditor must notice at once (the warnings).

export const riskClasses = ['low', 'medium', 'high', 'critical'] as const;
export const approvalStatuses = ['pending', 'approved', 'rejected'] as const;
export const vulnerabilityStatuses = ['none-known', 'known', 'unknown'] as const;

const NullableTime = UtcTimestamp.nullable();

/**
 * What an imported change record (ServiceNow, Jira) said of a ticket: its source and values. Kept
 * beside the ticket's own fields, so a value the auditor typed is never overwritten silently;
 * `differs` names the fields where the ticket now says something else than the import.
 */
export const ImportedTicket = z.object({
  importId: Id,
  source: z.string(),
  kindLabel: z.string(),
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]).nullable(),
  title: z.string(),
  approvalStatus: z.enum(approvalStatuses),
  approvedBy: z.string(),
  approvedAt: NullableTime,
  differs: z.array(z.enum(['title', 'approvalStatus', 'approvedBy', 'approvedAt'])).default([]),
});
export type ImportedTicket = z.infer<typeof ImportedTicket>;

/** The most change tickets a release holds (the list the release screen saves whole). */
export const TICKETS_PER_RELEASE = 200;

export const ChangeTicket = z.strictObject({
  id: Id.optional(),
  reference: requiredText('Ticket reference', 80),
  title: text('Ticket title', 300).default(''),
  approvalStatus: z.enum(approvalStatuses).default('pending'),
  approvedBy: text('Approved by', 200).default(''),
  approvedAt: NullableTime.default(null),
  /** Read back with the ticket; what a screen sends here is ignored (only an import writes it). */
  imported: ImportedTicket.nullable().optional(),
});
export type ChangeTicket = z.infer<typeof ChangeTicket>;

export const RunbookStep = z.strictObject({
  id: Id.optional(),
  title: requiredText('Step', 300),
  plannedStart: NullableTime.default(null),
  plannedEnd: NullableTime.default(null),
  owner: text('Owner', 200).default(''),
  parameters: z
    .record(text('Parameter name', 80), text('Parameter value', 500))
    .refine((parameters) => Object.keys(parameters).length <= 50, 'a step has at most 50 parameters')
    .default({}),
  contacts: text('Contacts', 500).default(''),
});
export type RunbookStep = z.infer<typeof RunbookStep>;

export const ReleaseComponent = z.strictObject({
  id: Id.optional(),
  name: requiredText('Component', 200),
  version: text('Version', 80).default(''),
  licence: text('Licence', 120).default(''),
  vulnerabilityStatus: z.enum(vulnerabilityStatuses).default('unknown'),
  notes: text('Notes', 1000).default(''),
  /** The SBOM import that wrote the row (it cannot be edited by hand; the next SBOM replaces it), or null for a typed row. */
  importedFrom: Id.nullable().optional(),
});
export type ReleaseComponent = z.infer<typeof ReleaseComponent>;

export const BypassedControl = z.strictObject({
  itemKey: requiredText('Control', 80),
  bypassedAt: UtcTimestamp,
  remediatedAt: NullableTime.default(null),
  note: text('Note', 1000).default(''),
});
export type BypassedControl = z.infer<typeof BypassedControl>;

export const EmergencyReview = z.strictObject({
  heldAt: NullableTime.default(null),
  notes: text('Review notes', 5000).default(''),
  actions: z
    .array(z.strictObject({ text: text('Action', 500).default(''), owner: text('Owner', 200).default(''), done: z.boolean().default(false) }))
    .max(100)
    .default([]),
});
export type EmergencyReview = z.infer<typeof EmergencyReview>;

export const ReleaseFields = z.strictObject({
  identifier: requiredText('Release identifier', 120),
  system: text('System', 200).default(''),
  services: z.array(requiredText('Service', 120)).max(100).default([]),
  environments: z.array(requiredText('Environment', 80)).max(20).default([]),
  windowStart: NullableTime.default(null),
  windowEnd: NullableTime.default(null),
  timeZone: text('Time zone', 64)
    .refine((zone) => isValidTimeZone(zone), 'must be a time zone name such as Europe/Berlin or UTC')
    .default('UTC'),
  riskClass: z.enum(riskClasses).default('medium'),
  emergency: z.boolean().default(false),
  backoutPlan: text('Backout plan', 20000).default(''),
  riskAssessment: text('Risk assessment', 20000).default(''),
  sourceTag: text('Source tag', 120).default(''),
  buildNumber: text('Build number', 120).default(''),
  manifestVersion: text('Deployment manifest version', 120).default(''),
  runbookSignedBy: text('Runbook signed off by', 200).default(''),
  runbookSignedAt: NullableTime.default(null),
  emergencyJustification: text('Emergency justification', 5000).default(''),
  postFactoApprovedBy: text('Approved after the fact by', 200).default(''),
  postFactoApprovedAt: NullableTime.default(null),
  bypassedControls: z.array(BypassedControl).max(200).default([]),
  emergencyReview: EmergencyReview.nullable().default(null),
});
export type ReleaseFields = z.infer<typeof ReleaseFields>;

export const ReleaseWarning = z.object({ kind: z.string(), message: z.string() });

export const Release = ReleaseFields.extend({
  id: Id,
  auditId: Id,
  tickets: z.array(ChangeTicket.extend({ id: Id })),
  runbook: z.array(RunbookStep.extend({ id: Id })),
  components: z.array(ReleaseComponent.extend({ id: Id })),
  warnings: z.array(ReleaseWarning),
  createdAt: UtcTimestamp,
  updatedAt: UtcTimestamp,
});
export type Release = z.infer<typeof Release>;

export const releasesContract = {
  'releases.create': defineMethod({
    summary: 'Add a release to an audit.',
    input: ReleaseFields.partial().extend({ auditId: Id, identifier: requiredText('Release identifier', 120) }),
    output: Release,
  }),
  'releases.list': defineMethod({
    summary: "An audit's releases, by deployment window.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(Release),
  }),
  'releases.get': defineMethod({
    summary: 'One release with its tickets, runbook, components and warnings.',
    input: z.strictObject({ id: Id }),
    output: Release,
  }),
  'releases.update': defineMethod({
    summary: "Save any fields of a release.",
    input: updatesOf(ReleaseFields).extend({ id: Id }),
    output: Release,
  }),
  'releases.saveTickets': defineMethod({
    summary: "Save a release's change tickets (the list as it should be).",
    input: z.strictObject({ releaseId: Id, tickets: z.array(ChangeTicket).max(TICKETS_PER_RELEASE) }),
    output: Release,
  }),
  'releases.saveRunbook': defineMethod({
    summary: "Save a release's runbook steps, in order.",
    input: z.strictObject({ releaseId: Id, steps: z.array(RunbookStep).max(500) }),
    output: Release,
  }),
  'releases.saveComponents': defineMethod({
    summary: "Save a release's third-party components.",
    input: z.strictObject({ releaseId: Id, components: z.array(ReleaseComponent).max(2000) }),
    output: Release,
  }),
};
