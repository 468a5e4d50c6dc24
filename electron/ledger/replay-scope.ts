import type Database from 'better-sqlite3';
import { recordKind } from '../registry/registry';
import { parentField, type ScopeEntry } from './scope';

// Which audit a record belongs to, as AuditScope (scope.ts) works it out from every insert in the
// ledger, but looking up only the records asked about, by the ledger's (entity, entity_id) index: an
// import or export asks about the records of one bundle, whatever else the laptop holds.

export class IndexedScope {
  private readonly parents = new Map<string, string | null>();
  private readonly inserts: Database.Statement;

  /**
   * `mayHold`: false for a record the caller knows the ledger holds no entry of (see
   * recordsInLedger), which then needs no look-up; every record is looked up without it.
   */
  constructor(
    sqlite: Database.Database,
    private readonly mayHold: (entity: string, id: string) => boolean = () => true,
  ) {
    this.inserts = sqlite.prepare("SELECT fields FROM ledger WHERE entity = ? AND entity_id = ? AND op = 'insert'").pluck();
  }

  /** The parent as the ledger's first insert of the record names it (null: none does). */
  private held(entity: string, id: string): string | null {
    const key = `${entity}:${id}`;
    const known = this.parents.get(key);
    if (known !== undefined) return known;
    const field = parentField(entity);
    let parent: string | null = null;
    if (field && this.mayHold(entity, id)) {
      for (const fields of this.inserts.iterate(entity, id) as Iterable<string>) {
        try {
          const value = (JSON.parse(fields) as Record<string, unknown>)[field];
          if (typeof value === 'string') {
            parent = value;
            break;
          }
        } catch {
          // An unreadable entry is reported by verify's chain check.
        }
      }
    }
    this.parents.set(key, parent);
    return parent;
  }

  /** Learns a record created elsewhere (a bundle's insert), unless the ledger or an earlier one already names its parent. */
  learn(entry: ScopeEntry): void {
    if (this.held(entry.entity, entry.entityId) !== null) return;
    const field = parentField(entry.entity);
    const parent = field ? entry.fields[field] : undefined;
    if (typeof parent === 'string') this.parents.set(`${entry.entity}:${entry.entityId}`, parent);
  }

  /** The id of the record's parent (its audit, release or evidence) as first created; undefined if not known. */
  parentOf(entity: string, id: string): string | undefined {
    return this.held(entity, id) ?? undefined;
  }

  /** The audit's id; null for library records; undefined when the record's parent is not known here. */
  auditOf(entity: string, id: string): string | null | undefined {
    const owner = recordKind(entity)?.owner;
    if (owner === undefined) return undefined;
    if (owner === 'self') return id;
    if (owner === 'library') return null;
    const parent = this.parentOf(entity, id);
    if (parent === undefined) return undefined;
    return owner.entity === 'audits' ? parent : this.auditOf(owner.entity, parent);
  }
}
