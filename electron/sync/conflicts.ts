import type { SyncConflict } from '../../shared/api/sync';
import { canonicalJson } from '../ledger/canonical';
import type { Conflict } from '../ledger/replay';
import type { Core } from '../services';

// The one owner of sync_conflicts: the conflicts worked out from the ledger, stored by the import that
// brought the entries (the only write that can make or settle one) and read without a replay.
//
// A local edit never makes a losing write: it names the clock of the value it overwrites. What it
// changes is the value that wins, so the table keeps what only an import can change (the losing
// write, and the winner as the merge found it) and a read takes the current winner from the field's
// clock: a later edit of the field, or the record's deletion, shows at once, and a loser whose value
// an edit has made the current one again drops out, just as a replay of the whole ledger would say.

export interface ConflictRow {
  id: string;
  auditId: string | null;
  entity: string;
  entityId: string;
  field: string;
  kind: SyncConflict['kind'];
  winnerValue: string;
  winnerHlc: string | null;
  winnerActor: string | null;
  loserValue: string;
  loserHlc: string;
  loserActor: string;
  loserDeviceId: string;
}

/**
 * Replaces the stored list with what the merge's replay found: the conflicts, and the concurrent
 * writes that hold the current value (a conflict once an edit here changes it). Inside the import.
 * `replayed`: the records the replay covered (`entity\0id`); the stored conflicts of every other
 * record stand, since nothing their conflicts come from changed (null: the replay covered them all).
 */
export function storeConflicts(core: Core, found: { conflicts: Conflict[]; latent: Conflict[]; replayed?: Set<string> | null }): void {
  if (!core.sqlite.inTransaction) throw new Error('The conflicts list is stored inside the transaction that merged the entries.');
  const replayed = found.replayed ?? null;
  if (replayed === null) core.sqlite.prepare('DELETE FROM sync_conflicts').run();
  else {
    const remove = core.sqlite.prepare('DELETE FROM sync_conflicts WHERE id = ?');
    const stored = core.sqlite.prepare('SELECT id, entity, entity_id AS entityId FROM sync_conflicts').all() as Array<{ id: string; entity: string; entityId: string }>;
    for (const row of stored) if (replayed.has(`${row.entity}\u0000${row.entityId}`)) remove.run(row.id);
  }
  const insert = core.sqlite.prepare(
    `INSERT INTO sync_conflicts (id, audit_id, entity, entity_id, field, kind, winner_value, winner_hlc, winner_actor, loser_value, loser_hlc, loser_actor, loser_device_id)
     VALUES (@id, @auditId, @entity, @entityId, @field, @kind, @winnerValue, @winnerHlc, @winnerActor, @loserValue, @loserHlc, @loserActor, @loserDeviceId)`,
  );
  for (const conflict of [...found.conflicts, ...found.latent]) {
    insert.run({ ...conflict, winnerValue: JSON.stringify(conflict.winnerValue ?? null), loserValue: JSON.stringify(conflict.loserValue ?? null) });
  }
}

type StoredRow = ConflictRow & { nowHlc: string | null; nowActor: string | null; nowOp: string | null; nowFields: string | null };

const same = (a: string, b: string): boolean => canonicalJson(JSON.parse(a) ?? null) === canonicalJson(JSON.parse(b) ?? null);

/** The field's value in a ledger entry's fields, as JSON (null when unreadable: verify reports it). */
function valueIn(fields: string, field: string): string {
  try {
    return JSON.stringify((JSON.parse(fields) as Record<string, unknown>)[field] ?? null);
  } catch {
    return 'null';
  }
}

/** Every conflict as it stands now, newest losing write first: one query, no replay, nothing written. */
export function currentConflicts(core: Core): ConflictRow[] {
  const rows = core.sqlite
    .prepare(
      `SELECT c.id, c.audit_id AS auditId, c.entity, c.entity_id AS entityId, c.field, c.kind, c.winner_value AS winnerValue, c.winner_hlc AS winnerHlc,
         c.winner_actor AS winnerActor, c.loser_value AS loserValue, c.loser_hlc AS loserHlc, c.loser_actor AS loserActor, c.loser_device_id AS loserDeviceId,
         l.hlc AS nowHlc, l.actor AS nowActor, l.op AS nowOp, l.fields AS nowFields
       FROM sync_conflicts c
       LEFT JOIN field_clocks f ON c.kind = 'concurrent' AND f.entity = c.entity AND f.entity_id = c.entity_id AND f.field = c.field AND f.hlc IS NOT c.winner_hlc
       LEFT JOIN ledger l ON l.entity = c.entity AND l.entity_id = c.entity_id AND l.hlc = f.hlc
       ORDER BY c.loser_hlc DESC, c.id`,
    )
    .all() as StoredRow[];
  const current: ConflictRow[] = [];
  for (const { nowHlc, nowActor, nowOp, nowFields, ...row } of rows) {
    if (row.kind !== 'concurrent') {
      current.push(row);
      continue;
    }
    // Edited here since the merge: the edit's value wins now; deleted here: the deletion does.
    const winner =
      nowHlc === null
        ? row
        : nowOp === 'delete'
          ? { ...row, kind: 'deleted' as const, winnerValue: 'null', winnerHlc: nowHlc, winnerActor: nowActor }
          : { ...row, winnerValue: valueIn(nowFields ?? '{}', row.field), winnerHlc: nowHlc, winnerActor: nowActor };
    if (winner.kind === 'concurrent' && same(winner.winnerValue, winner.loserValue)) continue;
    current.push(winner);
  }
  return current;
}
