// The team hub under load (issue 19): 20 laptops, each with an audit of 1,000 ledger entries, push it
// at the same moment to a real hub (in this process: its PostgreSQL on the run's server, its HTTPS
// port on 127.0.0.1, the laptops' signed requests through the app's own client). Beside it, in the
// same run, the same 20 bundles imported one after another by file into one data folder: the hub
// merges every push with that import, one at a time (its working copy has one writer), so the ratio
// shows what HTTPS, request checks and the PostgreSQL copy add. BENCH_HUB_LAPTOPS / _ENTRIES change the load.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { hubPaths, type HubPushResult } from '../../shared/api/hub';
import { createAudit } from '../../electron/audits/service';
import { hubRequest, laptopSigner, probeHub, type HubEndpoint } from '../../electron/hub/client';
import { openHub } from '../../electron/hub/hub';
import { addAuditor } from '../../electron/hub/members';
import { startHubServer } from '../../electron/hub/server';
import { selfSignedTls } from '../../electron/hub/tls';
import { createSelfSignedIdentity } from '../../electron/identity/identity';
import { newId, utcNow } from '../../electron/ids';
import { openCore, transact, type Core } from '../../electron/services';
import { exportBundle } from '../../electron/sync/export';
import { importBundle } from '../../electron/sync/import';
import { createDatabase, dropDatabases, postgresForRun } from '../helpers/pg-database';

export interface HubBenchRow {
  what: string;
  ours: number;
  baseline: number;
  baselineName: string;
}

interface Prepared {
  actor: string;
  auditId: string;
  fingerprint: string;
  file: string;
  sha256: string;
  size: number;
  entries: number;
  signer: ReturnType<typeof laptopSigner>;
}

/** A laptop holding one audit of exactly `entries` of its own ledger entries, exported whole as its first push. */
async function prepareLaptop(dir: string, actor: string, entries: number): Promise<Prepared> {
  const core: Core = openCore({ dataDir: path.join(dir, actor), actor });
  try {
    const identity = createSelfSignedIdentity(core.layout.root, actor, 'Auditor', actor);
    const audit = createAudit(core, { name: `${actor}'s audit`, description: 'hub load' });
    const count = () => core.sqlite.prepare('SELECT count(*) FROM ledger WHERE device_id = ?').pluck().get(core.deviceId) as number;
    transact(core, (records) => {
      const now = utcNow();
      for (let f = 0, left = entries - count(); f < left; f += 1) {
        records.insert('findings', {
          id: newId(), auditId: audit.id, title: `Finding ${f}`, severity: 'major', status: 'draft', controlId: null, stage: null,
          criteria: 'c', condition: 'What is '.repeat(20), cause: 'c', effect: 'e', recommendation: 'r', ownerRole: '', ownerName: '', dueAt: null,
          confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
        });
      }
    });
    if (count() !== entries) throw new Error(`${actor} holds ${count()} entries, not ${entries}`);
    const file = path.join(dir, `${actor}.rabundle`);
    await exportBundle(core, { auditId: audit.id, out: file, since: {} });
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(file), hash);
    return { actor, auditId: audit.id, fingerprint: identity.fingerprint, file, sha256: hash.digest('hex'), size: fs.statSync(file).size, entries, signer: laptopSigner(core) };
  } finally {
    core.close();
  }
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

export async function benchHub(scratch: string): Promise<{ rows: HubBenchRow[]; summary: string[] }> {
  const laptops = Number(process.env.BENCH_HUB_LAPTOPS ?? 20);
  const entries = Number(process.env.BENCH_HUB_ENTRIES ?? 1000);
  const dir = path.join(scratch, 'hub');
  fs.mkdirSync(dir, { recursive: true });
  const prepared: Prepared[] = [];
  for (let i = 0; i < laptops; i += 1) prepared.push(await prepareLaptop(path.join(dir, 'laptops'), `Auditor ${String(i + 1).padStart(2, '0')}`, entries));

  // The baseline: the same bundles, imported by file one after another into one data folder.
  const receiver = openCore({ dataDir: path.join(dir, 'receiver'), actor: 'Receiver' });
  const baselineStart = process.hrtime.bigint();
  try {
    for (const laptop of prepared) await importBundle(receiver, laptop.file, { trustFingerprint: laptop.fingerprint });
  } finally {
    receiver.close();
  }
  const baselineMs = Number(process.hrtime.bigint() - baselineStart) / 1e6;

  const adminUrl = await postgresForRun();
  const database = await createDatabase(adminUrl, 'hub_bench');
  const hub = await openHub({ hubDir: path.join(dir, 'hub'), databaseUrl: database.url, name: 'Bench hub' });
  const server = await startHubServer(hub, { tls: selfSignedTls(path.join(dir, 'tls')) });
  try {
    for (const laptop of prepared) await addAuditor(hub, { fingerprint: laptop.fingerprint, name: laptop.actor, mayOpenAudits: true, by: 'bench' });
    const probe = await probeHub(server.url);
    const endpoint: HubEndpoint = { url: server.url, tlsCertificate: probe.tlsCertificate, fingerprint: probe.info.fingerprint };
    const latencies: number[] = [];
    const start = process.hrtime.bigint();
    const results = await Promise.all(
      prepared.map(async (laptop) => {
        const sent = process.hrtime.bigint();
        const answer = await hubRequest<HubPushResult>(endpoint, laptop.signer, { method: 'POST', target: `${hubPaths.push}?audit=${laptop.auditId}`, body: { file: laptop.file, sha256: laptop.sha256, size: laptop.size } });
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        return answer.value as HubPushResult;
      }),
    );
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const accepted = results.reduce((sum, r) => sum + r.newEntries, 0);
    const inPg = ((await hub.database.pool.query('SELECT count(*)::int AS n FROM hub_entries WHERE device_id <> $1', [hub.core.deviceId])).rows[0] as { n: number }).n;
    if (accepted !== laptops * entries || inPg !== laptops * entries) throw new Error(`the hub took ${accepted} entries (${inPg} in PostgreSQL), not ${laptops * entries}`);
    latencies.sort((a, b) => a - b);
    const perBundle = baselineMs / laptops;
    const total = laptops * entries;
    return {
      rows: [
        { what: `hub: ${laptops} laptops × ${entries} entries, concurrent`, ours: wallMs, baseline: baselineMs, baselineName: `the same ${laptops} bundles imported by file, one by one` },
        { what: 'hub: p95 push latency', ours: quantile(latencies, 0.95), baseline: baselineMs, baselineName: `all ${laptops} imported by file (the queue is serial)` },
      ],
      summary: [
        `Team hub (in-process, HTTPS on 127.0.0.1, PostgreSQL on this machine): ${laptops} laptops × ${entries} entries pushed at once in ${(wallMs / 1000).toFixed(1)} s = ${Math.round(total / (wallMs / 1000))} entries/s ` +
          `(import by file: ${Math.round(total / (baselineMs / 1000))} entries/s, ratio ${(wallMs / baselineMs).toFixed(2)}x); push latency p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms, ` +
          `one bundle's import by file ${perBundle.toFixed(0)} ms. Pushes are merged one at a time: throughput is bounded by one import plus its PostgreSQL copy per push.`,
      ],
    };
  } finally {
    await server.close();
    await hub.close();
    await dropDatabases(adminUrl, [database.name]);
  }
}
