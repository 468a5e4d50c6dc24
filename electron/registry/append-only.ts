import { recordKind } from './registry';
import type { LocalTable, RecordKind, Refused } from './types';

// The append-only rule, said once by each descriptor (`appendOnly`, `refuses`) and read from here by
// everything that enforces it: the database's triggers (triggers.ts), the checks on an imported
// entry (sync/check-entries.ts) and what a person may do with a conflict (sync/service.ts).
//
// Two words, two questions. `refuses` is what the app itself never does to a record once written, so
// the database refuses it and no genuine bundle holds it. `appendOnly` is that a person never edits
// the record: it implies `refuses: ['update']` for a record kept on one laptop (registry/check.ts),
// but a decision on a conflict is append-only without refusing anything, because two people may
// settle one conflict differently on two laptops and the merge then keeps one decision.

/** The operations refused on a table once a row is written (its triggers), from its descriptor. */
export const refusedOps = (item: RecordKind | LocalTable | undefined): readonly Refused[] => item?.refuses ?? [];

/** The app never makes this change to a record of this kind (a kind the registry does not know: nothing is said here). */
export const refusesOp = (entity: string, op: string): boolean => refusedOps(recordKind(entity)).includes(op as Refused);

/** A record of this kind is written once and never changed: a second, different creation of it is not the app's. */
export const writtenOnce = (entity: string): boolean => refusesOp(entity, 'update');

/** A person never edits a record of this kind: a conflict over it is acknowledged, never swapped (a kind not known here counts as such). */
export const neverEdited = (entity: string): boolean => recordKind(entity)?.appendOnly ?? true;
