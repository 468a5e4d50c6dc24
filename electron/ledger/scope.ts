import type Database from 'better-sqlite3';
import type { EntityName } from './entities';

// Which audit a record belongs to, worked out from the ledger alone (a record deleted since still has
// its insert entry there). Library records (controls, templates) belong to no audit: every audit uses them.

const ownAudit = new Set<string>(['audits', 'audit_plans']);
const byAuditId = new Set<string>([
  'releases',
  'checklist_results',
  'evidence',
  'interviews',
  'interview_notes',
  'warroom_entries',
  'findings',
  'audit_amendments',
  'reports',
  'conflict_resolutions',
]);
const byRelease = new Set<string>(['change_tickets', 'runbook_steps', 'release_components']);
const byEvidence = new Set<string>(['evidence_links', 'custody_events']);
export const libraryEntities = new Set<string>(['controls', 'checklist_templates', 'template_versions']);

/** The records a finalised audit freezes (the tables with freeze triggers). */
export const frozenEntities = new Set<string>([
  'audits',
  'audit_plans',
  'releases',
  'change_tickets',
  'runbook_steps',
  'release_components',
  'checklist_results',
  'evidence',
  'evidence_links',
  'interviews',
  'interview_notes',
  'warroom_entries',
  'findings',
]);

/** The field naming the record a record belongs to: its audit, release or piece of evidence. */
export function parentField(entity: string): 'auditId' | 'releaseId' | 'evidenceId' | null {
  return byAuditId.has(entity) ? 'auditId' : byRelease.has(entity) ? 'releaseId' : byEvidence.has(entity) ? 'evidenceId' : null;
}

export interface ScopeEntry {
  entity: string;
  entityId: string;
  fields: Record<string, unknown>;
}

export class AuditScope {
  private readonly parents = new Map<string, string>();

  constructor(entries: Iterable<ScopeEntry>) {
    for (const entry of entries) this.learn(entry);
  }

  learn(entry: ScopeEntry): void {
    const key = `${entry.entity}:${entry.entityId}`;
    if (this.parents.has(key)) return;
    const field = parentField(entry.entity);
    const parent = field ? entry.fields[field] : undefined;
    if (typeof parent === 'string') this.parents.set(key, parent);
  }

  /** The id of the record's parent (its audit, release or evidence) as first created; undefined if not known. */
  parentOf(entity: string, id: string): string | undefined {
    return this.parents.get(`${entity}:${id}`);
  }

  /** The audit's id; null for library records; undefined when the record's parent is not known here. */
  auditOf(entity: EntityName | string, id: string): string | null | undefined {
    if (ownAudit.has(entity)) return id;
    if (libraryEntities.has(entity)) return null;
    const parent = this.parents.get(`${entity}:${id}`);
    if (parent === undefined) return undefined;
    if (byAuditId.has(entity)) return parent;
    if (byRelease.has(entity)) return this.auditOf('releases', parent);
    if (byEvidence.has(entity)) return this.auditOf('evidence', parent);
    return undefined;
  }
}

/** The scope of every record the ledger has an insert for. */
export function scopeOfLedger(sqlite: Database.Database): AuditScope {
  const rows = sqlite.prepare("SELECT entity, entity_id AS entityId, fields FROM ledger WHERE op = 'insert'").all() as Array<{ entity: string; entityId: string; fields: string }>;
  const entries: ScopeEntry[] = [];
  for (const row of rows) {
    try {
      entries.push({ entity: row.entity, entityId: row.entityId, fields: JSON.parse(row.fields) as Record<string, unknown> });
    } catch {
      // An unreadable entry is reported by verify's chain check.
    }
  }
  return new AuditScope(entries);
}
