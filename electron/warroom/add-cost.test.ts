import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../shared/time';
import { createAudit } from '../audits/service';
import { createRelease, saveRunbook } from '../releases/service';
import { statementsOf } from '../../tests/helpers/statements';
import { testCore } from '../../tests/helpers/temp';
import { addEntry, warRoomBoard } from './service';

// Adding to the war-room log costs the same on a long log as on a short one: the checks read the
// entries the new one is about through indexes, never the whole log (issue 13). And they decide as
// the whole log's board decides, whatever mix of starts, finishes, approvals, rollbacks and voids came before.

function deployment(steps = 2) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'PAY-1', windowStart: '2026-11-20T22:00:00.000Z' });
  const runbook = Array.from({ length: steps }, (_, i) => ({ title: `Step ${i}`, plannedStart: null, plannedEnd: null, owner: 'SRE', parameters: {}, contacts: '' }));
  return { core, release: saveRunbook(core, release.id, runbook) };
}

/** A log of `n` node updates and notes, then the statements of one more entry of each checked kind. */
function addPath(n: number) {
  const { core, release } = deployment();
  for (let i = 0; i < n; i += 1) {
    addEntry(core, { releaseId: release.id, kind: i % 2 ? 'note' : 'node-status', body: i % 2 ? { text: `Note ${i}` } : { node: `n-${i}`, status: 'in-progress' } });
  }
  const [step] = release.runbook;
  const run = (work: () => unknown) => statementsOf(core, work).statements;
  const change = addEntry(core, { releaseId: release.id, kind: 'on-the-fly-change', body: { text: 'Pool size 80' } });
  return {
    core,
    writes: {
      started: run(() => addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: step!.id } })),
      finished: run(() => addEntry(core, { releaseId: release.id, kind: 'step-finished', body: { stepId: step!.id } })),
      approved: run(() => addEntry(core, { releaseId: release.id, kind: 'change-approved', body: { changeEntryId: change.id, approvedBy: 'CAB' } })),
      rollback: run(() => addEntry(core, { releaseId: release.id, kind: 'rollback-started', body: { mode: 'manual' } })),
      note: run(() => addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'Done' } })),
    },
  };
}

describe('adding to the war-room log', () => {
  it('runs the same statements after 200 entries as after 4, none of them reading the log whole', () => {
    const small = addPath(4);
    const large = addPath(200);
    expect(large.writes).toEqual(small.writes);
    const problems: string[] = [];
    for (const [name, statements] of Object.entries(large.writes)) {
      for (const sql of statements.filter((s) => /warroom_entries/.test(s) && /^\s*(SELECT|WITH)/i.test(s))) {
        const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))];
        const plan = core(large).sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const rows = (names.length ? plan.all(Object.fromEntries(names.map((k) => [k, null]))) : plan.all(...new Array<null>((sql.match(/\?/g) ?? []).length).fill(null))) as Array<{ detail: string }>;
        // Reading one release's entries along an index that stops at the release alone is a read of the whole log too.
        const whole = rows.filter((r) => /^SCAN warroom_entries|warroom_entries_release_idx \(release_id=\?\)$|release_page_idx \(release_id=\?\)$/.test(r.detail));
        if (whole.length > 0) problems.push(`${name}: ${whole.map((r) => r.detail).join('; ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('accepts and refuses each entry as the whole board does, voids and all', () => {
    const kinds = ['step-started', 'step-finished', 'on-the-fly-change', 'change-approved', 'rollback-started', 'rollback-finished', 'void', 'note'] as const;
    fc.assert(
      fc.property(fc.array(fc.record({ kind: fc.constantFrom(...kinds), pick: fc.nat(20), minutes: fc.integer({ min: 0, max: 120 }) }), { maxLength: 25 }), (script) => {
        const { core, release } = deployment(3);
        const added: Array<{ id: string; kind: string }> = [];
        for (const { kind, pick, minutes } of script) {
          const at = new Date(Date.parse('2026-11-20T22:00:00.000Z') + minutes * 60_000).toISOString();
          const changes = added.filter((e) => e.kind === 'on-the-fly-change');
          const stepId = release.runbook[pick % 3]!.id;
          const input =
            kind === 'void'
              ? added.length ? { kind: 'correction' as const, body: { correctsId: added[pick % added.length]!.id, reason: 'wrong', void: true } } : null
              : kind === 'change-approved'
                ? changes.length ? { kind, body: { changeEntryId: changes[pick % changes.length]!.id, approvedBy: 'CAB' } } : null
                : kind === 'step-started' || kind === 'step-finished' ? { kind, body: { stepId } }
                  : kind === 'on-the-fly-change' || kind === 'note' ? { kind, body: { text: 'x' } }
                    : kind === 'rollback-started' ? { kind, body: { mode: 'manual' } } : { kind, body: { outcome: 'recovered', rtoTargetMinutes: 30 } };
          if (!input) continue;
          const expected = wholeBoardVerdict(core, release.id, input.kind, input.body, at);
          let got = 'ok';
          try {
            added.push(addEntry(core, { releaseId: release.id, kind: input.kind, body: input.body, at }));
          } catch (error) {
            got = (error as Error).message;
          }
          expect(got).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const core = (path: { core: ReturnType<typeof testCore> }) => path.core;

/** The verdict of the checks as they were before issue 13: worked out from the board of the whole log. */
function wholeBoardVerdict(c: ReturnType<typeof testCore>, releaseId: string, kind: string, body: Record<string, unknown>, at: string): string {
  const board = warRoomBoard(c, releaseId);
  const step = board.steps.find((s) => s.stepId === body.stepId);
  if (kind === 'step-started' && step?.actualStart) return `"${step.title}" has already started (${formatInZone(step.actualStart, 'UTC')}).`;
  if (kind === 'step-finished') {
    if (!step?.actualStart) return `"${step?.title ?? 'That step'}" has not started yet.`;
    if (step.actualEnd) return `"${step.title}" has already finished.`;
    if (at < step.actualStart) return `at: "${step.title}" cannot finish before it started (${formatInZone(step.actualStart, 'UTC')}).`;
  }
  if (kind === 'change-approved') {
    const change = board.entries.find((e) => e.id === body.changeEntryId);
    if (change && at < change.at) return 'at: a change cannot be approved before it was made.';
    if (!board.pendingChanges.some((p) => p.entryId === body.changeEntryId)) return 'That on-the-fly change is already approved.';
  }
  const open = board.rollbacks.find((r) => r.finishedAt === null);
  if (kind === 'rollback-finished' && !open) return 'No rollback is running: log its start first.';
  if (kind === 'rollback-finished' && open && at < open.startedAt) return 'at: a rollback cannot finish before it started.';
  if (kind === 'rollback-started' && open) return 'A rollback is already running: log its finish first.';
  return 'ok';
}
