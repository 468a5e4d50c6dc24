import { Fact, type FactOf } from '../../shared/api/imports';
import type { Core } from '../services';

// What the report says of a release's configuration comparisons: the differences not ignored and
// the drift, read from the facts the comparisons kept (so the report says what the evidence says).

export interface ReleaseComparisons {
  differences: Array<FactOf<'config-difference'>>;
  drift: Array<FactOf<'drift-change'>>;
}

export function comparisonsByRelease(core: Core, auditId: string): Map<string, ReleaseComparisons> {
  const rows = core.sqlite
    .prepare("SELECT release_id AS releaseId, data FROM import_facts WHERE audit_id = ? AND release_id IS NOT NULL AND kind IN ('config-difference', 'drift-change') ORDER BY import_id, seq")
    .all(auditId) as Array<{ releaseId: string; data: string }>;
  const out = new Map<string, ReleaseComparisons>();
  for (const row of rows) {
    const parsed = Fact.safeParse(JSON.parse(row.data));
    if (!parsed.success) continue;
    const entry = out.get(row.releaseId) ?? { differences: [], drift: [] };
    if (parsed.data.kind === 'config-difference' && !parsed.data.ignored) entry.differences.push(parsed.data);
    if (parsed.data.kind === 'drift-change') entry.drift.push(parsed.data);
    out.set(row.releaseId, entry);
  }
  return out;
}
