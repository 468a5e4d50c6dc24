import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';

// A write of a finding marks the audits made after its own that name its control (their repeat counts may
// change). Those are found as a range of creation times of the control's cause groups, not by reading every
// audit's groups of the control: on a department's years of audits the write stays the same size.

describe('the later audits a finding write marks', () => {
  it('are found as a range of creation times within the control', () => {
    const core = testCore();
    const triggers = core.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kpi_dirty_finding_repeats_%'").pluck().all() as string[];
    expect(triggers).toHaveLength(3);
    const lookups = triggers.flatMap((sql) => [...sql.matchAll(/SELECT DISTINCT g\.audit_id FROM finding_cause_groups g WHERE [^;]*/g)].map((m) => m[0].replace(/\b(NEW|OLD)\.\w+/g, '?')));
    expect(lookups.length).toBeGreaterThanOrEqual(3);
    for (const sql of lookups) {
      const plan = (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array<null>((sql.match(/\?/g) ?? []).length).fill(null)) as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.join('\n')).toMatch(/SEARCH g USING (COVERING )?INDEX finding_cause_groups_control_time_idx \(control_key=\? AND audit_created_at>\?\)/);
    }
    core.close();
  });
});
