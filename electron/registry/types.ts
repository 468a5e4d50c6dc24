import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { MethodName } from '../../shared/api/contract';
import type { LinkTargetType } from '../../shared/api/evidence';

// What the app knows of each kind of record, said once, by the domain that owns it. The ledger's
// scope and replay, the merge, the checks on import, the bundle's files, conflict labels and evidence
// links all read these; nothing per table is written anywhere else.

/** An operation the app never makes on a record once written (the database refuses it as well). */
export type Refused = 'update' | 'delete';

/** A field naming another record (one id, or a list of ids). */
export interface Reference {
  entity: string;
  /** The record is held back with the one it names, when a freeze holds that one back. */
  dependent?: boolean;
  /** The record named has the same value of this field (a note corrects a note of the same interview). */
  sameAs?: string;
}

/**
 * Whose record this is:
 * - 'library': nobody's; every audit uses it (controls, templates);
 * - 'self': the record is an audit, or shares its audit's id (the audit's plan);
 * - a field: the record belongs to the record this field names (its audit, release, piece of evidence).
 */
export type Owner = 'library' | 'self' | { field: string; entity: string };

/** A record kind that changes only through the ledger and travels in bundles. */
export interface RecordKind {
  /** The entity name the ledger stores, which is the table's name. */
  entity: string;
  table: SQLiteTable & { id: SQLiteColumn };
  owner: Owner;
  /** A finalised audit freezes it (the database has freeze triggers for it). */
  freezes: boolean;
  /** A person never edits it once written: a conflict over it is acknowledged, never swapped. */
  appendOnly: boolean;
  /** What the app never does to it (no genuine bundle holds it; the database refuses it too). */
  refuses?: readonly Refused[];
  references?: Readonly<Record<string, Reference>>;
  /** Evidence can be linked to it: the link type the contract names, and its label for a person (SQL, one `?` for the id, column `label`). */
  linkTarget?: { type: LinkTargetType; label: string };
  /** The record points at any link target (an evidence link): the fields naming its type and id. */
  pointsAtLinkTarget?: { typeField: string; idField: string };
  /** The field holding the SHA-256 of a vault file the record needs: bundles carry that file. */
  vaultFile?: string;
  /** The record in messages ("plan", "war-room entry"). */
  noun: string;
  /** How a conflict names the record, when its own fields do not (SQL, one `?` for the id, column `label`). */
  conflictLabel?: string;
  /** Only these fields can be in conflict (the rest follow them). */
  conflictFields?: readonly string[];
  /** The values an imported entry may give these fields. */
  values?: Readonly<Record<string, readonly string[]>>;
  /** Only a team hub writes it: a hub refuses entries of it made on any other device (electron/hub/). */
  writtenBy?: 'hub';
  /** Two concurrent lists of it can be kept together ("keep both"), saved through this contract method. */
  combine?: { method: MethodName; idKey: string };
}

/** A table that is never in the ledger nor in a bundle: this laptop's own bookkeeping. */
export interface LocalTable {
  table: SQLiteTable;
  /** Why it stays on this laptop. */
  local: string;
  refuses?: readonly Refused[];
}
