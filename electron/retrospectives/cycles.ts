import type { Core } from '../services';

// Which audits are the earlier cycles of an audit. Audits have no period of their own, so cycles are
// the audits on this laptop in the order they were created (as repeat detection orders them). Two
// audits are of the same series when they share a system named on their releases; an audit whose
// releases name no system yet is of every series (nothing says it is not).

export interface Cycle {
  id: string;
  name: string;
  createdAt: string;
}

export const cycleRule =
  'Earlier cycles are the audits created on this laptop before this one that share a system with it (an audit whose releases name no system counts as sharing one).';

export function earlierCycles(core: Core, auditId: string): Cycle[] {
  const audits = core.sqlite.prepare('SELECT id, name, created_at AS createdAt FROM audits ORDER BY created_at, id').all() as Cycle[];
  const at = audits.findIndex((audit) => audit.id === auditId);
  if (at <= 0) return [];
  const systemsOf = core.sqlite.prepare("SELECT DISTINCT lower(trim(system)) FROM releases WHERE audit_id = ? AND trim(system) <> ''").pluck();
  const own = new Set(systemsOf.all(auditId) as string[]);
  return audits.slice(0, at).filter((audit) => {
    if (own.size === 0) return true;
    const theirs = systemsOf.all(audit.id) as string[];
    return theirs.length === 0 || theirs.some((system) => own.has(system));
  });
}
