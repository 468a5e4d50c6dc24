// Bundles (issue 13): export of one audit's 5k entries with ~129 MB of evidence beside `zip -0 -r` of
// the same files + fsync, import into a fresh laptop beside `unzip` + fsync of every file, and the same
// bundle imported into laptops already holding 0 / 10k / 100k entries of other audits (the cost must
// follow the bundle, not the receiver); export and import also at a quarter of that size (1.25k entries,
// 34 MB), to say how each grows. BENCH_SCALE=small: 9 and 34 MB of evidence, receivers of 0 and 10k.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createAudit } from '../../electron/audits/service';
import { addEvidenceFile } from '../../electron/evidence/service';
import { createFinding, updateFinding } from '../../electron/findings/service';
import { createSelfSignedIdentity } from '../../electron/identity/identity';
import { newId, utcNow } from '../../electron/ids';
import { openCore, transact, type Core } from '../../electron/services';
import { exportBundle } from '../../electron/sync/export';
import { importBundle, inspectBundle } from '../../electron/sync/import';
import { printSized, timedProcess, type SizedRow } from './ingest-verify';

export interface BundleRow {
  what: string;
  ours: number;
  baseline: number;
  baselineName: string;
}

async function median(runs: number, work: (i: number) => Promise<void> | void, before: (i: number) => Promise<void> | void = () => {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await before(i);
    const start = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/** One contender of an interleaved measure: made ready outside the clock, then timed. */
interface Contender {
  prepare: (round: number) => void;
  run: (round: number) => Promise<number | void> | number | void;
  /** Undone after each round, outside the clock. */
  after?: () => void;
}

/**
 * The median wall time and CPU time of each contender over `rounds` rounds, taking turns in every round (so a
 * load that comes and goes weighs on all alike), each round starting one further along (so that none always
 * pays for the garbage the one before it left), with the disk settled before each timed run: what the set-up
 * copied or the last contender wrote is on disk first (`sync`), not billed to the next one's fsyncs. A run
 * that answers a number has spent that CPU time elsewhere (a child process), added to its own.
 */
async function interleaved(rounds: number, contenders: Contender[]): Promise<Array<{ ms: number; cpu: number }>> {
  const times = contenders.map(() => [] as number[]);
  const cpus = contenders.map(() => [] as number[]);
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const i = (round + turn) % contenders.length;
      const contender = contenders[i] as Contender;
      contender.prepare(round);
      spawnSync('sync');
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const elsewhere = await contender.run(round);
      (times[i] as number[]).push(Number(process.hrtime.bigint() - start) / 1e6);
      (cpus[i] as number[]).push(cpuSince(cpu) + (typeof elsewhere === 'number' ? elsewhere : 0));
      contender.after?.();
    }
  }
  return contenders.map((_, i) => ({ ms: median3(times[i] as number[]), cpu: median3(cpus[i] as number[]) }));
}

/** Imports the bundle, each round into a fresh copy of the set-up laptop `built` (an import changes its receiver). */
function importer(scratch: string, built: string, bundle: string, fingerprint: string): Contender {
  let target: Core | undefined;
  const copy = path.join(scratch, `${path.basename(built)}-run`);
  return {
    prepare: () => {
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(built, copy, { recursive: true });
      target = openCore({ dataDir: copy, actor: 'Bob' });
    },
    run: async () => void (await importBundle(target as Core, bundle, { trustFingerprint: fingerprint })),
    after: () => {
      target?.close();
      fs.rmSync(copy, { recursive: true, force: true });
    },
  };
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) fsyncFile(path.join(entry.parentPath, entry.name));
}

/**
 * A set-up laptop holding `entries` ledger entries of its own audits (1000 findings each), written
 * through the record writer. Its auditor's key is made here, as the app makes it on first use: making
 * an RSA key (1-2 s here) is setting up the laptop, not importing.
 */
function receiver(dir: string, entries: number): void {
  const core = openCore({ dataDir: dir, actor: 'Bob' });
  createSelfSignedIdentity(core.layout.root, 'Bob', 'Auditor', 'Bob');
  const batch = core.sqlite.transaction((fn: () => void) => fn());
  let written = 0;
  while (written < entries) {
    batch(() => {
      const audit = createAudit(core, { name: `Bob's audit ${written}`, description: '' });
      written += 2;
      transact(core, (records) => {
        const now = utcNow();
        for (let f = 0; f < 1000 && written < entries; f += 1, written += 1) {
          records.insert('findings', {
            id: newId(), auditId: audit.id, title: `Finding ${f}`, severity: 'major', status: 'draft', controlId: null, stage: null,
            criteria: 'c', condition: 'What is '.repeat(20), cause: 'c', effect: 'e', recommendation: 'r', ownerRole: '', ownerName: '', dueAt: null,
            confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
          });
        }
      });
    });
  }
  core.close();
}

/** An audit of `findings` findings (each raised and edited: two entries) and `files` evidence files of 8.6 MB, on a laptop of its own. */
async function sourceAudit(dir: string, scratch: string, findings: number, files: number) {
  const source = openCore({ dataDir: dir, actor: 'Alice' });
  createSelfSignedIdentity(source.layout.root, 'Alice', 'Auditor', 'Alice');
  const audit = createAudit(source, { name: 'Bench audit', description: '' });
  for (let i = 0; i < findings; i += 1) {
    const finding = createFinding(source, { auditId: audit.id, title: `Finding ${i}` });
    updateFinding(source, { id: finding.id, condition: 'x'.repeat(200) });
  }
  const fileBytes = 8_600_000;
  for (let i = 0; i < files; i += 1) {
    const evidence = path.join(scratch, `sync-evidence-${i}.bin`);
    fs.writeFileSync(evidence, randomBytes(fileBytes));
    await addEvidenceFile(source, { auditId: audit.id, path: evidence, refersTo: null, sourceSystem: 'bench', captureMethod: 'file', note: '' } as Parameters<typeof addEvidenceFile>[1]);
    fs.rmSync(evidence);
  }
  const entries = (source.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
  return { source, audit, entries, megabytes: Math.round((files * fileBytes) / 1e6) };
}

const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * Export and import of one bundle beside zip and unzip of the same files: the rows of one size, and
 * the bundle with its signer's fingerprint for the receivers.
 */
async function exportImport(scratch: string, findings: number, files: number): Promise<{ exported: SizedRow; imported: SizedRow; bundle: string; fingerprint: string; entries: number }> {
  const { source, audit, entries, megabytes } = await sourceAudit(path.join(scratch, `sync-source-${findings}`), scratch, findings, files);
  // The same files laid out as in a bundle, for zip and unzip.
  const plain = path.join(scratch, `plain-bundle-${findings}`);
  fs.mkdirSync(path.join(plain, 'objects'), { recursive: true });
  fs.writeFileSync(path.join(plain, 'entries.jsonl'), (source.sqlite.prepare('SELECT * FROM ledger').all() as unknown[]).map((row) => `${JSON.stringify(row)}\n`).join(''));
  for (const sha of (source.sqlite.prepare('SELECT sha256 FROM evidence').all() as Array<{ sha256: string }>).map((r) => r.sha256)) {
    fs.copyFileSync(source.vault.objectPath(sha), path.join(plain, 'objects', sha));
  }

  const bundle = path.join(scratch, `bench-${findings}.rabundle`);
  const exportCpu: number[] = [];
  const exportMs = await median(3, async () => {
    const cpu = process.cpuUsage();
    await exportBundle(source, { auditId: audit.id, out: bundle });
    exportCpu.push(cpuSince(cpu));
  });
  const zipFile = path.join(scratch, `plain-${findings}.zip`);
  // zip and unzip run under /usr/bin/time for their CPU time: on a busy machine that ratio moves less than the clock's.
  const zipCpu: number[] = [];
  const exportBase = await median(3, () => {
    fs.rmSync(zipFile, { force: true });
    zipCpu.push(timedProcess('sh', ['-c', 'cd "$1" && zip -0 -r -q "$2" .', 'sh', plain, zipFile], scratch).cpu);
    fsyncFile(zipFile);
  });
  const fingerprint = (await inspectBundle(source, bundle)).signer.fingerprint;
  source.close();

  const unzipDir = path.join(scratch, `plain-unzipped-${findings}`);
  const fresh = path.join(scratch, `fresh-${findings}`);
  receiver(fresh, 0);
  const unzip: Contender = {
    prepare: () => fs.rmSync(unzipDir, { recursive: true, force: true }),
    run: () => {
      const { cpu } = timedProcess('unzip', ['-q', '-o', zipFile, '-d', unzipDir], scratch);
      fsyncTree(unzipDir);
      return cpu;
    },
  };
  const [unzipped, imported] = (await interleaved(7, [unzip, importer(scratch, fresh, bundle, fingerprint)])) as [{ ms: number; cpu: number }, { ms: number; cpu: number }];
  const [importBase, unzipCpu, importMs, importCpu] = [unzipped.ms, unzipped.cpu, imported.ms, imported.cpu];
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.rmSync(unzipDir, { recursive: true, force: true });
  fs.rmSync(plain, { recursive: true, force: true });
  fs.rmSync(zipFile, { force: true });
  const what = `${entries} entries + ${megabytes} MB`;
  const cpuRatio = (ours: number[], base: number[]) => (median3(ours) / median3(base)).toFixed(2);
  console.log(`[bundles] ${what}: export ${exportMs.toFixed(0)} ms vs zip ${exportBase.toFixed(0)} ms (${(exportMs / exportBase).toFixed(2)}x; CPU ${cpuRatio(exportCpu, zipCpu)}x), import ${importMs.toFixed(0)} ms vs unzip ${importBase.toFixed(0)} ms (${(importMs / importBase).toFixed(2)}x; CPU ${(importCpu / unzipCpu).toFixed(2)}x)`);
  return {
    exported: { what: `export ${what}`, size: entries, ours: exportMs, baseline: exportBase, oursCpu: median3(exportCpu), baselineCpu: median3(zipCpu), baselineName: '`zip -0 -r` of the same files + fsync' },
    imported: { what: `import ${what} (empty laptop)`, size: entries, ours: importMs, baseline: importBase, oursCpu: importCpu, baselineCpu: unzipCpu, baselineName: '`unzip` of the same files + fsync of each' },
    bundle,
    fingerprint,
    entries,
  };
}

const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Bundles of two sizes exported and imported beside zip and unzip, then the larger imported into
 * laptops already holding 0, 10k and 100k entries of other audits; prints both tables with how each
 * grows, and answers the rows of the larger bundle for the combined table.
 */
export async function benchBundles(scratch: string): Promise<BundleRow[]> {
  const small = process.env.BENCH_SCALE === 'small';
  const sizes: Array<[number, number]> = small ? [[625, 1], [2500, 4]] : [[625, 4], [2500, 15]];
  const measured = [];
  for (const [findings, files] of sizes) measured.push(await exportImport(scratch, findings, files));
  const largest = measured[measured.length - 1] as (typeof measured)[number];

  const receivers = small ? [0, 10_000] : [0, 10_000, 100_000];
  // Every receiver set up first, then imported into by turns.
  const built = receivers.map((size) => {
    const folder = path.join(scratch, `receiver-${size}`);
    receiver(folder, size);
    return folder;
  });
  const into = await interleaved(7, built.map((folder) => importer(scratch, folder, largest.bundle, largest.fingerprint)));
  for (const folder of built) fs.rmSync(folder, { recursive: true, force: true });
  const empty = into[0] as { ms: number; cpu: number };
  const byReceiver: SizedRow[] = receivers.map((size, i) => {
    const { ms, cpu } = into[i] as { ms: number; cpu: number };
    console.log(`[bundles] import of ${largest.entries} entries into a laptop of ${size} entries: ${ms.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`);
    // Sized by the ledger the import ends with: a cost that follows the bundle stays flat as it grows.
    return { what: `import into a laptop of ${size / 1000}k entries`, size: size + largest.entries, ours: ms, baseline: empty.ms, oursCpu: cpu, baselineCpu: empty.cpu, baselineName: 'the same import into an empty laptop' };
  });
  printSized('Bundle export (goal ≤ 1.5x zip)', measured.map((m) => m.exported));
  printSized('Bundle import into an empty laptop (goal ≤ 1.5x unzip)', measured.map((m) => m.imported));
  printSized('The larger bundle imported into laptops holding other audits (goal ≤ 1.3x from 0 to 100k)', byReceiver);
  return [
    { what: largest.exported.what.replace('export', 'export a bundle:'), ours: largest.exported.ours, baseline: largest.exported.baseline, baselineName: largest.exported.baselineName },
    { what: 'import it into an empty laptop', ours: largest.imported.ours, baseline: largest.imported.baseline, baselineName: largest.imported.baselineName },
    ...byReceiver.slice(1).map((r) => ({ what: `import it into a laptop of ${(r.size - largest.entries) / 1000}k entries`, ours: r.ours, baseline: r.baseline, baselineName: r.baselineName })),
  ];
}
