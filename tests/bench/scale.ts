// Speed at scale (issue 13): the writes an auditor makes all day and the lists they read, timed on a
// ledger of ~10k entries and on one of ~250k, each beside a raw SQLite baseline measured in the same
// run on the same database file. Printed: the ratio to the baseline at each size, and how each
// figure grows with the ledger (flat, sublinear, linear, or worse than linear, which is flagged).
// BENCH_SCALE=small runs the small ledger only; BENCH_SCALE=off skips this part of the bench.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createHandlers } from '../../electron/api/handlers';
import { createAudit, pinTemplate } from '../../electron/audits/service';
import { emptyPlan } from '../../electron/plans/service';
import { createRelease, saveRunbook } from '../../electron/releases/service';
import { addEntry } from '../../electron/warroom/service';
import { recordResult } from '../../electron/checklist/service';
import { createFinding, updateFinding } from '../../electron/findings/service';
import { startHost } from '../../electron/host/server';
import { loadLibrary } from '../../electron/library/library';
import { openCore, transact, type Core } from '../../electron/services';
import { DEFAULT_TEMPLATE_V1_ID } from '../../electron/templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../../electron/templates/service';
import { newId, utcNow } from '../../electron/ids';

export interface Size {
  label: string;
  /** Earlier audits, each with its checklist recorded twice and `perAudit` findings raised and opened. */
  audits: number;
  perAudit: number;
  /** Findings of the audit under test (the one the findings list shows). */
  findings: number;
  /** Entries already in the war-room log of the release under test. */
  warroom: number;
  /** Distinct causes, all worded differently, that one control has had in raised findings. */
  distinctCauses: number;
}

const sizes: Size[] = [
  { label: 'small', audits: 40, perAudit: 30, findings: 1000, warroom: 200, distinctCauses: 100 },
  { label: 'medium', audits: 400, perAudit: 30, findings: 4000, warroom: 2000, distinctCauses: 1000 },
  { label: 'large', audits: 1200, perAudit: 30, findings: 10000, warroom: 20000, distinctCauses: 10000 },
];

interface Measure {
  what: string;
  baselineName: string;
  ours: number;
  baseline: number;
  detail?: string;
  /** The size that drives this figure (the log's length, the control's causes), when it is not the ledger's. */
  drives?: number;
}

const causes = [
  'The emergency path was used outside its policy by the release team.',
  'Approvals were recorded after the deployment instead of before it.',
  'Rollback tests were skipped because the staging environment was down.',
  'The change ticket did not name the components that were deployed.',
];

function medianOf(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/** The median of `runs` runs, or of fewer when they have taken `budgetMs` already (a list that takes minutes). */
export async function median(runs: number, work: (i: number) => Promise<unknown> | unknown, budgetMs = 60_000): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (times.reduce((a, b) => a + b, 0) > budgetMs) break;
  }
  return medianOf(times);
}

/** The CPU time of ours and of the baseline, as a row's detail. */
const cpuDetail = (ours: number, baseline: number) => `CPU ${ours.toFixed(2)} vs ${baseline.toFixed(2)} ms, ${(ours / Math.max(baseline, 1e-3)).toFixed(1)}x`;

/**
 * Builds the ledger through the real record writer (every row with its ledger entry, field clocks and
 * hash chain, as the services write them), batched in large transactions. The services' own checks
 * are skipped while building only because they are what is being measured; audits, pins and the first
 * checklist pass go through the services themselves.
 */
export function build(core: Core, size: Size): { auditId: string; earlierAuditId: string; itemKeys: string[]; controlIds: string[]; releaseId: string; stepIds: string[] } {
  ensureDefaultTemplate(core);
  const itemKeys = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items.map((i) => i.key);
  const controlIds = loadLibrary(core.appRoot).controls.controls.map((c) => c.id).slice(0, 40);
  const batch = core.sqlite.transaction((fn: () => void) => fn());
  let earlierAuditId = '';
  for (let a = 0; a < size.audits; a += 1) {
    batch(() => {
      const audit = createAudit(core, { name: `Earlier audit ${a}`, description: '' });
      earlierAuditId = audit.id;
      pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
      const now = utcNow();
      transact(core, (records) => {
        for (const pass of ['pass', 'fail']) {
          for (const itemKey of itemKeys) {
            const id = `${audit.id}-${itemKey}`;
            if (pass === 'pass') {
              records.insert('checklist_results', { id, auditId: audit.id, releaseId: null, templateVersionId: DEFAULT_TEMPLATE_V1_ID, itemKey, result: 'pass', note: '', recordedBy: core.actor, recordedAt: now });
            } else records.update('checklist_results', id, { result: 'fail', note: 'Seen failing on the second pass.', recordedAt: now });
          }
        }
        for (let f = 0; f < size.perAudit; f += 1) {
          const id = newId();
          records.insert('findings', {
            id, auditId: audit.id, title: `Finding ${f}`, severity: 'major', status: 'draft', controlId: controlIds[f % controlIds.length], stage: null,
            criteria: 'c', condition: 'c', cause: causes[f % causes.length], effect: 'e', recommendation: 'r', ownerRole: '', ownerName: 'Owner', dueAt: null,
            confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
          });
          records.update('findings', id, { status: 'open', updatedAt: now });
        }
      });
    });
  }
  const audit = createAudit(core, { name: 'Audit under test', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  for (let start = 0; start < size.findings; start += 1000) {
    batch(() =>
      transact(core, (records) => {
        const now = utcNow();
        for (let f = start; f < Math.min(size.findings, start + 1000); f += 1) {
          records.insert('findings', {
            id: newId(), auditId: audit.id, title: `Finding ${f} of the audit`, severity: 'major', status: 'draft', controlId: controlIds[f % controlIds.length], stage: null,
            criteria: 'What should be '.repeat(20), condition: 'What is '.repeat(40), cause: causes[f % causes.length], effect: 'Effect '.repeat(40),
            recommendation: 'Recommendation '.repeat(20), ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '',
            releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
          });
        }
      }),
    );
  }
  // One control (not used above) has had `distinctCauses` causes, no two sharing enough words to be the same.
  batch(() =>
    transact(core, (records) => {
      const now = utcNow();
      for (let c = 0; c < size.distinctCauses; c += 1) {
        records.insert('findings', {
          id: newId(), auditId: earlierAuditId, title: `Worded differently ${c}`, severity: 'minor', status: 'open', controlId: controlIds[39], stage: null,
          criteria: 'c', condition: 'c', cause: distinctCause(c), effect: 'e', recommendation: 'r', ownerRole: '', ownerName: 'Owner', dueAt: null,
          confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
        });
      }
    }),
  );
  // The release under test, its runbook, and a war-room log already `warroom` entries long.
  const release = createRelease(core, { auditId: audit.id, identifier: 'BENCH-1', windowStart: '2026-01-01T00:00:00.000Z' });
  const steps = Array.from({ length: 40 }, (_, i) => ({ title: `Step ${i}`, plannedStart: null, plannedEnd: null, owner: 'SRE', parameters: {}, contacts: '' }));
  const stepIds = saveRunbook(core, release.id, steps).runbook.map((step) => step.id);
  for (let start = 0; start < size.warroom; start += 1000) {
    batch(() =>
      transact(core, (records) => {
        const at = utcNow();
        for (let e = start; e < Math.min(size.warroom, start + 1000); e += 1) {
          const body = e % 3 === 0 ? { node: `node-${e % 50}`, status: 'in-progress' } : e % 3 === 1 ? { text: `Observation ${e}` } : { stepId: stepIds[e % 20], text: `Deviation ${e}` };
          const kind = e % 3 === 0 ? 'node-status' : e % 3 === 1 ? 'note' : 'deviation';
          records.insert('warroom_entries', { id: newId(), auditId: audit.id, releaseId: release.id, kind, at, actor: core.actor, body, correctsId: null, recordedAt: at });
        }
      }),
    );
  }
  return { auditId: audit.id, earlierAuditId, itemKeys, controlIds, releaseId: release.id, stepIds };
}

/** Cause number `c` in words of its own: two numbers never share more than one word. */
function distinctCause(c: number): string {
  const word = (n: number) => n.toString(36).replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] as string);
  return `Cause ${word(c * 3 + 1000)}a ${word(c * 3 + 1001)}b ${word(c * 3 + 1002)}c was not seen again`;
}

async function measureSize(scratch: string, size: Size, writesOnly: boolean): Promise<{ entries: number; measures: Measure[] }> {
  const dataDir = path.join(scratch, size.label);
  const core = openCore({ dataDir, actor: 'bench' });
  const started = Date.now();
  const { auditId, earlierAuditId, itemKeys, controlIds, releaseId, stepIds } = build(core, size);
  const entries = (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
  console.log(`[scale] ${size.label}: built ${entries} ledger entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const measures: Measure[] = [];
  const report = measures.push.bind(measures);
  // Each figure is printed as soon as it is measured, so that a slow run still shows what it has.
  measures.push = (...items: Measure[]) => {
    for (const m of items) console.log(`[scale] ${size.label}: ${m.what}: ${m.ours.toFixed(2)} ms vs ${m.baseline.toFixed(2)} ms (${(m.ours / m.baseline).toFixed(1)}x)${m.detail ? ` ${m.detail}` : ''}`);
    return report(...items);
  };
  const db = core.sqlite;
  db.exec('CREATE TABLE bench_raw (id TEXT PRIMARY KEY, audit_id TEXT, title TEXT, control_id TEXT, cause TEXT, created_at TEXT)');
  const rawInsert = db.prepare('INSERT INTO bench_raw VALUES (?, ?, ?, ?, ?, ?)');
  const rawUpdate = db.prepare('UPDATE bench_raw SET cause = ? WHERE id = ?');
  // Each write and its baseline are timed in four rounds, each round a block of ours then a block of the
  // baseline's, 15 samples of 3 runs a block (so 60 samples of each), after 10 untimed runs of each. The baselines
  // are a tenth of a millisecond: timing 31 single cold runs of ours and then 31 of the baseline's let V8 still
  // compiling the write, or a burst of other work during one side's block, move that side's median alone
  // (update's 8.5x / 17.5x / 4.7x at the three sizes). The figures to judge are the CPU ratios.
  // (Timing the two in turns, run by run, was tried: each baseline run then follows one of ours and finds the CPU's
  // caches cold, which made the baseline about a quarter slower than it runs on its own; so each side runs in blocks.)
  const runs = 61;
  const compared = async (ourWork: (i: number) => unknown, baseWork: (i: number) => unknown, rounds = 4, samples = 15, batch = 3, warm = 10) => {
    let ourNext = 0;
    let baseNext = 0;
    const ourRun = () => ourWork(ourNext++);
    const baseRun = () => baseWork(baseNext++);
    const wall = { ours: [] as number[], base: [] as number[] };
    const cpu = { ours: [] as number[], base: [] as number[] };
    const block = (run: () => unknown, side: 'ours' | 'base') => {
      for (let sample = 0; sample < samples; sample += 1) {
        const start = process.hrtime.bigint();
        const used = process.cpuUsage();
        for (let k = 0; k < batch; k += 1) run();
        const spent = process.cpuUsage(used);
        wall[side].push(Number(process.hrtime.bigint() - start) / 1e6 / batch);
        cpu[side].push((spent.user + spent.system) / 1000 / batch);
      }
    };
    for (let k = 0; k < warm; k += 1) ourRun();
    for (let k = 0; k < warm; k += 1) baseRun();
    for (let round = 0; round < rounds; round += 1) {
      block(ourRun, 'ours');
      block(baseRun, 'base');
    }
    return { ours: medianOf(wall.ours), baseline: medianOf(wall.base), detail: cpuDetail(medianOf(cpu.ours), medianOf(cpu.base)) };
  };

  const created: string[] = [];
  const create = await compared(
    (i) => created.push(createFinding(core, { auditId, title: `Bench finding ${i}`, controlId: controlIds[i % controlIds.length], cause: causes[i % causes.length] }).id),
    (i) => db.transaction(() => rawInsert.run(`raw-${i}`, auditId, `Bench finding ${i}`, controlIds[0], causes[0], utcNow()))(),
  );
  measures.push({ what: 'raise a finding with a control and cause', ...create, baselineName: 'raw INSERT in its transaction' });

  const update = await compared(
    (i) => updateFinding(core, { id: created[i] as string, cause: `${causes[(i + 1) % causes.length]} (revised ${i})` }),
    (i) => db.transaction(() => rawUpdate.run(`revised ${i}`, `raw-${i}`))(),
  );
  measures.push({ what: "update a finding's cause", ...update, baselineName: 'raw UPDATE in its transaction' });

  const record = await compared(
    (i) => recordResult(core, { auditId: earlierAuditId, itemKey: itemKeys[i % itemKeys.length] as string, result: i % 2 ? 'pass' : 'fail', note: `run ${i}` }),
    (i) => db.transaction(() => rawInsert.run(`raw-result-${i}`, earlierAuditId, 'result', null, `run ${i}`, utcNow()))(),
  );
  measures.push({ what: 'record a checklist result', ...record, baselineName: 'raw INSERT in its transaction' });

  // A cause worded unlike any of the control's many earlier causes: each is a candidate to compare.
  const differently = await compared(
    (i) => createFinding(core, { auditId, title: `Worded ${i}`, controlId: controlIds[39], cause: `Reviewers missed step ${i} of the runbook entirely` }),
    (i) => db.transaction(() => rawInsert.run(`raw-differently-${i}`, auditId, `Worded ${i}`, controlIds[39], 'cause', utcNow()))(),
  );
  measures.push({ what: `raise a finding, its control had ${size.distinctCauses} causes`, ...differently, baselineName: 'raw INSERT in its transaction', drives: size.distinctCauses });

  // Each step started once, on a log already `warroom` entries long: two rounds of 10 single runs, none untimed.
  const added = await compared(
    (i) => addEntry(core, { releaseId, kind: 'step-started', body: { stepId: stepIds[20 + i] } }),
    (i) => db.transaction(() => rawInsert.run(`raw-entry-${i}`, auditId, 'step-started', null, '{}', utcNow()))(),
    2,
    Math.min(runs, stepIds.length - 20) / 2,
    1,
    0,
  );
  measures.push({ what: `war-room add (log of ${size.warroom} entries)`, ...added, baselineName: 'raw INSERT in its transaction', drives: size.warroom });

  // A new audit with its plan, on this ledger, beside the same two rows written raw.
  const planColumns = Object.keys(emptyPlan);
  db.exec(`CREATE TABLE bench_raw_audits (id TEXT PRIMARY KEY, name TEXT, description TEXT, status TEXT, created_at TEXT, created_by TEXT, updated_at TEXT)`);
  db.exec(`CREATE TABLE bench_raw_plans (id TEXT PRIMARY KEY, ${planColumns.map((c) => `"${c}"`).join(', ')}, updated_at TEXT)`);
  const rawAudit = db.prepare('INSERT INTO bench_raw_audits VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rawPlan = db.prepare(`INSERT INTO bench_raw_plans VALUES (?, ${planColumns.map(() => '?').join(', ')}, ?)`);
  const planValues = Object.values(emptyPlan).map((v) => (typeof v === 'boolean' ? Number(v) : Array.isArray(v) ? JSON.stringify(v) : v));
  const audited = await compared(
    (i) => createAudit(core, { name: `New audit ${i}`, description: '' }),
    (i) =>
      db.transaction(() => {
        const now = utcNow();
        rawAudit.run(`raw-audit-${i}`, `New audit ${i}`, '', 'planning', now, 'bench', now);
        rawPlan.run(`raw-audit-${i}`, ...planValues, now);
      })(),
  );
  measures.push({ what: 'new audit with its plan', ...audited, baselineName: 'raw INSERTs of both rows in a transaction' });
  if (writesOnly) {
    core.close();
    return { entries, measures };
  }

  const host = await startHost({ handlers: createHandlers(core), staticDir: scratch, port: 0 });
  const call = async (method: string, input: unknown) => {
    const response = await fetch(`${host.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} failed: ${text.slice(0, 300)}`);
    return text;
  };
  try {
    const listRuns = size.label === 'small' ? 9 : 5;
    const auditsListed = await median(listRuns, () => call('audits.list', {}));
    const dbFile = db.name;
    const auditsBase = await median(listRuns, () => {
      const raw = new Database(dbFile, { readonly: true });
      JSON.stringify(raw.prepare('SELECT * FROM audits ORDER BY created_at DESC, id DESC').all());
      raw.close();
    });
    measures.push({ what: 'audits.list over HTTP', ours: auditsListed, baseline: auditsBase, baselineName: 'sqlite3 open + SELECT + JSON' });

    let body = '';
    const findingsListed = await median(listRuns, async () => {
      body = await call('findings.list', { auditId });
    });
    const parsed = JSON.parse(body) as { value: unknown };
    const data = parsed.value as { rows?: unknown[]; total?: number } | unknown[];
    const returned = Array.isArray(data) ? data.length : (data.rows?.length ?? 0);
    const total = Array.isArray(data) ? data.length : (data.total ?? returned);
    const findingsBase = await median(listRuns, () => {
      JSON.stringify(db.prepare('SELECT * FROM findings WHERE audit_id = ? ORDER BY created_at DESC LIMIT ?').all(auditId, returned));
    });
    measures.push({
      what: `findings.list over HTTP (${total} findings)`,
      ours: findingsListed,
      baseline: findingsBase,
      baselineName: 'raw SELECT + JSON of the rows returned',
      detail: `${returned} rows, ${(body.length / 1024).toFixed(0)} KiB`,
    });
  } finally {
    await host.close();
    core.close();
  }
  return { entries, measures };
}

/** The CPU time of a row, when it has one (what to judge on a busy machine), and its ratio to the baseline's. */
const cpuOf = (m: Measure) => Number(/^CPU ([\d.]+) vs/.exec(m.detail ?? '')?.[1] ?? Number.NaN);
const cpuRatio = (m: Measure) => Number(/, ([\d.]+)x$/.exec(m.detail ?? '')?.[1] ?? Number.NaN);

function growthWords(exponent: number): string {
  if (exponent < 0.15) return 'flat';
  if (exponent < 0.85) return 'sublinear';
  if (exponent <= 1.15) return 'linear';
  return 'WORSE THAN LINEAR';
}

/** `writesOnly` (`npm run bench -- writes`) measures the three writes and leaves out the lists. */
export async function scaleBench(options: { writesOnly?: boolean } = {}): Promise<void> {
  const mode = process.env.BENCH_SCALE ?? 'all';
  if (mode === 'off') return;
  const chosen = mode === 'small' ? sizes.slice(0, 1) : sizes;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-scale-'));
  process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'bench-only passphrase, not a secret';
  try {
    const results = [];
    for (const size of chosen) results.push({ size, ...(await measureSize(scratch, size, options.writesOnly ?? false)) });
    console.log(`\nSpeed at scale (${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}); medians in ms\n`);
    for (const result of results) {
      console.log(`${result.size.label}: ${result.entries} ledger entries`);
      console.log(`  ${'measure'.padEnd(48)} ${'ours'.padStart(9)} ${'baseline'.padStart(9)} ${'ratio'.padStart(8)}  baseline is`);
      for (const m of result.measures) {
        console.log(
          `  ${m.what.padEnd(48)} ${m.ours.toFixed(2).padStart(9)} ${m.baseline.toFixed(2).padStart(9)} ${(m.ours / m.baseline).toFixed(1).padStart(7)}x  ${m.baselineName}${m.detail ? ` (${m.detail})` : ''}`,
        );
      }
    }
    // How each figure grows from the smallest size to each larger one: with the ledger, or with what drives it (the
    // log's length, the control's causes). Judged on CPU time where there is one (a busy machine moves the clock).
    const [first, ...rest] = results as [(typeof results)[0], ...(typeof results)];
    for (const later of rest) {
      console.log(`\nGrowth from ${first.size.label} to ${later.size.label} (${first.entries} to ${later.entries} ledger entries, ${(later.entries / first.entries).toFixed(1)}x):`);
      for (const [i, m] of later.measures.entries()) {
        const before = first.measures[i] as Measure;
        const sizeRatio = m.drives && before.drives ? m.drives / before.drives : later.entries / first.entries;
        const cpuGrew = cpuOf(m) / cpuOf(before);
        const grew = Number.isNaN(cpuGrew) ? m.ours / before.ours : cpuGrew;
        const exponent = Math.log(Math.max(grew, 1e-9)) / Math.log(sizeRatio);
        const by = m.drives ? `its size ${sizeRatio.toFixed(0)}x` : 'the ledger';
        const cpu = Number.isNaN(cpuGrew) ? '' : `, CPU ratio ${cpuRatio(before).toFixed(1)}x -> ${cpuRatio(m).toFixed(1)}x`;
        console.log(
          `  ${m.what.replace(/ \(\d+ findings\)| \(log of \d+ entries\)|, its control had \d+ causes/, '').padEnd(48)} ${grew.toFixed(2).padStart(7)}x ${Number.isNaN(cpuGrew) ? 'wall' : 'CPU '} with ${by.padEnd(14)} ${growthWords(exponent).padEnd(18)} (wall ${(m.ours / before.ours).toFixed(2)}x, baseline ${(m.baseline / before.baseline).toFixed(2)}x${cpu})`,
        );
      }
    }
    console.log('');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

