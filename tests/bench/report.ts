// `npm run bench -- report` (or `npx tsx tests/bench/report.ts`): full reports of 250 findings with 100
// desktop-sized screenshots and of 1,000 with 400 (BENCH_SCALE=small: 100/40 and 250/100; the script alone
// takes BENCH_FINDINGS, BENCH_IMAGES and BENCH_RUNS), built as the app builds them, each beside pdfmake
// alone rendering the same document in the same run, then how each grows with the report. The first
// report ever downscales every screenshot (and keeps the thumbnails in the data folder's cache); a report
// in a new process afterwards (the command line, the app after a restart, a signed edition) reads them
// from there: both are printed, each beside pdfmake alone. Each measure
// runs in a process of its own, so its peak memory is its own (the kernel's high-water mark, read as the
// report is written: a timer cannot sample during pdfmake's layout, which holds the thread). Too slow for
// the unit suite.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastThumbnailProcess, thumbnailCacheDir, type ThumbnailsMade } from '../../electron/reports/images';
import { largeAudit } from '../../electron/reports/layout-fixtures';
import { renderPdf } from '../../electron/reports/render';
import { prepareReport, writeReport, type ReportRequest } from '../../electron/reports/service';
import { openCore } from '../../electron/services';
import { bin, printSized, timedProcess, type SizedRow } from './ingest-verify';

// The bench's throwaway signing key takes its passphrase from here, never from this computer's keychain.
process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'bench-only passphrase, not a secret';
const ACTOR = 'Bench Auditor';
const GOAL = { ratio: 1.3, signing: 0.1, peakMiB: 600 };

interface Measure {
  ms: number;
  /** CPU time of the whole process (every thread), which a busy machine inflates less than wall time. */
  cpuMs: number;
  bytes: number;
}
interface ChildResult {
  measures: Record<string, Measure>;
  /** The process's peak resident memory when its first (cold) report was written, and at its end. */
  coldPeakMiB: number;
  peakMiB: number;
  /** The process that made the first report's thumbnails (none when all were on disk). */
  thumbnails: ThumbnailsMade | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed(file: string, work: () => Promise<void>): Promise<Measure> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1000, bytes: fs.statSync(file).size };
}

/**
 * One measure in this process: `pdfmake` renders the prepared document alone; `ours` writes the report with
 * no thumbnail made before (the disk cache emptied), then again in the same process; `cached` writes it as
 * a new process's first report with the thumbnails on disk; `signed` the same, signed.
 */
const peakNow = () => process.resourceUsage().maxRSS / 1024;
const FIRST_DONE = 'first report written';

async function child(which: string, dataDir: string, auditId: string): Promise<ChildResult> {
  const core = openCore({ dataDir, actor: ACTOR, appRoot: process.cwd() });
  const request = (sign: boolean): ReportRequest => ({ auditId, kind: 'full', distribution: 'internal', sign });
  const out = path.join(dataDir, `${which}.pdf`);
  const measures: Record<string, Measure> = {};
  let coldPeakMiB = 0;
  let thumbnails: ThumbnailsMade | null = null;
  if (which === 'pdfmake') {
    const { doc } = await prepareReport(core, request(false));
    // pdfmake's own way: the document to a buffer, the buffer to a file.
    measures.pdfmake = await timed(out, async () => fs.writeFileSync(out, await renderPdf(doc)));
  } else if (which === 'signed') {
    // In a process of its own, as the first report: a third report in one process pays for the heap the first two grew.
    measures.signed = await timed(out, () => writeReport(core, request(true), out).then(() => undefined));
    thumbnails = lastThumbnailProcess();
  } else if (which === 'cached') {
    measures.cached = await timed(out, () => writeReport(core, request(false), out).then(() => undefined));
  } else {
    fs.rmSync(thumbnailCacheDir(dataDir), { recursive: true, force: true });
    measures.cold = await timed(out, () => writeReport(core, request(false), out).then(() => undefined));
    coldPeakMiB = peakNow();
    thumbnails = lastThumbnailProcess();
    // Tells the bench the first report is done: what it sampled until now is that report's.
    console.log(FIRST_DONE);
    measures.warm = await timed(out, () => writeReport(core, request(false), out).then(() => undefined));
  }
  core.close();
  return { measures, coldPeakMiB: coldPeakMiB || peakNow(), peakMiB: peakNow(), thumbnails };
}

/**
 * The memory a process and every process under it hold at once, in MiB, from /proc (0 once it is gone): the
 * process's own resident set, and each process under it by its proportional set size, so that the pages they
 * share (Node's own code, mapped by both) are not counted twice over (a resident set counts them whole in
 * each; read for the small thumbnail process alone, as reading it costs milliseconds per 100 MiB mapped).
 * The esbuild service tsx starts to run the bench's TypeScript is no part of a report (the app and the
 * command line run built code), and is left out with what it started.
 */
function treeMemoryMiB(pid: number): number {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'esbuild') continue;
      // The parent's pid is the second field after the command's name, which may hold spaces and brackets.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Ended while the folder was read.
    }
  }
  const kibOf = (at: number, file: string, field: RegExp) => {
    try {
      return Number(field.exec(fs.readFileSync(`/proc/${at}/${file}`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  let kib = kibOf(pid, 'status', /VmRSS:\s+(\d+)/);
  for (const stack = [...(children.get(pid) ?? [])]; stack.length; ) {
    const at = stack.pop() as number;
    kib += kibOf(at, 'smaps_rollup', /Pss:\s+(\d+)/);
    stack.push(...(children.get(at) ?? []));
  }
  return kib / 1024;
}

/**
 * One measure in a process of its own. While it runs, the memory of it and its children (the thumbnail
 * process) is added up every 20 ms: the most they held at once (the kernel's high-water mark of each
 * process alone cannot say when each was reached).
 */
async function spawnChild(which: string, dataDir: string, auditId: string): Promise<ChildResult & { togetherMiB: number; firstTogetherMiB: number }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'child', which, dataDir, auditId], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let togetherMiB = 0;
  let firstTogetherMiB = 0;
  const sample = () => (togetherMiB = Math.max(togetherMiB, treeMemoryMiB(child.pid as number)));
  const sampler = setInterval(sample, 20);
  child.stdout.on('data', () => {
    if (!firstTogetherMiB && stdout.includes(FIRST_DONE)) firstTogetherMiB = togetherMiB;
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  if (status !== 0) throw new Error(`the ${which} run failed: ${stderr}`);
  return { ...(JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult), togetherMiB, firstTogetherMiB: firstTogetherMiB || togetherMiB };
}

/** What poppler sees in the PDF: how many images it stores, and the largest. */
function imagesInPdf(file: string): { count: number; largest: string } {
  const listed = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (listed.status !== 0) return { count: -1, largest: 'pdfimages not installed' };
  const rows = listed.stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
  const objects = new Set(rows.map((r) => r[10]));
  const biggest = rows.reduce((a, r) => (Number(r[3]) * Number(r[4]) > Number(a[3]) * Number(a[4]) ? r : a), ['', '', '', '0', '0']);
  return { count: objects.size, largest: `${biggest[3]}x${biggest[4]} px` };
}

/** The rows of one size: the report beside pdfmake alone, and signed beside unsigned. */
export interface ReportBenchRows {
  report: SizedRow;
  /** The first report ever, which downscales every screenshot. */
  first: SizedRow;
  /** The same report made by the command line, in a process of its own. */
  cli: SizedRow;
  signed: SizedRow;
}

/** The bench at one size: prints its lines and returns its rows. */
export async function reportBench(scratch: string, findings = 1000, images = 400, runs = 1): Promise<ReportBenchRows> {
  const dataDir = path.join(scratch, `report-${findings}`);
  const core = openCore({ dataDir, actor: ACTOR, appRoot: process.cwd() });
  const seeded = Date.now();
  const audit = await largeAudit(core, scratch, findings, images, 1920);
  // (Finalising the audit made the signing key: making one is not part of signing a report.)
  core.close();
  console.log(`[report] seeded ${findings} findings and ${images} screenshots of 1920 px in ${seconds(Date.now() - seeded)}`);
  type Sampled = ChildResult & { togetherMiB: number; firstTogetherMiB: number };
  type Run = { base: Sampled; ours: Sampled; cached: Sampled; sealing: Sampled; signed: Sampled };
  const results: Run[] = [];
  // `ours` first: it empties the thumbnail cache, which the others then find full.
  for (let run = 0; run < runs; run += 1) {
    const ours = await spawnChild('ours', dataDir, audit.id);
    const cached = await spawnChild('cached', dataDir, audit.id);
    // A signed report takes from disk only thumbnails sealed with its signer's key: the first signs the
    // ones the drafts left again (as the first report ever does), and the next is the one measured.
    const sealing = await spawnChild('signed', dataDir, audit.id);
    const signed = await spawnChild('signed', dataDir, audit.id);
    results.push({ ours, cached, sealing, signed, base: await spawnChild('pdfmake', dataDir, audit.id) });
  }
  const pick = (from: keyof Run, key: string, of: 'ms' | 'cpuMs' = 'ms') => median(results.map((r) => (r[from].measures[key] as Measure)[of]));
  const baseline = pick('base', 'pdfmake');
  const [cold, warm, cached, signed, sealing] = [pick('ours', 'cold'), pick('ours', 'warm'), pick('cached', 'cached'), pick('signed', 'signed'), pick('sealing', 'signed')];
  // The first report's CPU time counts the thumbnail process's too.
  const coldCpu = median(results.map((r) => (r.ours.measures.cold as Measure).cpuMs + (r.ours.thumbnails?.cpuMs ?? 0)));
  const cpu = { baseline: pick('base', 'pdfmake', 'cpuMs'), cold: coldCpu, warm: pick('ours', 'warm', 'cpuMs'), cached: pick('cached', 'cached', 'cpuMs'), signed: pick('signed', 'signed', 'cpuMs') };
  const last = results[results.length - 1] as Run;
  // The goal is one report's peak: each first report in a process of its own. A report that made thumbnails
  // counts their process too: the two processes' resident memory added up as they ran (sampled every 20 ms).
  const withThumbnails = (own: number, together: number) => Math.max(own, together);
  const coldPeak = (r: Run) => withThumbnails(r.ours.coldPeakMiB, r.ours.firstTogetherMiB);
  const peak = Math.max(...results.map((r) => Math.max(coldPeak(r), r.cached.peakMiB, withThumbnails(r.sealing.peakMiB, r.sealing.togetherMiB), r.signed.peakMiB)));
  const basePeak = Math.max(...results.map((r) => r.base.peakMiB));
  const secondPeak = Math.max(...results.map((r) => r.ours.peakMiB));
  // The command a person runs, built as it ships (not through tsx): its wall time and peak memory.
  timedProcess(process.execPath, [bin, '--data-dir', dataDir, 'audit', 'list'], scratch);
  const cli = timedProcess(process.execPath, [bin, '--data-dir', dataDir, '--actor', ACTOR, 'report', '--audit', audit.id, '--out', path.join(dataDir, 'cli.pdf')], scratch);
  const inPdf = imagesInPdf(path.join(dataDir, 'signed.pdf'));
  const check = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');
  const size = `${findings} findings`;
  console.log(`[report] ${size}: pdfmake alone on the same document ${seconds(baseline)}, ${mib((last.base.measures.pdfmake as Measure).bytes)}, peak ${Math.round(basePeak)} MiB (the thumbnails read from the disk cache)`);
  const made = last.ours.thumbnails;
  if (made) console.log(`[report] ${size}: the first report's thumbnails were made in a process of their own while its pages were laid out: CPU ${seconds(made.cpuMs)}, peak ${Math.round(made.peakMiB)} MiB; both processes together at most ${Math.round(last.ours.firstTogetherMiB)} MiB (sampled), the report's own peak ${Math.round(last.ours.coldPeakMiB)} MiB`);
  console.log(`[report] ${size}: first report ever (every image downscaled, none on disk) ${seconds(cold)} = ${(cold / baseline).toFixed(2)}x pdfmake (once per screenshot: ${check(cold / baseline <= GOAL.ratio)} of ${GOAL.ratio}x)`);
  console.log(`[report] ${size}: a new process's first report, thumbnails on disk ${seconds(cached)} = ${(cached / baseline).toFixed(2)}x pdfmake (${check(cached / baseline <= GOAL.ratio)} of ${GOAL.ratio}x)`);
  console.log(`[report] ${size}: again in the same process (thumbnails in memory) ${seconds(warm)} = ${(warm / baseline).toFixed(2)}x pdfmake (${check(warm / baseline <= GOAL.ratio)})`);
  console.log(`[report] ${size}: the first signed report, over thumbnails only drafts made (each made again from its original and sealed) ${seconds(sealing)} = ${(sealing / baseline).toFixed(2)}x pdfmake`);
  console.log(`[report] ${size}: signed (a new process, sealed thumbnails on disk) ${seconds(signed)}: signing adds ${(((signed - cached) / cached) * 100).toFixed(1)}% (${check(signed - cached <= GOAL.signing * cached)} of ${GOAL.signing * 100}%)`);
  console.log(`[report] ${size}: CPU time: pdfmake ${seconds(cpu.baseline)}; report first ever ${seconds(cpu.cold)} (${(cpu.cold / cpu.baseline).toFixed(2)}x), new process ${seconds(cpu.cached)} (${(cpu.cached / cpu.baseline).toFixed(2)}x), again ${seconds(cpu.warm)} (${(cpu.warm / cpu.baseline).toFixed(2)}x), signed ${seconds(cpu.signed)} (${(((cpu.signed - cpu.cached) / cpu.cached) * 100).toFixed(1)}% over the unsigned new process); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`[report] ${size}: PDF ${mib((last.signed.measures.signed as Measure).bytes)} with ${inPdf.count} images stored, the largest ${inPdf.largest}; peak RSS of one report ${Math.round(peak)} MiB (${check(peak <= GOAL.peakMiB)} of ${GOAL.peakMiB} MiB; ${(peak / basePeak).toFixed(2)}x pdfmake's; first ever ${Math.round(coldPeak(last))} (its own process ${Math.round(last.ours.coldPeakMiB)}), new process ${Math.round(last.cached.peakMiB)}, signed ${Math.round(last.signed.peakMiB)} MiB), ${Math.round(secondPeak)} MiB after a second report in the same process`);
  console.log(`[report] ${size}: \`release-audit report\` ${seconds(cli.ms)} (CPU ${seconds(cli.cpu)}, ${(cli.cpu / cpu.baseline).toFixed(2)}x pdfmake's), peak RSS ${Math.round(cli.peakMiB)} MiB (${check(cli.peakMiB <= GOAL.peakMiB)})`);
  return {
    cli: { what: `release-audit report, ${findings} findings`, size: findings, ours: cli.ms, baseline, oursCpu: cli.cpu, baselineCpu: cpu.baseline, baselineName: 'pdfmake alone, same document', peakMiB: cli.peakMiB },
    report: { what: `report, ${findings} findings, ${images} images, thumbnails on disk`, size: findings, ours: cached, baseline, oursCpu: cpu.cached, baselineCpu: cpu.baseline, baselineName: 'pdfmake alone, same document', peakMiB: peak },
    first: { what: `first report ever, ${findings} findings, ${images} images downscaled`, size: findings, ours: cold, baseline, oursCpu: cpu.cold, baselineCpu: cpu.baseline, baselineName: 'pdfmake alone, same document' },
    signed: { what: `signed, ${findings} findings`, size: findings, ours: signed, baseline: cached, oursCpu: cpu.signed, baselineCpu: cpu.cached, baselineName: 'the same, unsigned' },
  };
}

/** `npm run bench -- report`: the bench at two sizes; answers what prints its tables and growth at the end. */
export async function benchReport(scratch: string): Promise<() => void> {
  const sizes = process.env.BENCH_SCALE === 'small' ? [[100, 40], [250, 100]] : [[250, 100], [1000, 400]];
  const measured: ReportBenchRows[] = [];
  // Three runs of each measure, their medians kept: one report's time moves by a quarter from one process to the next here.
  for (const [findings, images] of sizes as Array<[number, number]>) measured.push(await reportBench(scratch, findings, images, Number(process.env.BENCH_RUNS ?? 3)));
  return () => {
    printSized(`Report (goal ≤ ${GOAL.ratio}x pdfmake alone, peak ≤ ${GOAL.peakMiB} MiB)`, measured.map((m) => m.report));
    printSized(`The first report ever, every screenshot downscaled (once per screenshot)`, measured.map((m) => m.first));
    printSized(`The same through the command line (one process per report)`, measured.map((m) => m.cli));
    printSized(`Signing a report (goal ≤ ${1 + GOAL.signing}x the unsigned)`, measured.map((m) => m.signed));
  };
}

if (process.argv[2] === 'child') {
  const [which, dataDir, auditId] = process.argv.slice(3) as [string, string, string];
  console.log(JSON.stringify(await child(which, dataDir, auditId)));
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-report-bench-'));
  try {
    await reportBench(scratch, Number(process.env.BENCH_FINDINGS ?? 1000), Number(process.env.BENCH_IMAGES ?? 400), Number(process.env.BENCH_RUNS ?? 1));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
