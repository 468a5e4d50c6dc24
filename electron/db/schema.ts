import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, releases } from './audit-schema';

// The one source of the database schema. `npm run db:generate` turns changes here into migrations/.
// Times are UTC ISO-8601 text with milliseconds; ids are UUIDv7 text.
// Audits and releases, which the other files' tables hang from, are in audit-schema.ts.

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One plan per audit (its id is the audit's id): scope, boundaries, drivers, criteria, owners, thresholds. */
export const auditPlans = sqliteTable('audit_plans', {
  id: text('id')
    .primaryKey()
    .references(() => audits.id),
  objective: text('objective').notNull().default(''),
  scopeMode: text('scope_mode').notNull().default('all-releases'),
  riskCriteria: text('risk_criteria').notNull().default(''),
  environmentsIn: text('environments_in', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  environmentsOut: text('environments_out', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  preProductionIncluded: integer('pre_production_included', { mode: 'boolean' }).notNull().default(false),
  thirdPartyIntegrations: text('third_party_integrations', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  vendorTeams: text('vendor_teams', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  announced: integer('announced', { mode: 'boolean' }).notNull().default(true),
  scheduleStart: text('schedule_start'),
  scheduleEnd: text('schedule_end'),
  scheduleNotes: text('schedule_notes').notNull().default(''),
  regulatoryDrivers: text('regulatory_drivers', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  successCriteria: text('success_criteria', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  findingOwners: text('finding_owners', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  accessRequests: text('access_requests', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  escalationRules: text('escalation_rules', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  haltThresholdPercent: real('halt_threshold_percent'),
  rtoTargetMinutes: integer('rto_target_minutes'),
  /** Draft a finding when emergency releases make up more than this share of the audit's releases (rule EMG-SHARE). */
  emergencyShareThresholdPercent: real('emergency_share_threshold_percent'),
  /** The auditor's overall conclusion, printed in every report and required before finalising. */
  conclusionRating: text('conclusion_rating'),
  conclusionText: text('conclusion_text').notNull().default(''),
  updatedAt: text('updated_at').notNull(),
});

/** Change tickets (RFCs) linked to a release, with their approval and its time. */
export const changeTickets = sqliteTable(
  'change_tickets',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull().references(() => releases.id),
    reference: text('reference').notNull(),
    title: text('title').notNull().default(''),
    approvalStatus: text('approval_status').notNull().default('pending'),
    approvedBy: text('approved_by').notNull().default(''),
    approvedAt: text('approved_at'),
    /** What an imported change record said of this ticket (shared/api/releases.ts ImportedTicket), or null if typed by hand only. */
    imported: text('imported', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('change_tickets_release_idx').on(t.releaseId)],
);

/** The runbook: ordered steps with planned times, owners, parameters per environment and contacts. */
export const runbookSteps = sqliteTable(
  'runbook_steps',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull().references(() => releases.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    plannedStart: text('planned_start'),
    plannedEnd: text('planned_end'),
    owner: text('owner').notNull().default(''),
    parameters: text('parameters', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    contacts: text('contacts').notNull().default(''),
  },
  (t) => [index('runbook_steps_release_idx').on(t.releaseId)],
);

/** Third-party components shipped in a release, with licence and known-vulnerability status. */
export const releaseComponents = sqliteTable(
  'release_components',
  {
    id: text('id').primaryKey(),
    releaseId: text('release_id').notNull().references(() => releases.id),
    name: text('name').notNull(),
    version: text('version').notNull().default(''),
    licence: text('licence').notNull().default(''),
    vulnerabilityStatus: text('vulnerability_status').notNull().default('unknown'),
    notes: text('notes').notNull().default(''),
    /** The import (an SBOM) the row was filled from; null for a row typed by hand. */
    importedFrom: text('imported_from'),
  },
  (t) => [index('release_components_release_idx').on(t.releaseId)],
);

/** One piece of evidence can support many records: checklist results, findings, interviews, war-room entries. */
export const evidenceLinks = sqliteTable(
  'evidence_links',
  {
    id: text('id').primaryKey(),
    evidenceId: text('evidence_id').notNull().references(() => evidence.id),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    linkedBy: text('linked_by').notNull(),
    linkedAt: text('linked_at').notNull(),
  },
  (t) => [index('evidence_links_target_idx').on(t.targetType, t.targetId), index('evidence_links_evidence_idx').on(t.evidenceId)],
);

export const controls = sqliteTable('controls', {
  id: text('id').primaryKey(),
  libraryVersion: text('library_version').notNull(),
  stage: text('stage').notNull(),
  title: text('title').notNull(),
  objective: text('objective').notNull(),
  testProcedure: text('test_procedure').notNull(),
  evidenceExpected: text('evidence_expected', { mode: 'json' }).$type<string[]>().notNull(),
  automation: text('automation').notNull(),
  mappings: text('mappings', { mode: 'json' }).$type<Record<string, string[]>>().notNull(),
});

export const checklistTemplates = sqliteTable('checklist_templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  draft: text('draft', { mode: 'json' }).$type<unknown>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const templateVersions = sqliteTable(
  'template_versions',
  {
    id: text('id').primaryKey(),
    templateId: text('template_id').notNull().references(() => checklistTemplates.id),
    version: integer('version').notNull(),
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    reason: text('reason').notNull().default(''),
  },
  // Not unique: two laptops may publish the same version number of a template before they sync; both
  // versions are kept (they are immutable), told apart by who published them and when.
  (t) => [index('template_versions_template_version_idx').on(t.templateId, t.version)],
);

export const checklistResults = sqliteTable(
  'checklist_results',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    templateVersionId: text('template_version_id').references(() => templateVersions.id),
    itemKey: text('item_key').notNull(),
    result: text('result').notNull().default('not-tested'),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  // Recording a result finds the item's earlier result by audit, item and release; results page item by item, for the audit or one release.
  (t) => [
    index('checklist_results_audit_idx').on(t.auditId),
    index('checklist_results_item_idx').on(t.auditId, t.itemKey, t.releaseId),
    index('checklist_results_audit_page_idx').on(t.auditId, t.itemKey, t.id),
    index('checklist_results_release_page_idx').on(t.releaseId, t.itemKey, t.id),
  ],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    capturedBy: text('captured_by').notNull(),
    capturedAt: text('captured_at').notNull(),
    refersTo: text('refers_to'),
    sourceSystem: text('source_system').notNull().default(''),
    captureMethod: text('capture_method').notNull(),
    note: text('note').notNull().default(''),
  },
  // The evidence list pages newest first within the audit.
  (t) => [index('evidence_audit_idx').on(t.auditId), index('evidence_sha_idx').on(t.sha256), index('evidence_audit_page_idx').on(t.auditId, t.capturedAt, t.id)],
);

export const custodyEvents = sqliteTable(
  'custody_events',
  {
    id: text('id').primaryKey(),
    evidenceId: text('evidence_id').notNull().references(() => evidence.id),
    event: text('event').notNull(),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('custody_events_evidence_idx').on(t.evidenceId)],
);

/**
 * Whether a piece of evidence is confidential (kept out of external editions of the report), as a log:
 * each mark is kept with who made it, when and why; the latest one counts.
 */
export const evidenceMarks = sqliteTable(
  'evidence_marks',
  {
    id: text('id').primaryKey(),
    evidenceId: text('evidence_id').notNull().references(() => evidence.id),
    confidential: integer('confidential', { mode: 'boolean' }).notNull(),
    reason: text('reason').notNull().default(''),
    markedBy: text('marked_by').notNull(),
    markedAt: text('marked_at').notNull(),
  },
  (t) => [index('evidence_marks_evidence_idx').on(t.evidenceId)],
);

export const warroomEntries = sqliteTable(
  'warroom_entries',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    kind: text('kind').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    correctsId: text('corrects_id'),
    recordedAt: text('recorded_at').notNull().default(''),
  },
  // The log pages in the order things happened.
  (t) => [index('warroom_entries_audit_idx').on(t.auditId), index('warroom_entries_release_idx').on(t.releaseId), index('warroom_entries_release_page_idx').on(t.releaseId, t.at, t.recordedAt, t.id),
    // What an added entry is checked against: a step's or a change's entries, and the corrections of an entry (warroom/order.ts).
    index('warroom_entries_subject_idx').on(t.releaseId, t.kind, sql`coalesce(json_extract(body, '$.stepId'), json_extract(body, '$.changeEntryId'))`),
    index('warroom_entries_corrects_idx').on(t.correctsId),
  ],
);

export const findings = sqliteTable(
  'findings',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    title: text('title').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('draft'),
    controlId: text('control_id'),
    stage: text('stage'),
    criteria: text('criteria').notNull().default(''),
    condition: text('condition').notNull().default(''),
    cause: text('cause').notNull().default(''),
    effect: text('effect').notNull().default(''),
    recommendation: text('recommendation').notNull().default(''),
    ownerRole: text('owner_role').notNull().default(''),
    ownerName: text('owner_name').notNull().default(''),
    dueAt: text('due_at'),
    confidential: integer('confidential', { mode: 'boolean' }).notNull().default(false),
    acceptedBy: text('accepted_by').notNull().default(''),
    acceptedReason: text('accepted_reason').notNull().default(''),
    releaseId: text('release_id'),
    sourceResultId: text('source_result_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    // The findings list pages by severity, newest first; repeat detection looks findings up by control; a checklist
    // result finds the finding raised from it. Each was a full scan of findings before. Lookups by audit alone use
    // the page index too (audit_id leads it): a separate index on audit_id was one more page written per finding.
    index('findings_audit_page_idx').on(t.auditId, t.severity, t.createdAt, t.id),
    // Repeat detection reads earlier findings of a control grouped by cause from this index alone (it holds every
    // column that lookup reads), in cause order, never the findings' rows. Only raised findings are repeated, so a
    // draft (every new finding, and the edits an auditor makes before raising it) is kept out of it: its queries
    // say status <> 'draft'. Likewise only a finding raised from a checklist result is in the source index.
    index('findings_repeat_lookup_idx')
      .on(sql`lower(${t.controlId})`, t.status, t.cause, t.auditId, t.id, t.title, t.confidential)
      .where(sql`status <> 'draft'`),
    index('findings_source_result_idx').on(t.sourceResultId).where(sql`source_result_id IS NOT NULL`),
  ],
);

/** After an audit is finalised, corrections are amendments: who, when, why; never edits. */
export const auditAmendments = sqliteTable(
  'audit_amendments',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    author: text('author').notNull(),
    at: text('at').notNull(),
    reason: text('reason').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('audit_amendments_audit_idx').on(t.auditId)],
);

/** One file imported into an audit (and a release): what it was read as, and when. Never changed. */
export const imports = sqliteTable(
  'imports',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    evidenceId: text('evidence_id').notNull().references(() => evidence.id),
    /** The import kind (shared/api/imports.ts importKinds). */
    kind: text('kind').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    lines: integer('lines').notNull(),
    /** Why the file was read as its kind ("Jenkins console: `Started by user` and `Finished:`"). */
    detection: text('detection').notNull().default(''),
    warnings: text('warnings', { mode: 'json' }).$type<string[]>().notNull(),
    factCount: integer('fact_count').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('imports_audit_idx').on(t.auditId, t.sha256), index('imports_release_idx').on(t.releaseId)],
);

/** One fact read out of an import (a run, a step, a failed task, an approval, a commit), with its lines. Never changed. */
export const importFacts = sqliteTable(
  'import_facts',
  {
    id: text('id').primaryKey(),
    importId: text('import_id').notNull().references(() => imports.id),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    /** The fact's kind (run, step, message, …): the `kind` of its data. */
    kind: text('kind').notNull(),
    /** Its place among the import's facts, from 0. */
    seq: integer('seq').notNull(),
    lineFrom: integer('line_from').notNull(),
    lineTo: integer('line_to').notNull(),
    /** The fact as shared/api/imports.ts Fact describes it. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('import_facts_import_idx').on(t.importId, t.seq), index('import_facts_release_idx').on(t.releaseId, t.kind), index('import_facts_audit_idx').on(t.auditId, t.kind)],
);

// The testing domain's records: an audit's scan threshold and test-kind mapping, and the QA
// sign-offs recorded against imported test reports. Part of the one schema (beside the imports they name).

/** An audit's own test and scan settings (one row per audit; its id is the audit's id). Absent: the shipped defaults. */
export const testSettings = sqliteTable('test_settings', {
  id: text('id')
    .primaryKey()
    .references(() => audits.id),
  /** shared/api/testing.ts ScanThreshold. */
  scanThreshold: text('scan_threshold', { mode: 'json' }).$type<unknown>().notNull(),
  /** shared/api/testing.ts TestKindRule[]. */
  testKinds: text('test_kinds', { mode: 'json' }).$type<unknown[]>().notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** A QA sign-off of an imported test report: who, in which role, when, and what they decided. Never changed: a later one holds. */
export const testSignOffs = sqliteTable(
  'test_sign_offs',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    importId: text('import_id').notNull().references(() => imports.id),
    releaseId: text('release_id').references(() => releases.id),
    signedBy: text('signed_by').notNull(),
    role: text('role').notNull(),
    signedAt: text('signed_at').notNull(),
    decision: text('decision').notNull(),
    note: text('note').notNull().default(''),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('test_sign_offs_audit_idx').on(t.auditId, t.importId)],
);

export * from './audit-schema';
export * from './ledger-schema';
export * from './sync-schema';
export * from './interview-schema';
export * from './checkpoint-schema';
export * from './report-schema';
export * from './rules-schema';
export * from './search-schema';
export * from './logs-schema';
export * from './framework-schema';
export * from './config-schema';
export * from './repeat-schema';
export * from './licence-schema';
export * from './maturity-schema';
export * from './kpi-schema';
export * from './proposals-schema';
export * from './retro-training-schema';
export * from './hub-schema';
