import { AppError } from '../../shared/api/errors';
import type { IndexedScope } from '../ledger/replay-scope';
import { recordKind } from '../registry/registry';
import type { FullEntry } from '../sync/format';

// A push is for one audit, and the hub checks who may send work to that audit only: so every record
// a pushed bundle writes must be of that audit (or of the shared library). Without this an auditor on
// one audit could carry findings into another, or a whole new audit, inside a bundle named for theirs.

export function refuseOtherAudits(scope: IndexedScope, entries: FullEntry[], auditId: string): void {
  // Records the bundle creates are placed by their first insert, as the import places them.
  for (const entry of entries.filter((e) => e.op === 'insert').sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))) scope.learn(entry);
  for (const entry of entries) {
    const owner = scope.auditOf(entry.entity, entry.entityId);
    if (typeof owner !== 'string' || owner === auditId) continue;
    const noun = recordKind(entry.entity)?.noun ?? entry.entity;
    throw new AppError(
      'UNAUTHORIZED',
      `The bundle pushed for the audit ${auditId} carries ${entry.entity === 'audits' ? `another audit (${owner})` : `a ${noun} record of another audit (${owner})`} in entry #${entry.seq} of device ${entry.deviceId}: a push carries the work of its own audit only, and was refused.`,
    );
  }
}
