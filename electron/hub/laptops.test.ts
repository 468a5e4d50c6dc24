import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { addEvidenceFile } from '../evidence/service';
import { createFinding, updateFinding } from '../findings/service';
import { verifyAll } from '../system/verify';
import { listConflicts } from '../sync/service';
import { getVersion } from '../templates/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import type { Core } from '../services';
import { laptop, recordsOf } from '../../tests/helpers/laptops';
import { endpointOf, enrol, startTestHub, type TestHub } from '../../tests/helpers/hub';
import { tempDir } from '../../tests/helpers/temp';
import { syncWithHub, type HubEndpoint } from './client';
import { setMember } from './members';

// Laptops that work offline on the same audit and meet only through the hub end with the same
// records, the same conflicts and verifying ledgers, whatever order they sync in; a laptop away
// for a week (its clock a week off) sends its week whole and receives all it missed.

const tables = ['audits', 'audit_plans', 'findings', 'checklist_results', 'evidence', 'evidence_links', 'custody_events', 'conflict_resolutions', 'audit_members'];
const WEEK = 7 * 24 * 3600 * 1000;

interface Team {
  test: TestHub;
  endpoint: HubEndpoint;
  laptops: Core[];
  auditId: string;
  findingId: string;
}

/** A hub, a lead who brings an audit, and two auditors who received it once; then all go offline. */
async function team(names: string[], clocks: Record<string, () => number> = {}): Promise<Team> {
  const test = await startTestHub();
  const endpoint = await endpointOf(test.server.url);
  const laptops = names.map((name) => laptop(name, clocks[name] ? { now: clocks[name] } : {}));
  const [lead, ...others] = laptops as [Core, ...Core[]];
  await enrol(test.hub, lead, { mayOpenAudits: true });
  const audit = createAudit(lead, { name: 'Payments 5.0', description: 'three laptops' });
  pinTemplate(lead, audit.id, DEFAULT_TEMPLATE_V1_ID);
  const finding = createFinding(lead, { auditId: audit.id, title: 'Backout plan untested' });
  await syncWithHub(lead, endpoint);
  for (const core of others) {
    const key = await enrol(test.hub, core);
    await setMember(test.hub, { auditId: audit.id, fingerprint: key, name: core.actor, role: 'auditor', by: 'admin' });
    await syncWithHub(core, endpoint);
  }
  return { test, endpoint, laptops, auditId: audit.id, findingId: finding.id };
}

function sameEverywhere(laptops: Core[], auditId: string): void {
  const [first, ...rest] = laptops.map((core) => recordsOf(core, tables));
  for (const state of rest) expect(state).toEqual(first);
  const conflicts = laptops.map((core) => listConflicts(core, auditId).map((c) => [c.id, c.field, c.current.value, c.other.value]));
  for (const list of conflicts.slice(1)) expect(list).toEqual(conflicts[0]);
}

describe('laptops meeting through the hub', () => {
  it('three laptops that worked offline end identical, whatever order they sync in', async () => {
    const evidence = path.join(tempDir(), 'change-log.txt');
    fs.writeFileSync(evidence, 'CHG-1234 approved by CAB on 2026-11-30\n'.repeat(50_000));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]), async (order) => {
        const { test, endpoint, laptops, auditId, findingId } = await team(['Lead', 'Ann', 'Ben']);
        try {
          const checklist = getVersion(laptops[0] as Core, DEFAULT_TEMPLATE_V1_ID).content.items;
          // Offline, each on its own: findings, checklist results, evidence; two add the same file, and two retitle the same finding.
          for (const [i, core] of laptops.entries()) {
            createFinding(core, { auditId, title: `Found by ${core.actor}` });
            recordResult(core, { auditId, itemKey: (checklist[i] as { key: string }).key, result: 'fail', note: `by ${core.actor}` });
          }
          await addEvidenceFile(laptops[0] as Core, { auditId, path: evidence, refersTo: null, sourceSystem: 'itsm', captureMethod: 'file', note: 'Lead copy' });
          await addEvidenceFile(laptops[1] as Core, { auditId, path: evidence, refersTo: null, sourceSystem: 'itsm', captureMethod: 'file', note: 'Ann copy' });
          updateFinding(laptops[1] as Core, { id: findingId, title: 'Backout plan never rehearsed' });
          updateFinding(laptops[2] as Core, { id: findingId, title: 'Backout plan not tested in staging' });

          // Two rounds in the chosen order: by then each has sent all and received all.
          for (const index of [...order, ...order]) await syncWithHub(laptops[index] as Core, endpoint);

          sameEverywhere(laptops, auditId);
          expect(listConflicts(laptops[0] as Core, auditId).filter((c) => c.field === 'title')).toHaveLength(1);
          expect((recordsOf(laptops[0] as Core, ['findings']).findings as unknown[]).length).toBe(4);
          for (const core of laptops) expect((await verifyAll(core)).problems).toEqual([]);
          // The one file two laptops added is held once by the department, in 1 MiB pieces.
          const sha = (laptops[0] as Core).sqlite.prepare('SELECT DISTINCT sha256 FROM evidence').pluck().all() as string[];
          expect(sha).toHaveLength(1);
          const pg = test.hub.database.pool;
          expect((await pg.query('SELECT sha256, size FROM hub_objects')).rows).toEqual([{ sha256: sha[0], size: String(fs.statSync(evidence).size) }]);
          expect((await pg.query('SELECT count(*)::int AS n FROM hub_object_chunks WHERE sha256 = $1', [sha[0]])).rows[0]).toEqual({ n: Math.ceil(fs.statSync(evidence).size / 1024 ** 2) });
          // Every entry the hub accepted is in PostgreSQL, once.
          const entries = (await pg.query('SELECT count(*)::int AS n, count(DISTINCT (device_id, seq))::int AS d FROM hub_entries')).rows[0] as { n: number; d: number };
          expect(entries).toEqual({ n: test.hub.core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get(), d: entries.n });
        } finally {
          await test.close();
        }
      }),
      { numRuns: 3 },
    );
  });

  it('a laptop away for a week, its clock a week behind, sends its week whole and receives everything', async () => {
    const behind = () => Date.now() - WEEK;
    const { test, endpoint, laptops, auditId, findingId } = await team(['Lead', 'Ann', 'Away'], { Away: behind });
    try {
      const [lead, ann, away] = laptops as [Core, Core, Core];
      // The week: the lead and Ann sync many times; the laptop away works on its own.
      for (let day = 0; day < 7; day += 1) {
        createFinding(lead, { auditId, title: `Lead day ${day}` });
        createFinding(ann, { auditId, title: `Ann day ${day}` });
        await syncWithHub(lead, endpoint);
        await syncWithHub(ann, endpoint);
        for (let n = 0; n < 5; n += 1) createFinding(away, { auditId, title: `Away day ${day} #${n}` });
      }
      updateFinding(lead, { id: findingId, title: 'Retitled by the lead during the week' });
      updateFinding(away, { id: findingId, title: 'Retitled while away' });
      await syncWithHub(lead, endpoint);
      const awayOwn = away.sqlite.prepare('SELECT count(*) FROM ledger WHERE device_id = ?').pluck().get(away.deviceId) as number;

      const back = await syncWithHub(away, endpoint);
      expect(back.audits).toEqual([expect.objectContaining({ auditId, pushed: expect.objectContaining({ newEntries: expect.any(Number) }), pulled: expect.objectContaining({ newEntries: expect.any(Number) }) })]);
      // Its whole week is on the hub, in PostgreSQL.
      const held = (await test.hub.database.pool.query('SELECT count(*)::int AS n, max(seq)::int AS top FROM hub_entries WHERE device_id = $1', [away.deviceId])).rows[0];
      expect(held).toEqual({ n: awayOwn, top: awayOwn });
      // It received everything the others did.
      expect(away.sqlite.prepare("SELECT count(*) FROM findings WHERE title LIKE 'Lead day %' OR title LIKE 'Ann day %'").pluck().get()).toBe(14);
      await syncWithHub(lead, endpoint);
      await syncWithHub(ann, endpoint);
      sameEverywhere(laptops, auditId);
      expect(lead.sqlite.prepare("SELECT count(*) FROM findings WHERE title LIKE 'Away day %'").pluck().get()).toBe(35);
      // Its edit, a week older by its clock, is the other side of a conflict, not lost.
      const conflict = listConflicts(lead, auditId).find((c) => c.field === 'title');
      expect(conflict && [conflict.current.value, conflict.other.value].sort()).toEqual(['Retitled by the lead during the week', 'Retitled while away']);
      for (const core of laptops) expect((await verifyAll(core)).problems).toEqual([]);
    } finally {
      await test.close();
    }
  });
});
