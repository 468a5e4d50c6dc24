// The command line's start: a command that reads the audits, and one that reads one audit, each
// timed as a whole process (as a pipeline runs it) beside `node -e ''` run in the same loop, so
// both see the same load. The goal: no more than 300 ms over Node's own start.
import path from 'node:path';
import { createAudit } from '../../electron/audits/service';
import { createFinding } from '../../electron/findings/service';
import { openCore } from '../../electron/services';
import { timedProcess } from './ingest-verify';

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'release-audit.js');
const GOAL_MS = 300;

export interface CliRow {
  what: string;
  ours: number;
  baseline: number;
  baselineName: string;
}

/** Wall-clock ms of one whole process, and its CPU time (user + system, from /usr/bin/time), which a shared machine disturbs less. */
function timed(args: string[], scratch: string): { ms: number; cpu: number } {
  const run = timedProcess(process.execPath, args, scratch);
  return { ms: run.ms, cpu: run.cpu };
}

const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;

export function cliStartup(scratch: string, runs = 11): { rows: CliRow[]; summary: string[] } {
  const dataDir = path.join(scratch, 'cli-data');
  const core = openCore({ dataDir, actor: 'bench' });
  let last = '';
  for (let i = 0; i < 50; i += 1) {
    last = createAudit(core, { name: `Audit ${i}`, description: 'x'.repeat(200) }).id;
    for (let f = 0; f < 5; f += 1) createFinding(core, { auditId: last, title: `Finding ${f}` });
  }
  core.close();
  const commands = {
    'audit list': [bin, '--data-dir', dataDir, 'audit', 'list'],
    'audit show ID': [bin, '--data-dir', dataDir, 'audit', 'show', last],
    'finding list --audit ID': [bin, '--data-dir', dataDir, 'finding', 'list', '--audit', last],
  };
  // The first call builds the CLI if a source changed, and writes its code cache: not what is measured.
  for (const args of Object.values(commands)) timed(args, scratch);
  const node: number[] = [];
  const nodeCpu: number[] = [];
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as number[]]));
  const cpus = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as number[]]));
  for (let i = 0; i < runs; i += 1) {
    const bare = timed(['-e', ''], scratch);
    node.push(bare.ms);
    nodeCpu.push(bare.cpu);
    for (const [name, args] of Object.entries(commands)) {
      const run = timed(args, scratch);
      times[name]?.push(run.ms);
      cpus[name]?.push(run.cpu);
    }
  }
  const baseline = median(node);
  const baselineCpu = median(nodeCpu);
  const rows = Object.entries(times).map(([name, t]) => ({ what: `CLI ${name} (50 audits)`, ours: median(t), baseline, baselineName: "node -e '' (Node's own start)" }));
  const summary = rows.map((row, i) => {
    const over = row.ours - row.baseline;
    const cpu = median(Object.values(cpus)[i] as number[]);
    return `${row.what}: ${over.toFixed(0)} ms over Node's own start (goal ≤ ${GOAL_MS} ms: ${over <= GOAL_MS ? 'met' : 'NOT met'}); CPU ${cpu.toFixed(0)} ms vs ${baselineCpu.toFixed(0)} ms (${(cpu - baselineCpu).toFixed(0)} ms over); medians of ${runs} runs`;
  });
  return { rows, summary };
}
