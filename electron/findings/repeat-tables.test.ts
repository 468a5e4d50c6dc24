import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { undoMigrationsFrom } from '../../tests/helpers/undo-migration';
import { createAudit } from '../audits/service';
import { sourceRoot } from '../paths';
import { transact, type Core } from '../services';
import { verifyAll } from '../system/verify';
import { listFindings } from './list';
import { sameRootCause } from './repeats';

// The cause tables repeat detection reads are kept by triggers through every kind of edit (status, cause,
// control, deletion), and a folder made before they existed gets them filled by their migration: either
// way the repeats are those a comparison with every earlier finding one by one finds.

const words = ['approval', 'missing', 'emergency', 'path', 'policy', 'rollback', 'skipped', 'ticket'];
const controls = ['RA-RFC-01', 'RA-RFC-02', null];
const statuses = ['draft', 'open', 'closed'] as const;

interface Made {
  id: string;
  auditId: string;
  auditIndex: number;
  controlId: string | null;
  cause: string;
  status: string;
}

const finding = fc.record({ control: fc.constantFrom(...controls), cause: fc.subarray(words, { minLength: 1, maxLength: 4 }), status: fc.constantFrom(...statuses) });
const edit = fc.record({ target: fc.nat(), change: fc.oneof(finding, fc.constant('delete' as const)) });

/** Audits one after another, each with its findings, all written through the record writer. */
function build(core: Core, audits: Array<Array<{ control: string | null; cause: string[]; status: string }>>): Made[] {
  const made: Made[] = [];
  audits.forEach((spec, auditIndex) => {
    const audit = createAudit(core, { name: `Audit ${auditIndex}`, description: '' });
    const at = new Date(Date.UTC(2026, 0, 1 + auditIndex)).toISOString();
    core.sqlite.prepare('UPDATE audits SET created_at = ? WHERE id = ?').run(at, audit.id);
    transact(core, (records) => {
      for (const [i, f] of spec.entries()) {
        const id = `${audit.id.slice(0, 30)}-${i}`;
        records.insert('findings', {
          id, auditId: audit.id, title: `F${auditIndex}.${i}`, severity: 'major', status: f.status, controlId: f.control, stage: null, criteria: '', condition: '',
          cause: f.cause.join(' '), effect: '', recommendation: '', ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '',
          releaseId: null, sourceResultId: null, createdAt: at, updatedAt: at,
        });
        made.push({ id, auditId: audit.id, auditIndex, controlId: f.control, cause: f.cause.join(' '), status: f.status });
      }
    });
  });
  return made;
}

/** Each finding's repeats must be what comparing it with every earlier finding one by one gives. */
function expectOneByOne(core: Core, made: Made[]): void {
  for (const auditId of new Set(made.map((m) => m.auditId))) {
    for (const f of listFindings(core, auditId)) {
      const mine = made.find((m) => m.id === f.id) as Made;
      const matches = mine.controlId && mine.cause.trim()
        ? made.filter((m) => m.auditIndex < mine.auditIndex && m.controlId === mine.controlId && m.status !== 'draft' && sameRootCause(m.cause, mine.cause))
        : [];
      expect([f.id, f.repeatCount]).toEqual([f.id, matches.length]);
      const newest = Math.max(-1, ...matches.map((m) => m.auditIndex));
      expect(f.repeatOf ? (made.find((m) => m.id === f.repeatOf!.id) as Made).auditIndex : -1).toBe(newest);
    }
  }
}

/** The cause tables hold exactly what the findings give (as their migration would fill them afresh). */
function expectTablesInStep(core: Core): void {
  const raised = "f.control_id IS NOT NULL AND f.status <> 'draft'";
  const groups = `SELECT lower(f.control_id) AS control_key, f.cause, f.audit_id, a.created_at AS audit_created_at, count(*) AS n FROM findings f JOIN audits a ON a.id = f.audit_id WHERE ${raised} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  expect(core.sqlite.prepare('SELECT * FROM finding_cause_groups ORDER BY 1, 2, 3').all()).toEqual(core.sqlite.prepare(groups).all());
  const totals = `SELECT lower(f.control_id) AS control_key, f.cause, count(*) AS n FROM findings f WHERE ${raised} GROUP BY 1, 2 ORDER BY 1, 2`;
  expect(core.sqlite.prepare('SELECT * FROM finding_cause_totals ORDER BY 1, 2').all()).toEqual(core.sqlite.prepare(totals).all());
}

describe('the cause tables of repeat detection', () => {
  it('stay in step through edits of status, cause and control and through deletions, and give the one-by-one repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.array(finding, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.array(edit, { maxLength: 8 }), (audits, edits) => {
        const core = testCore();
        let made = build(core, audits);
        for (const { target, change } of edits) {
          const f = made[target % Math.max(made.length, 1)];
          if (!f) break;
          if (change === 'delete') {
            // As a merge that takes a finding out does: straight to the table (no finding is deleted by a person).
            core.sqlite.prepare('DELETE FROM findings WHERE id = ?').run(f.id);
            made = made.filter((m) => m.id !== f.id);
          } else {
            const next = { controlId: change.control, cause: change.cause.join(' '), status: change.status };
            transact(core, (records) => records.update('findings', f.id, next));
            Object.assign(f, next);
          }
        }
        expectTablesInStep(core);
        expectOneByOne(core, made);
        core.close();
      }),
      { numRuns: 25 },
    );
  });

  it('are filled by their migration for a folder made before them, giving the same repeats', async () => {
    const dataDir = tempDir();
    const old = testCore({ dataDir, appRoot: sourceRoot });
    const made = build(old, [
      [{ control: 'RA-RFC-01', cause: ['approval', 'missing', 'ticket'], status: 'open' }, { control: 'RA-RFC-02', cause: ['rollback', 'skipped'], status: 'closed' }],
      [{ control: 'RA-RFC-01', cause: ['approval', 'missing'], status: 'draft' }, { control: 'RA-RFC-02', cause: ['rollback', 'skipped', 'path'], status: 'open' }],
      [{ control: 'RA-RFC-01', cause: ['ticket', 'approval', 'missing'], status: 'open' }, { control: 'ra-rfc-02', cause: ['skipped', 'rollback'], status: 'open' }],
    ]);
    const before = new Map(made.map((m) => [m.id, listFindings(old, m.auditId).find((f) => f.id === m.id)]));
    expect([...before.values()].some((f) => f && f.repeatCount > 0)).toBe(true);
    old.close();
    // Put the database back as the older app left it: the cause tables and their triggers gone, their migration and later ones not applied.
    const sqlite = new Database(path.join(dataDir, 'release-audit.db'));
    undoMigrationsFrom(sqlite, '_finding_cause_groups');
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'finding\\_cause\\_%' ESCAPE '\\'").get()).toEqual({ n: 0 });
    sqlite.close();
    const core = testCore({ dataDir });
    expectTablesInStep(core);
    for (const m of made) expect(listFindings(core, m.auditId).find((f) => f.id === m.id)).toEqual(before.get(m.id));
    // Its triggers are as the migration wrote them (the records differ from the ledger only by the audit times set above).
    expect((await verifyAll(core)).problems.filter((p) => p.area !== 'records')).toEqual([]);
    core.close();
  });
});
