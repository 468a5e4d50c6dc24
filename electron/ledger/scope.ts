import type Database from 'better-sqlite3';
import { allRecordKinds, ownerField, recordKind } from '../registry/registry';
import type { EntityName } from './entities';

// Which audit a record belongs to, worked out from the ledger alone (a record deleted since still has
// its insert entry there), by the owner each record kind's descriptor names. Library records
// (controls, templates) belong to no audit: every audit uses them.

export const libraryEntities = new Set<string>(allRecordKinds().filter((kind) => kind.owner === 'library').map((kind) => kind.entity));

/** The records a finalised audit freezes (the tables with freeze triggers). */
export const frozenEntities = new Set<string>(allRecordKinds().filter((kind) => kind.freezes).map((kind) => kind.entity));

/** The field naming the record a record belongs to: its audit, release or piece of evidence. */
export function parentField(entity: string): string | null {
  return ownerField(entity);
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
    const owner = recordKind(entity)?.owner;
    if (owner === undefined) return undefined;
    if (owner === 'self') return id;
    if (owner === 'library') return null;
    const parent = this.parents.get(`${entity}:${id}`);
    if (parent === undefined) return undefined;
    return owner.entity === 'audits' ? parent : this.auditOf(owner.entity, parent);
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
