// Bundles (issue 13): export of one audit's 5k entries with ~129 MB of evidence beside `zip -0 -r` of
// the same files + fsync, import into a fresh laptop beside `unzip` + fsync of every file, and the same
// bundle imported into laptops already holding 0 / 10k / 100k entries of other audits (the cost must
// follow the bundle, not the receiver). BENCH_SCALE=small: 32 MB of evidence, receivers of 0 and 10k.
import { execFileSync } from 'node:child_process';
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

export async function benchBundles(scratch: string): Promise<BundleRow[]> {
  const small = process.env.BENCH_SCALE === 'small';
  const rows: BundleRow[] = [];
  const source = openCore({ dataDir: path.join(scratch, 'sync-source'), actor: 'Alice' });
  createSelfSignedIdentity(source.layout.root, 'Alice', 'Auditor', 'Alice');
  const audit = createAudit(source, { name: 'Bench audit', description: '' });
  for (let i = 0; i < 2500; i += 1) {
    const finding = createFinding(source, { auditId: audit.id, title: `Finding ${i}` });
    updateFinding(source, { id: finding.id, condition: 'x'.repeat(200) });
  }
  const files = small ? 4 : 15;
  const fileBytes = 8_600_000;
  for (let i = 0; i < files; i += 1) {
    const evidence = path.join(scratch, `sync-evidence-${i}.bin`);
    fs.writeFileSync(evidence, randomBytes(fileBytes));
    await addEvidenceFile(source, { auditId: audit.id, path: evidence, refersTo: null, sourceSystem: 'bench', captureMethod: 'file', note: '' } as Parameters<typeof addEvidenceFile>[1]);
    fs.rmSync(evidence);
  }
  const entries = (source.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
  const megabytes = Math.round((files * fileBytes) / 1e6);

  // The same files laid out as in a bundle, for zip and unzip.
  const plain = path.join(scratch, 'plain-bundle');
  fs.mkdirSync(path.join(plain, 'objects'), { recursive: true });
  fs.writeFileSync(path.join(plain, 'entries.jsonl'), (source.sqlite.prepare('SELECT * FROM ledger').all() as unknown[]).map((row) => `${JSON.stringify(row)}\n`).join(''));
  for (const sha of (source.sqlite.prepare('SELECT sha256 FROM evidence').all() as Array<{ sha256: string }>).map((r) => r.sha256)) {
    fs.copyFileSync(source.vault.objectPath(sha), path.join(plain, 'objects', sha));
  }

  const bundle = path.join(scratch, 'bench.rabundle');
  const exportMs = await median(3, async () => {
    await exportBundle(source, { auditId: audit.id, out: bundle });
  });
  const zipFile = path.join(scratch, 'plain.zip');
  const exportBase = await median(3, () => {
    fs.rmSync(zipFile, { force: true });
    execFileSync('zip', ['-0', '-r', '-q', zipFile, '.'], { cwd: plain });
    fsyncFile(zipFile);
  });
  rows.push({ what: `export a bundle: ${entries} entries + ${megabytes} MB`, ours: exportMs, baseline: exportBase, baselineName: '`zip -0 -r` of the same files + fsync' });

  const fingerprint = (await inspectBundle(source, bundle)).signer.fingerprint;
  source.close();
  const unzipDir = path.join(scratch, 'plain-unzipped');
  const importBase = await median(
    3,
    () => {
      execFileSync('unzip', ['-q', '-o', zipFile, '-d', unzipDir]);
      fsyncTree(unzipDir);
    },
    () => fs.rmSync(unzipDir, { recursive: true, force: true }),
  );

  // Receivers of each size, built once and copied before each run (an import changes its receiver).
  const sizes = small ? [0, 10_000] : [0, 10_000, 100_000];
  const byReceiver: number[] = [];
  for (const size of sizes) {
    const built = path.join(scratch, `receiver-${size}`);
    receiver(built, size);
    let target: Core | undefined;
    const ms = await median(
      3,
      async () => {
        await importBundle(target as Core, bundle, { trustFingerprint: fingerprint });
      },
      (i) => {
        target?.close();
        const copy = path.join(scratch, `receiver-${size}-run-${i}`);
        fs.cpSync(built, copy, { recursive: true });
        target = openCore({ dataDir: copy, actor: 'Bob' });
      },
    );
    target?.close();
    byReceiver.push(ms);
    if (size === 0) rows.push({ what: `import it into an empty laptop`, ours: ms, baseline: importBase, baselineName: '`unzip` of the same files + fsync of each' });
  }
  for (const [index, size] of sizes.entries()) {
    if (size === 0) continue;
    rows.push({ what: `import it into a laptop of ${size / 1000}k entries`, ours: byReceiver[index] as number, baseline: byReceiver[0] as number, baselineName: 'the same import into an empty laptop' });
  }
  return rows;
}
