import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema';

// The records that change only through the ledger, by the entity name the ledger stores.
export const entityTables = {
  audits: schema.audits,
  audit_plans: schema.auditPlans,
  audit_amendments: schema.auditAmendments,
  releases: schema.releases,
  change_tickets: schema.changeTickets,
  runbook_steps: schema.runbookSteps,
  release_components: schema.releaseComponents,
  evidence_links: schema.evidenceLinks,
  controls: schema.controls,
  checklist_templates: schema.checklistTemplates,
  template_versions: schema.templateVersions,
  checklist_results: schema.checklistResults,
  evidence: schema.evidence,
  custody_events: schema.custodyEvents,
  interviews: schema.interviews,
  interview_notes: schema.interviewNotes,
  warroom_entries: schema.warroomEntries,
  findings: schema.findings,
  reports: schema.reports,
  conflict_resolutions: schema.conflictResolutions,
} satisfies Record<string, SQLiteTable & { id: SQLiteColumn }>;

export type EntityName = keyof typeof entityTables;

export const entityNames = Object.keys(entityTables) as EntityName[];

export function isEntityName(value: string): value is EntityName {
  return Object.hasOwn(entityTables, value);
}
