import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, transitionFinding, updateFinding } from '../findings/service';
import { savePlan } from '../plans/service';
import { createRelease, updateRelease } from '../releases/service';
import { verifyAll } from '../system/verify';
import { addEntry } from '../warroom/service';
import { addInterviewNote, createInterview } from '../interviews/service';
import type { Core } from '../services';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';
import { listConflicts, resolveConflict } from './service';
import { conclude } from '../../tests/helpers/conclude';

// Three laptops edit the same audit at random and swap bundles in random order; some bundles are
// lost, some arrive twice, some arrive late. After a final round of exchanges all three hold the
// same records and the same conflicts, every laptop verifies, and every edit nobody knowingly
// overwrote is there: as the current value, or as the other value of a listed conflict.
//
// The model is independent of the implementation: each laptop knows a set of edits; a bundle
// carries what its exporter knew; an edit supersedes the edits of the same field its laptop knew.

type Target = 'finding0.title' | 'finding0.condition' | 'finding1.title' | 'release.system' | 'plan.objective';
const targets: Target[] = ['finding0.title', 'finding0.condition', 'finding1.title', 'release.system', 'plan.objective'];

type Action =
  | { kind: 'edit'; at: number; target: Target }
  | { kind: 'note'; at: number; log: 'warroom' | 'interview' }
  | { kind: 'send'; from: number; to: number; delta: boolean; fate: 'deliver' | 'lose' | 'twice' | 'later' }
  | { kind: 'late'; pick: number }
  | { kind: 'resolve'; at: number; swap: boolean }
  | { kind: 'finalise'; at: number };

const laptopIndex = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: laptopIndex, target: fc.constantFrom(...targets) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('note' as const), at: laptopIndex, log: fc.constantFrom('warroom' as const, 'interview' as const) }) },
  {
    weight: 4,
    arbitrary: fc
      .record({ kind: fc.constant('send' as const), from: laptopIndex, to: laptopIndex, delta: fc.boolean(), fate: fc.constantFrom('deliver' as const, 'deliver' as const, 'lose' as const, 'twice' as const, 'later' as const) })
      .filter((a) => a.from !== a.to),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), at: laptopIndex, swap: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('finalise' as const), at: laptopIndex }) },
);

interface Edit {
  id: number;
  target: Target;
  value: string;
}

const tables = ['audits', 'audit_plans', 'findings', 'releases', 'warroom_entries', 'interviews', 'interview_notes', 'conflict_resolutions', 'evidence', 'custody_events', 'evidence_links'];

describe('three laptops exchanging bundles at random', () => {
  it('end with the same state, and every edit is the current value or a recorded conflict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 22 }), async (actions) => {
        const laptops = [laptop('Alice'), laptop('Bob'), laptop('Carol')] as [Core, Core, Core];
        const dir = tempDir();
        try {
          const [a] = laptops;
          const audit = createAudit(a, { name: 'Converging audit', description: '' });
          conclude(a, audit.id);
          // Findings out of draft (complete, with evidence), so that the audit can be finalised.
          const complete = { criteria: 'policy', condition: 'seen', cause: 'why', effect: 'risk', recommendation: 'fix' };
          const findings = [createFinding(a, { auditId: audit.id, title: 'first', ...complete }), createFinding(a, { auditId: audit.id, title: 'second', ...complete })];
          for (const finding of findings) {
            await addEvidenceText(a, { auditId: audit.id, kind: 'log-excerpt', text: `log for ${finding.title}\n`, sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }] });
            transitionFinding(a, { id: finding.id, to: 'open', acceptedBy: '', reason: '' });
          }
          const release = createRelease(a, { auditId: audit.id, identifier: 'REL-1' });
          savePlan(a, { auditId: audit.id, objective: 'start' });
          const interview = createInterview(a, { auditId: audit.id, interviewee: 'Dana Ops' });
          for (const other of laptops.slice(1)) await exchange(a, other, audit.id, { dir });

          const targetOf = (entity: string, entityId: string, field: string): Target => {
            if (entity === 'releases') return 'release.system';
            if (entity === 'audit_plans') return 'plan.objective';
            if (entityId === findings[1]!.id) return 'finding1.title';
            return field === 'condition' ? 'finding0.condition' : 'finding0.title';
          };
          const edits: Edit[] = [];
          const superseded = new Set<number>();
          const known: Array<Set<number>> = [new Set(), new Set(), new Set()];
          const notes: string[] = [];
          const pending: Array<{ file: string; to: number; carries: Set<number> }> = [];
          let counter = 0;
          const write = (at: number, target: Target, value: string) => {
            const core = laptops[at] as Core;
            if (frozenOn(core)) return; // the app refuses edits of a finalised audit
            if (target === 'finding0.title') updateFinding(core, { id: findings[0]!.id, title: value });
            if (target === 'finding0.condition') updateFinding(core, { id: findings[0]!.id, condition: value });
            if (target === 'finding1.title') updateFinding(core, { id: findings[1]!.id, title: value });
            if (target === 'release.system') updateRelease(core, { id: release.id, system: value });
            if (target === 'plan.objective') savePlan(core, { auditId: audit.id, objective: value });
            for (const id of known[at]!) if (edits[id]!.target === target) superseded.add(id);
            const edit = { id: edits.length, target, value };
            edits.push(edit);
            known[at]!.add(edit.id);
          };
          const frozenOn = (core: Core) => (core.sqlite.prepare('SELECT status FROM audits WHERE id = ?').get(audit.id) as { status: string }).status === 'finalised';
          const deliver = async (file: string, to: number, carries: Set<number>) => {
            await importBundle(laptops[to] as Core, file, { trustFingerprint: await fingerprintOf(file, laptops[to] as Core) });
            for (const id of carries) known[to]!.add(id);
          };

          for (const step of actions) {
            if (step.kind === 'edit') write(step.at, step.target, `${'ABC'[step.at]}${(counter += 1)}`);
            if (step.kind === 'finalise' && !frozenOn(laptops[step.at] as Core)) finaliseAudit(laptops[step.at] as Core, audit.id);
            if (step.kind === 'note' && !frozenOn(laptops[step.at] as Core)) {
              const text = `note ${(counter += 1)} by ${'ABC'[step.at]}`;
              if (step.log === 'warroom') addEntry(laptops[step.at] as Core, { releaseId: release.id, kind: 'note', body: { text } });
              else addInterviewNote(laptops[step.at] as Core, { interviewId: interview.id, text });
              notes.push(text);
            }
            if (step.kind === 'send') {
              const from = laptops[step.from] as Core;
              const to = laptops[step.to] as Core;
              const file = path.join(dir, `b${(counter += 1)}.rabundle`);
              const peerKnown = from.sqlite.prepare('SELECT 1 FROM sync_peers WHERE device_id = ?').get(to.deviceId) !== undefined;
              await exportBundle(from, { auditId: audit.id, out: file, forPeer: step.delta && peerKnown ? to.deviceId : null });
              const carries = new Set(known[step.from]);
              if (step.fate === 'deliver' || step.fate === 'twice') await deliver(file, step.to, carries);
              if (step.fate === 'twice') await deliver(file, step.to, carries);
              if (step.fate === 'later') pending.push({ file, to: step.to, carries });
            }
            if (step.kind === 'late' && pending.length > 0) {
              const [late] = pending.splice(step.pick % pending.length, 1);
              await deliver(late!.file, late!.to, late!.carries);
            }
            if (step.kind === 'resolve') {
              const open = listConflicts(laptops[step.at] as Core).filter((c) => !c.resolution);
              const conflict = open[0];
              if (conflict) {
                const swap = step.swap && conflict.canSwap;
                resolveConflict(laptops[step.at] as Core, { id: conflict.id, decision: swap ? 'swap' : 'keep' });
                if (swap) {
                  // A swap is an edit made knowingly over the current value.
                  const target = targetOf(conflict.entity, conflict.entityId, conflict.field);
                  for (const id of known[step.at]!) if (edits[id]!.target === target) superseded.add(id);
                  const edit = { id: edits.length, target, value: String(conflict.other.value) };
                  edits.push(edit);
                  known[step.at]!.add(edit.id);
                }
              }
            }
          }
          // Late bundles still in the pool are delivered too (or lost: a lost bundle is simply never imported).
          for (const late of pending.splice(0)) if (late.file.length % 2 === 0) await deliver(late.file, late.to, late.carries);

          // Final round: everyone passes everything on, around the ring twice.
          for (const [from, to] of [[0, 1], [1, 2], [2, 0], [0, 1], [1, 2]] as const) {
            const { file } = await exchange(laptops[from] as Core, laptops[to] as Core, audit.id, { dir, forPeer: true });
            void file;
          }
          const states = laptops.map((core) => recordsOf(core, tables));
          expect(states[1]).toEqual(states[0]);
          expect(states[2]).toEqual(states[0]);
          const conflicts = laptops.map((core) => listConflicts(core).map((c) => [c.id, c.current.value, c.other.value, c.resolution?.decision ?? null]));
          expect(conflicts[1]).toEqual(conflicts[0]);
          expect(conflicts[2]).toEqual(conflicts[0]);
          for (const core of laptops) expect((await verifyAll(core)).problems).toEqual([]);

          const current = (target: Target): unknown => {
            const core = laptops[0];
            if (target === 'finding0.title') return core.sqlite.prepare('SELECT title AS v FROM findings WHERE id = ?').get(findings[0]!.id);
            if (target === 'finding0.condition') return core.sqlite.prepare('SELECT condition AS v FROM findings WHERE id = ?').get(findings[0]!.id);
            if (target === 'finding1.title') return core.sqlite.prepare('SELECT title AS v FROM findings WHERE id = ?').get(findings[1]!.id);
            if (target === 'release.system') return core.sqlite.prepare('SELECT system AS v FROM releases WHERE id = ?').get(release.id);
            return core.sqlite.prepare('SELECT objective AS v FROM audit_plans WHERE id = ?').get(audit.id);
          };
          const listed = listConflicts(laptops[0]);
          for (const edit of edits) {
            if (superseded.has(edit.id)) continue;
            const value = (current(edit.target) as { v: string }).v;
            const inConflict = listed.some((c) => targetOf(c.entity, c.entityId, c.field) === edit.target && c.other.value === edit.value);
            expect({ edit, present: value === edit.value || inConflict }).toEqual({ edit, present: true });
          }
          // Every note (war room or interview) is in its log, or held back (listed) because the audit was
          // finalised elsewhere first. Appended notes never make a conflict of their own.
          const storedNotes = [
            ...(laptops[0].sqlite.prepare('SELECT body FROM warroom_entries').all() as Array<{ body: string }>).map((r) => (JSON.parse(r.body) as { text: string }).text),
            ...(laptops[0].sqlite.prepare('SELECT text FROM interview_notes').all() as Array<{ text: string }>).map((r) => r.text),
          ];
          expect(listed.filter((c) => c.kind !== 'frozen' && (c.entity === 'warroom_entries' || c.entity === 'interview_notes'))).toEqual([]);
          for (const text of notes) {
            const held = listed.some((c) => c.kind === 'frozen' && (c.entity === 'warroom_entries' || c.entity === 'interview_notes') && JSON.stringify(c.other.value).includes(text));
            expect({ text, present: storedNotes.includes(text) || held }).toEqual({ text, present: true });
          }
          expect(storedNotes.length).toBeLessThanOrEqual(notes.length);
        } finally {
          for (const core of laptops) core.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 20), endOnFailure: true },
    );
  }, 300_000);
});

async function fingerprintOf(file: string, core: Core): Promise<string | undefined> {
  try {
    return (await inspectBundle(core, file)).signer.fingerprint;
  } catch {
    return undefined;
  }
}
