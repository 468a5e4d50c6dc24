// `npm run bench`: speed of the data core, each figure printed beside a baseline measured in the same
// run on the same machine, so the ratio (not the raw time) is what to compare between changes.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { emptyPlan } from '../../electron/plans/service';
import { createAudit } from '../../electron/audits/service';
import { openCore } from '../../electron/services';
import { verifyAll } from '../../electron/system/verify';
import { CHUNK_SIZE, Vault } from '../../electron/vault/vault';
import { benchBundles } from './bundles';
import { cliStartup } from './cli';
import { benchEvidenceList } from './evidence-list';
import { benchHub } from './hub';
import { benchDora } from './dora';
import { median } from './median';
import { benchImports } from './imports';
import { benchKpis } from './kpis';
import { benchLogs } from './logs';
import { runIngestVerify } from './ingest-verify';
import { benchReport } from './report';
import { scaleBench } from './scale';
import { benchSearch } from './search';
import { benchVulnerabilities } from './vulnerabilities';

// The bench's throwaway signing key takes its passphrase from here, never from this computer's keychain.
process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'bench-only passphrase, not a secret';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-bench-'));
const rows: Array<{ what: string; ours: number; baseline: number; baselineName: string }> = [];

/** The plain way to store a file: stream it to its place, hashing on the way. */
async function copyWithHash(source: string, target: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    fs.createReadStream(source, { highWaterMark: CHUNK_SIZE }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    fs.createWriteStream(target),
  );
  return hash.digest('hex');
}

async function vaultIngest(): Promise<void> {
  const source = path.join(scratch, 'evidence.bin');
  const block = randomBytes(CHUNK_SIZE);
  const fd = fs.openSync(source, 'w');
  for (let i = 0; i < 256; i += 1) fs.writeSync(fd, block);
  fs.closeSync(fd);
  let n = 0;
  const ours = await median(5, async () => {
    const vault = new Vault(path.join(scratch, `vault-${n++}`));
    await vault.putFile(source);
  });
  const baseline = await median(5, async () => {
    const target = path.join(scratch, `copy-${n++}`);
    await copyWithHash(source, target);
    const handle = fs.openSync(target, 'r+');
    fs.fsyncSync(handle);
    fs.closeSync(handle);
  });
  rows.push({ what: 'store 256 MiB of evidence', ours, baseline, baselineName: 'stream copy + SHA-256 + fsync' });
}

async function ledgerWrites(): Promise<void> {
  const count = 2000;
  let n = 0;
  // CPU time too: on a busy machine the clock of 2000 commits is mostly other work's.
  const cpu = { ours: [] as number[], baseline: [] as number[] };
  const spent = (into: number[], work: () => void) => () => {
    const used = process.cpuUsage();
    work();
    const d = process.cpuUsage(used);
    into.push((d.user + d.system) / 1000);
  };
  const oursRun = spent(cpu.ours, () => {
    const core = openCore({ dataDir: path.join(scratch, `core-${n++}`), actor: 'bench' });
    for (let i = 0; i < count; i += 1) createAudit(core, { name: `Audit ${i}`, description: '' });
    core.close();
  });
  const baselineRun = spent(cpu.baseline, () => {
    const db = new Database(path.join(scratch, `raw-${n++}.db`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE audits (id TEXT PRIMARY KEY, name TEXT, description TEXT, status TEXT, created_at TEXT, created_by TEXT, updated_at TEXT)');
    // An audit is made with its (empty) plan: the same two rows, written raw.
    const planColumns = Object.keys(emptyPlan);
    db.exec(`CREATE TABLE audit_plans (id TEXT PRIMARY KEY, ${planColumns.map((c) => `"${c}"`).join(', ')}, updated_at TEXT)`);
    const insert = db.prepare('INSERT INTO audits VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertPlan = db.prepare(`INSERT INTO audit_plans VALUES (?, ${planColumns.map(() => '?').join(', ')}, ?)`);
    const planValues = Object.values(emptyPlan).map((v) => (typeof v === 'boolean' ? Number(v) : Array.isArray(v) ? JSON.stringify(v) : v));
    const now = new Date().toISOString();
    for (let i = 0; i < count; i += 1)
      db.transaction(() => {
        insert.run(`id-${i}`, `Audit ${i}`, '', 'planning', now, 'bench', now);
        insertPlan.run(`id-${i}`, ...planValues, now);
      })();
    db.close();
  });
  // Ours and the baseline in turns, three rounds: a burst of other work on a busy machine then lands in both.
  const wall = { ours: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < 3; round += 1) {
    wall.ours.push(await median(1, oursRun));
    wall.baseline.push(await median(1, baselineRun));
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ours = mid(wall.ours);
  const baseline = mid(wall.baseline);
  const cpuNote = `CPU ${mid(cpu.ours).toFixed(0)} vs ${mid(cpu.baseline).toFixed(0)} ms, ${(mid(cpu.ours) / mid(cpu.baseline)).toFixed(2)}x`;
  rows.push({ what: `${count} new audits (each with its plan)`, ours, baseline, baselineName: `raw INSERTs of both rows per transaction (${cpuNote})` });
}

async function verification(): Promise<void> {
  const core = openCore({ dataDir: path.join(scratch, 'verify'), actor: 'bench' });
  for (let i = 0; i < 5000; i += 1) createAudit(core, { name: `Audit ${i}`, description: 'x'.repeat(200) });
  const ours = await median(3, async () => {
    const report = await verifyAll(core);
    if (!report.ok) throw new Error('bench data failed verification');
  });
  const baseline = await median(3, () => {
    for (const row of core.sqlite.prepare('SELECT * FROM ledger').iterate()) createHash('sha256').update(JSON.stringify(row)).digest('hex');
  });
  core.close();
  rows.push({ what: 'verify 5000 ledger entries and records', ours, baseline, baselineName: 'read + SHA-256 every ledger row' });
}

try {
  // `npm run bench -- cli` measures the command line's start alone.
  const only = process.argv[2];
  const cli = only === undefined || only === 'cli' ? cliStartup(scratch) : { rows: [], summary: [] };
  rows.push(...cli.rows);
  // `npm run bench -- bundles`: bundle export and import alone (BENCH_SCALE=small: less evidence, smaller receivers).
  if (only === undefined || only === 'bundles') rows.push(...(await benchBundles(scratch)));
  if (only === undefined) {
    await vaultIngest();
  }
  // `npm run bench -- writes`: the ledgered writes alone (new audits here, the writes at scale below).
  if (only === undefined || only === 'writes') await ledgerWrites();
  if (only === undefined) await verification();
  // `npm run bench -- evidence`: the evidence list of 10k pieces alone.
  if (only === undefined || only === 'evidence') rows.push(...(await benchEvidenceList(scratch)));
  // `npm run bench -- dora`: DORA's four keys with 1 and with 50 audit cycles held.
  if (only === undefined || only === 'dora') rows.push(...(await benchDora(scratch)));
  // `npm run bench -- kpis`: the KPI view at 1 and 50 audits, and after one of the 50 changed.
  if (only === undefined || only === 'kpis') rows.push(...(await benchKpis(scratch)));
  // `npm run bench -- imports` parses a 1M-line pipeline log alone.
  const importRows = only === undefined || only === 'imports' ? await benchImports(scratch) : [];
  rows.push(...importRows);
  // `npm run bench -- search`: a page of hits over 100k documents against raw FTS5, and indexing a 1M-line log.
  rows.push(...(only === undefined || only === 'search' ? await benchSearch(scratch) : []));
  // `npm run bench -- logs`: the log-template miner's accuracy on loghub samples and its speed on 1M lines.
  const logs = only === undefined || only === 'logs' ? await benchLogs(scratch) : { rows: [], summary: [] };
  rows.push(...logs.rows);
  // `npm run bench -- vulnerabilities`: a 100k-record OSV zip imported, and 10k SBOM components matched against it.
  const vulnRows = only === undefined || only === 'vulnerabilities' ? await benchVulnerabilities(scratch) : [];
  rows.push(...vulnRows);
  // `npm run bench -- hub`: 20 laptops pushing 1,000 entries each to a team hub at once (needs PostgreSQL).
  const hub = only === undefined || only === 'hub' ? await benchHub(scratch) : { rows: [], summary: [] };
  rows.push(...hub.rows);
  // Speed at scale prints its own table as it goes (BENCH_SCALE=small|off).
  if (only === undefined || only === 'writes') await scaleBench({ writesOnly: only === 'writes' });
  // `npm run bench -- ingest` (or `-- verify`): evidence ingest through the CLI, and verify, at several sizes.
  const sized = only === undefined || only === 'ingest' || only === 'verify' ? await runIngestVerify(scratch, only) : () => undefined;
  // `npm run bench -- report`: full reports of 250 and 1,000 findings beside pdfmake alone, each measure three times (about fifteen minutes).
  const report = only === undefined || only === 'report' ? await benchReport(scratch) : () => undefined;
  console.log(`Release Audit benchmarks (${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}); medians in ms\n`);
  console.log(`${'measure'.padEnd(46)} ${'ours'.padStart(9)} ${'baseline'.padStart(9)} ${'ratio'.padStart(7)}  baseline is`);
  for (const row of rows) {
    console.log(
      `${row.what.padEnd(46)} ${row.ours.toFixed(1).padStart(9)} ${row.baseline.toFixed(1).padStart(9)} ${(row.ours / row.baseline).toFixed(2).padStart(6)}x  ${row.baselineName}`,
    );
  }
  console.log('');
  for (const line of cli.summary) console.log(line);
  for (const line of logs.summary) console.log(line);
  for (const row of importRows) console.log(`${row.what}: ${row.note}`);
  for (const row of vulnRows) console.log(`${row.what}: ${row.note}`);
  for (const line of hub.summary) console.log(line);
  sized();
  report();
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
