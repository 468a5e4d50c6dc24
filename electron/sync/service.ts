import { AppError } from '../../shared/api/errors';
import type { SyncConflict, SyncStatus } from '../../shared/api/sync';
import { utcNow } from '../ids';
import { parseHlc } from '../ledger/hlc';
import { scopeOfLedger } from '../ledger/scope';
import { canCombine, combineLists, saveCombined } from './combine';
import { recordKind } from '../registry/registry';
import { neverEdited } from '../registry/append-only';
import { loadIdentity } from '../identity/identity';
import { transact, type Core } from '../services';
import { trustOfFingerprint } from './trust';
import { listRebindings, rebindingSentence } from './trust-log';
import { listPeerRows } from './peers';
import { listForks } from './forks';
import { currentConflicts, type ConflictRow } from './conflicts';
import { peerSeenByAudit, recentImports } from './bookkeeping';

export { listForks };

// What the sync screen shows: the peers and what each has seen, the keys trusted here, the
// bundles imported, and the conflicts waiting for a person.

const clockTime = (hlc: string | null): string | null => (hlc ? new Date(parseHlc(hlc).millis).toISOString() : null);
const humanField = (field: string): string => (field === '*' ? 'the whole record' : field.replace(/([A-Z])/g, ' $1').toLowerCase());

/** The record in words, from its row or (deleted, held back) from what the ledger last said of it. */
function recordLabel(core: Core, entity: string, id: string): string {
  const kind = recordKind(entity);
  const noun = kind?.noun ?? entity.replace(/_/g, ' ');
  if (kind?.conflictLabel) return (core.sqlite.prepare(kind.conflictLabel).get(id) as { label: string } | undefined)?.label ?? noun;
  const fields: Record<string, unknown> = {};
  const entries = core.sqlite.prepare('SELECT fields FROM ledger WHERE entity = ? AND entity_id = ? ORDER BY hlc').all(entity, id) as Array<{ fields: string }>;
  for (const entry of entries) {
    try {
      Object.assign(fields, JSON.parse(entry.fields) as Record<string, unknown>);
    } catch {
      // unreadable: verify reports it
    }
  }
  const body = fields.body !== null && typeof fields.body === 'object' ? (fields.body as Record<string, unknown>).text : undefined;
  const name = [fields.title, fields.name, fields.identifier, fields.reference, fields.itemKey, fields.originalName, body, fields.text].find((v) => typeof v === 'string' && v.trim() !== '');
  // UUIDv7s made in the same minute share their first characters: the last ones tell records apart.
  return typeof name === 'string' ? `${noun} “${name.slice(0, 80)}”` : `${noun} …${id.slice(-8)}`;
}

export function listConflicts(core: Core, auditId?: string): SyncConflict[] {
  return describeConflicts(core, currentConflicts(core).filter((row) => !auditId || row.auditId === auditId));
}

/** The conflicts as the screen shows them: the record in words, who settled each, what can be done. */
function describeConflicts(core: Core, rows: ConflictRow[]): SyncConflict[] {
  if (rows.length === 0) return [];
  const resolutions = new Map(
    (core.sqlite.prepare('SELECT id, decision, resolved_by AS resolvedBy, resolved_at AS resolvedAt FROM conflict_resolutions').all() as Array<{
      id: string;
      decision: 'keep' | 'swap' | 'combine';
      resolvedBy: string;
      resolvedAt: string;
    }>).map((r) => [r.id, r]),
  );
  const finalised = new Set((core.sqlite.prepare("SELECT id FROM audits WHERE status = 'finalised'").all() as Array<{ id: string }>).map((r) => r.id));
  return rows.map((row) => {
    const resolution = resolutions.get(row.id);
    const canSwap = row.kind === 'concurrent' && !neverEdited(row.entity) && !(row.auditId && finalised.has(row.auditId));
    const current = JSON.parse(row.winnerValue) as unknown;
    const other = JSON.parse(row.loserValue) as unknown;
    return {
      id: row.id,
      auditId: row.auditId,
      entity: row.entity,
      entityId: row.entityId,
      record: recordLabel(core, row.entity, row.entityId),
      field: row.field,
      fieldLabel: humanField(row.field),
      kind: row.kind,
      current: { value: current, actor: row.winnerActor, at: clockTime(row.winnerHlc) },
      other: { value: other, actor: row.loserActor, deviceId: row.loserDeviceId, at: clockTime(row.loserHlc) as string },
      canSwap,
      canCombine: canSwap && canCombine(row.entity, row.field, current, other),
      resolution: resolution ? { decision: resolution.decision, by: resolution.resolvedBy, at: resolution.resolvedAt } : null,
    };
  });
}

/** One conflict as it stands now, or undefined when it is no longer listed. */
const conflictById = (core: Core, id: string): SyncConflict | undefined => describeConflicts(core, currentConflicts(core).filter((row) => row.id === id))[0];

/**
 * Keeps the value that won, swaps in the other one, or (for two lists) keeps both; the decision
 * travels to the other laptops.
 */
export function resolveConflict(core: Core, input: { id: string; decision: 'keep' | 'swap' | 'combine' }): SyncConflict | null {
  const conflict = conflictById(core, input.id);
  if (!conflict) throw new AppError('NOT_FOUND', 'That conflict is no longer listed: another decision or edit has settled it.');
  if (conflict.resolution) throw new AppError('CONFLICT', `That conflict was already settled by ${conflict.resolution.by} (${{ keep: 'kept the current value', swap: 'used the other value', combine: 'kept both lists' }[conflict.resolution.decision]}).`);
  if (input.decision === 'swap' && !conflict.canSwap) {
    throw new AppError('CONFLICT', conflict.kind === 'concurrent' ? 'This record cannot change any more (its audit is finalised, or it is append-only): keep the current value and add an amendment instead.' : 'Only two values of the same field can be swapped; acknowledge this one, and record it with an amendment if it matters.');
  }
  if (input.decision === 'combine' && !conflict.canCombine) {
    throw new AppError('CONFLICT', 'Only two lists can be kept together; keep the current value or use the other one.');
  }
  const now = utcNow();
  const combined = input.decision === 'combine' ? combineLists(conflict.entity, conflict.field, conflict.current.value as unknown[], conflict.other.value as unknown[]) : null;
  transact(core, (records) => {
    // Saved through the record's own service, so the combined list is checked like any edit.
    if (combined) saveCombined(core, conflict.entity, conflict.entityId, conflict.field, combined);
    if (input.decision === 'swap') {
      const row = core.sqlite.prepare(`SELECT * FROM "${conflict.entity}" WHERE id = ?`).get(conflict.entityId) as Record<string, unknown> | undefined;
      const stamp = row && 'updated_at' in row ? { updatedAt: now } : {};
      records.update(conflict.entity as never, conflict.entityId, { [conflict.field]: conflict.other.value, ...stamp } as never);
    }
    records.insert('conflict_resolutions', {
      id: conflict.id,
      auditId: conflict.auditId,
      decision: input.decision,
      value: input.decision === 'swap' ? conflict.other.value : (combined ?? conflict.current.value),
      resolvedBy: core.actor,
      resolvedAt: now,
    });
  });
  // The decision and the record's new value are read as they stand: no replay, nothing to rewrite.
  return conflictById(core, input.id) ?? null;
}

export function syncStatus(core: Core): SyncStatus {
  const identity = loadIdentity(core.layout.root, core.actor);
  const ownHead = (core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(core.deviceId) as { seq: number } | undefined)?.seq ?? 0;
  const auditNames = new Map((core.sqlite.prepare('SELECT id, name FROM audits').all() as Array<{ id: string; name: string }>).map((a) => [a.id, a.name]));
  // Which audit each of this laptop's own entries concerns, to count what a peer has not seen of one
  // audit: read only when some peer has seen an audit (a laptop that never synced reads no ledger).
  let unsentFrom: { own: Array<{ seq: number; entity: string; entityId: string }>; scope: ReturnType<typeof scopeOfLedger> } | undefined;
  const unsent = (auditId: string, seen: number): number => {
    unsentFrom ??= {
      own: core.sqlite.prepare('SELECT seq, entity, entity_id AS entityId FROM ledger WHERE device_id = ? ORDER BY seq').all(core.deviceId) as Array<{ seq: number; entity: string; entityId: string }>,
      scope: scopeOfLedger(core.sqlite),
    };
    const { own, scope } = unsentFrom;
    return own.filter((entry) => {
      if (entry.seq <= seen) return false;
      const owner = scope.auditOf(entry.entity, entry.entityId);
      return owner === auditId || owner === null || owner === undefined;
    }).length;
  };
  const rebindings = new Map(listRebindings(core).map((r) => [r.deviceId, r]));
  const peers = listPeerRows(core).map((peer) => ({
    ...peer,
    trust: trustOfFingerprint(core, peer.fingerprint).trust,
    keyReplaced: ((r) => (r ? { replacedAt: r.replacedAt, at: r.at, from: r.from, sentence: rebindingSentence(r) } : null))(rebindings.get(peer.deviceId)),
    audits: peerSeenByAudit(core, peer.deviceId, core.deviceId).map((row) => ({
      auditId: row.auditId,
      auditName: auditNames.get(row.auditId) ?? row.auditId,
      seenOfOurs: row.seq,
      ourHead: ownHead,
      unsent: unsent(row.auditId, row.seq),
    })),
  }));
  const keys = core.sqlite
    .prepare('SELECT fingerprint, subject, status, added_at AS addedAt, added_by AS addedBy, revoked_at AS revokedAt, revoked_by AS revokedBy FROM trusted_keys ORDER BY added_at')
    .all() as SyncStatus['keys'];
  const imports = recentImports(core);
  const settled = new Set((core.sqlite.prepare('SELECT id FROM conflict_resolutions').all() as Array<{ id: string }>).map((r) => r.id));
  const open = { n: currentConflicts(core).filter((row) => !settled.has(row.id)).length };
  return {
    deviceId: core.deviceId,
    actor: core.actor,
    identity: identity ? { name: identity.name, fingerprint: identity.fingerprint } : null,
    ownHead,
    peers,
    keys,
    imports: imports.map((i) => ({ ...i, auditName: auditNames.get(i.auditId) ?? i.auditId })),
    openConflicts: open.n,
    forks: listForks(core),
  };
}
