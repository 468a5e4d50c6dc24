import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { hubPaths } from '../../shared/api/hub';
import { createAudit } from '../audits/service';
import { addEvidenceFile } from '../evidence/service';
import { createFinding } from '../findings/service';
import { loadIdentity } from '../identity/identity';
import { sourceRoot } from '../paths';
import type { Core } from '../services';
import { importBundle } from '../sync/import';
import { verifyAll } from '../system/verify';
import { laptop } from '../../tests/helpers/laptops';
import { endpointOf } from '../../tests/helpers/hub';
import { asLaptop, bundleOf, push } from '../../tests/helpers/hub-wire';
import { freshDatabase } from '../../tests/helpers/pg';
import { tempDir } from '../../tests/helpers/temp';
import { syncWithHub } from './client';
import { openHub } from './hub';

// The hub as a real process (`release-audit hub serve`), killed with SIGKILL while laptops push to
// it, then started again on the same folder and database: no acknowledged entry is lost, nothing is
// held twice, and the laptops' next sync brings everyone to the same state.

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `release-audit hub serve` and waits for the address it prints. */
async function serve(databaseUrl: string, hubDir: string): Promise<Served> {
  const child = spawn(process.execPath, [path.join(sourceRoot, 'bin', 'release-audit.js'), 'hub', 'serve', '--database-url', databaseUrl, '--hub-dir', hubDir, '--self-signed', '--port', '0', '--name', 'Killed hub'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /is served at (https:\/\/\S+)/.exec(out);
      if (found) resolve(found[1] as string);
    });
    void exited.then((code) => reject(new Error(`hub serve exited (${code}) before serving:\n${out}\n${err}`)));
  });
  return { child, url, exited };
}

async function admit(databaseUrl: string, laptops: Core[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const core of laptops) {
      const { fingerprint } = loadIdentity(core.layout.root, core.actor)!;
      await client.query('INSERT INTO hub_auditors (fingerprint, name, may_open_audits, added_by) VALUES ($1, $2, true, $3)', [fingerprint, core.actor, 'test administrator']);
    }
  } finally {
    await client.end();
  }
}

const own = (core: Core): number => core.sqlite.prepare('SELECT count(*) FROM ledger WHERE device_id = ?').pluck().get(core.deviceId) as number;

describe('a hub killed during a push', () => {
  it('loses no acknowledged entry, duplicates nothing, and the laptops converge after the restart', { timeout: 240_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const hubDir = tempDir();
    const first = await serve(databaseUrl, hubDir);
    const laptops = ['Ada', 'Bo', 'Cy'].map((name) => laptop(name));
    await admit(databaseUrl, laptops);
    const audits = laptops.map((core) => createAudit(core, { name: `${core.actor}'s audit`, description: '' }).id);
    const files = tempDir();
    /** The highest own sequence number of each laptop the hub acknowledged. */
    const acked = new Map<string, number>();
    let acks = 0;
    let stop = false;

    async function work(core: Core, auditId: string): Promise<void> {
      for (let round = 0; !stop; round += 1) {
        for (let n = 0; n < 40; n += 1) createFinding(core, { auditId, title: `${core.actor} round ${round} #${n}` });
        const evidence = path.join(files, `${core.actor}-${round}.bin`);
        fs.writeFileSync(evidence, randomBytes(3 * 1024 * 1024));
        await addEvidenceFile(core, { auditId, path: evidence, refersTo: null, sourceSystem: 'ci', captureMethod: 'file', note: '' });
        const head = own(core);
        const heads = (await asLaptop(first.url, core, 'GET', `${hubPaths.heads}?audit=${auditId}`)).body?.value as Record<string, number>;
        const answer = await push(first.url, core, auditId, await bundleOf(core, auditId, heads));
        if (answer.status !== 200) throw new Error(`push refused: ${JSON.stringify(answer.body)}`);
        acked.set(core.deviceId, head);
        acks += 1;
      }
    }
    const pushing = laptops.map((core, i) => work(core, audits[i] as string).catch((error: unknown) => error));

    // Kill it once several pushes were acknowledged and another one is arriving or being merged.
    const incoming = path.join(hubDir, 'incoming');
    await vi.waitFor(
      () => {
        if (acks < 4 || !fs.readdirSync(incoming).some((f) => f.endsWith('.part'))) throw new Error('waiting for a push in flight');
        first.child.kill('SIGKILL');
      },
      { timeout: 180_000, interval: 2 },
    );
    stop = true;
    await first.exited;
    const failures = await Promise.all(pushing);
    expect(failures.some((f) => f instanceof Error)).toBe(true);
    const ackedAtKill = new Map(acked);

    const second = await serve(databaseUrl, hubDir);
    try {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const core of laptops) {
          const upTo = ackedAtKill.get(core.deviceId) ?? 0;
          const held = (await client.query('SELECT count(*)::int AS n FROM hub_entries WHERE device_id = $1 AND seq <= $2', [core.deviceId, upTo])).rows[0] as { n: number };
          expect({ laptop: core.actor, held: held.n }).toEqual({ laptop: core.actor, held: upTo });
        }
        const endpoint = await endpointOf(second.url);
        for (const core of laptops) await syncWithHub(core, endpoint);
        for (const core of laptops) {
          const held = (await client.query('SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, max(seq)::int AS top FROM hub_entries WHERE device_id = $1', [core.deviceId])).rows[0];
          expect(held).toEqual({ n: own(core), d: own(core), top: own(core) });
        }
      } finally {
        await client.end();
      }
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }

    // The hub's working copy and PostgreSQL hold the same, and the same as each laptop.
    const hub = await openHub({ hubDir, databaseUrl, name: 'Killed hub' });
    try {
      const pgCount = ((await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_entries')).rows[0] as { n: number }).n;
      expect(pgCount).toBe(hub.core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get());
      for (const [i, core] of laptops.entries()) {
        const read = (c: Core) => c.sqlite.prepare('SELECT id, title FROM findings WHERE audit_id = ? ORDER BY id').all(audits[i]);
        expect(read(hub.core)).toEqual(read(core));
        expect(new Set((read(core) as Array<{ title: string }>).map((f) => f.title)).size).toBe(read(core).length);
        const shas = core.sqlite.prepare('SELECT sha256 FROM evidence WHERE audit_id = ?').pluck().all(audits[i]) as string[];
        const stored = (await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_objects WHERE sha256 = ANY($1)', [shas])).rows[0] as { n: number };
        expect(stored.n).toBe(shas.length);
      }
      expect((await verifyAll(hub.core)).problems).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it('copies to PostgreSQL what the working copy took before a stop', async () => {
    // As if the hub merged a push into its working copy and was killed before writing PostgreSQL.
    const databaseUrl = await freshDatabase();
    const hubDir = tempDir();
    const ada = laptop('Ada');
    const auditId = createAudit(ada, { name: 'Merged, not yet mirrored', description: '' }).id;
    const evidence = path.join(tempDir(), 'e.bin');
    fs.writeFileSync(evidence, randomBytes(1500 * 1024));
    await addEvidenceFile(ada, { auditId, path: evidence, refersTo: null, sourceSystem: 'ci', captureMethod: 'file', note: '' });
    createFinding(ada, { auditId, title: 'In the working copy only' });
    let hub = await openHub({ hubDir, databaseUrl });
    const bundle = path.join(tempDir(), 'b.rabundle');
    fs.writeFileSync(bundle, await bundleOf(ada, auditId));
    await importBundle(hub.core, bundle, { trustFingerprint: loadIdentity(ada.layout.root, ada.actor)!.fingerprint, hubDeviceId: hub.core.deviceId });
    const before = ((await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_entries WHERE device_id = $1', [ada.deviceId])).rows[0] as { n: number }).n;
    expect(before).toBe(0);
    await hub.close();
    hub = await openHub({ hubDir, databaseUrl });
    try {
      const after = (await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_entries WHERE device_id = $1', [ada.deviceId])).rows[0] as { n: number };
      expect(after.n).toBe(own(ada));
      const sha = ada.sqlite.prepare('SELECT sha256 FROM evidence').pluck().get() as string;
      expect((await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_object_chunks WHERE sha256 = $1', [sha])).rows[0]).toEqual({ n: 2 });
    } finally {
      await hub.close();
    }
  });
});
