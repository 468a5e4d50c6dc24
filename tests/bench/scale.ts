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
}

const sizes: Size[] = [
  { label: 'small', audits: 40, perAudit: 30, findings: 1000 },
  { label: 'large', audits: 1200, perAudit: 30, findings: 10000 },
];

interface Measure {
  what: string;
  baselineName: string;
  ours: number;
  baseline: number;
  detail?: string;
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
async function median(runs: number, work: (i: number) => Promise<unknown> | unknown, budgetMs = 60_000): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (times.reduce((a, b) => a + b, 0) > budgetMs) break;
  }
  return medianOf(times);
}

/**
 * Builds the ledger through the real record writer (every row with its ledger entry, field clocks and
 * hash chain, as the services write them), batched in large transactions. The services' own checks
 * are skipped while building only because they are what is being measured; audits, pins and the first
 * checklist pass go through the services themselves.
 */
export function build(core: Core, size: Size): { auditId: string; earlierAuditId: string; itemKeys: string[]; controlIds: string[] } {
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
  return { auditId: audit.id, earlierAuditId, itemKeys, controlIds };
}

async function measureSize(scratch: string, size: Size, writesOnly: boolean): Promise<{ entries: number; measures: Measure[] }> {
  const dataDir = path.join(scratch, size.label);
  const core = openCore({ dataDir, actor: 'bench' });
  const started = Date.now();
  const { auditId, earlierAuditId, itemKeys, controlIds } = build(core, size);
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
  const runs = 31;

  const created: string[] = [];
  const ours = await median(runs, (i) => {
    created.push(createFinding(core, { auditId, title: `Bench finding ${i}`, controlId: controlIds[i % controlIds.length], cause: causes[i % causes.length] }).id);
  });
  const baseline = await median(runs, (i) => db.transaction(() => rawInsert.run(`raw-${i}`, auditId, `Bench finding ${i}`, controlIds[0], causes[0], utcNow()))());
  measures.push({ what: 'raise a finding with a control and cause', ours, baseline, baselineName: 'raw INSERT in its transaction' });

  const updated = await median(runs, (i) => updateFinding(core, { id: created[i] as string, cause: `${causes[(i + 1) % causes.length]} (revised ${i})` }));
  const updateBase = await median(runs, (i) => db.transaction(() => rawUpdate.run(`revised ${i}`, `raw-${i}`))());
  measures.push({ what: "update a finding's cause", ours: updated, baseline: updateBase, baselineName: 'raw UPDATE in its transaction' });

  const recorded = await median(runs, (i) => recordResult(core, { auditId: earlierAuditId, itemKey: itemKeys[i % itemKeys.length] as string, result: i % 2 ? 'pass' : 'fail', note: `run ${i}` }));
  const recordBase = await median(runs, (i) => db.transaction(() => rawInsert.run(`raw-result-${i}`, earlierAuditId, 'result', null, `run ${i}`, utcNow()))());
  measures.push({ what: 'record a checklist result', ours: recorded, baseline: recordBase, baselineName: 'raw INSERT in its transaction' });
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
    console.log(`\nSpeed at scale (${os.cpus().length} cores, Node ${process.version}); medians in ms\n`);
    for (const result of results) {
      console.log(`${result.size.label}: ${result.entries} ledger entries`);
      console.log(`  ${'measure'.padEnd(48)} ${'ours'.padStart(9)} ${'baseline'.padStart(9)} ${'ratio'.padStart(8)}  baseline is`);
      for (const m of result.measures) {
        console.log(
          `  ${m.what.padEnd(48)} ${m.ours.toFixed(2).padStart(9)} ${m.baseline.toFixed(2).padStart(9)} ${(m.ours / m.baseline).toFixed(1).padStart(7)}x  ${m.baselineName}${m.detail ? ` (${m.detail})` : ''}`,
        );
      }
    }
    if (results.length > 1) {
      const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
      const sizeRatio = large.entries / small.entries;
      console.log(`\nGrowth from ${small.entries} to ${large.entries} entries (${sizeRatio.toFixed(1)}x the ledger):`);
      for (const [i, m] of large.measures.entries()) {
        const before = small.measures[i] as Measure;
        const grew = m.ours / before.ours;
        const exponent = Math.log(Math.max(grew, 1e-9)) / Math.log(sizeRatio);
        const baseGrew = m.baseline / before.baseline;
        console.log(`  ${m.what.replace(/ \(\d+ findings\)/, '').padEnd(48)} ${grew.toFixed(2).padStart(7)}x  ${growthWords(exponent).padEnd(18)} (baseline ${baseGrew.toFixed(2)}x)`);
      }
    }
    console.log('');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

