import { describe, expect, it, vi } from 'vitest';
import { FindingFields } from '../../shared/api/findings';
import { createAudit } from '../audits/service';
import { transact, type Core } from '../services';
import { statementsOf } from '../../tests/helpers/statements';
import { testCore } from '../../tests/helpers/temp';
import { listFindings, pageFindings } from './list';

// Listing findings costs the same few queries however many rows there are: the evidence count comes
// with each row, repeats are looked up for all the rows' controls at once, and stored rows are not
// parsed again.

const controls = ['RA-RFC-01', 'RA-RFC-02', 'RA-CAB-01', 'RA-TST-01', 'RA-ROL-01', 'RA-MON-01'];

function auditWith(core: Core, count: number): string {
  const earlier = createAudit(core, { name: 'Last quarter', description: '' });
  core.sqlite.prepare('UPDATE audits SET created_at = ? WHERE id = ?').run('2025-01-01T00:00:00.000Z', earlier.id);
  const audit = createAudit(core, { name: 'This quarter', description: '' });
  transact(core, (records) => {
    for (let i = 0; i < count; i += 1) {
      for (const [auditId, status] of [[earlier.id, 'open'], [audit.id, 'draft']] as const) {
        const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
        const row = records.insert('findings', {
          id: `${auditId.slice(0, 30)}-${i}`, auditId, title: `Finding ${i}`, severity: i % 2 ? 'major' : 'minor', status, controlId: controls[i % controls.length] as string,
          stage: null, criteria: '', condition: '', cause: 'emergency change skipped approval', effect: '', recommendation: '', ownerRole: '', ownerName: '', dueAt: null, confidential: false,
          acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: at, updatedAt: at,
        });
        records.insert('evidence_links', { id: `${row.id}-link`, evidenceId: `${row.id}-none`, targetType: 'finding', targetId: row.id, linkedAt: at, linkedBy: 'test' });
      }
    }
  });
  return audit.id;
}

describe('the findings list', () => {
  it('runs as many queries for 40 findings as for 4, parses no stored row, and counts evidence and repeats', () => {
    const parse = vi.spyOn(FindingFields, 'parse');
    const cost = (count: number) => {
      const core = testCore();
      core.sqlite.pragma('foreign_keys = OFF');
      const auditId = auditWith(core, count);
      parse.mockClear();
      const all = statementsOf(core, () => listFindings(core, auditId));
      const page = statementsOf(core, () => pageFindings(core, { auditId, limit: count }));
      expect(parse).not.toHaveBeenCalled();
      expect(all.result).toHaveLength(count);
      // Each finding repeats every earlier one of its control (one per sixth finding before).
      const sameControl = (f: { title: string }) => {
        const i = Number(f.title.split(' ')[1]);
        return Array.from({ length: count }, (_, j) => j).filter((j) => j % controls.length === i % controls.length).length;
      };
      expect(all.result.map((f) => [f.evidenceCount, f.repeatCount, f.repeatOf !== null])).toEqual(all.result.map((f) => [1, sameControl(f), true]));
      expect(page.result.rows.map((r) => r.id).sort()).toEqual(all.result.map((f) => f.id).sort());
      return { all: all.statements.length, page: page.statements.length };
    };
    const small = cost(4);
    expect(cost(40)).toEqual(small);
    // The list, the evidence counts, and repeat detection's four (audit times, the controls' causes, their groups, the newest findings).
    expect(small.all).toBeLessThanOrEqual(6);
    parse.mockRestore();
  });
});
