import fs from 'node:fs';
import path from 'node:path';
import type { VerifyProblem, VerifyReport } from '../../shared/api/system';
import { verifyCheckpoints } from '../ledger/checkpoints';
import { verifyChains } from '../ledger/verify-chain';
import { knownSigners } from '../identity/seal';
import { checkSyncState, listRebindings, rebindingSentence } from '../sync/trust-log';
import { verifyRecords } from '../ledger/verify-records';
import { triggerProblems } from '../registry/triggers';
import type { Core } from '../services';
import { verifyVault } from '../vault/verify-vault';

/**
 * The triggers that keep the ledger, evidence, custody log and published template versions
 * append-only must be exactly as the migrations wrote them: missing or rewritten both count.
 */
function checkTriggers(core: Core): VerifyProblem[] {
  const expected = new Map<string, string>();
  const folder = path.join(core.appRoot, 'migrations');
  const migrations = fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
  for (const statement of migrations.join('\n--> statement-breakpoint\n').split('--> statement-breakpoint')) {
    const sql = statement.replace(/^--.*$/gm, '').trim().replace(/;$/, '');
    const name = /CREATE TRIGGER `([^`]+)`/.exec(sql)?.[1];
    if (name) expected.set(name, normalise(sql));
  }
  const actual = new Map(
    (core.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; sql: string }>).map((t) => [t.name, normalise(t.sql)]),
  );
  const problems: VerifyProblem[] = [];
  // A trigger the migrations never wrote can quietly change or undo what the app writes (say, put a revoked key back).
  for (const row of core.sqlite.prepare("SELECT name, tbl_name AS tableName FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; tableName: string }>) {
    if (!expected.has(row.name)) {
      problems.push({ area: 'database', location: `trigger ${row.name}`, message: `this trigger on table ${row.tableName} was added outside the app: it can change what the app writes.` });
    }
  }
  for (const [name, sql] of expected) {
    const found = actual.get(name);
    if (found === undefined) problems.push({ area: 'database', location: `trigger ${name}`, message: 'this append-only protection was removed outside the app.' });
    else if (found !== sql) problems.push({ area: 'database', location: `trigger ${name}`, message: 'this append-only protection was rewritten outside the app.' });
  }
  // The freezes and append-only logs the record descriptors call for (a new kind whose migration lacks them).
  for (const problem of triggerProblems(core.sqlite)) {
    if (!problems.some((p) => p.location === problem.location)) problems.push({ area: 'database', ...problem });
  }
  return problems;
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
}

// One check of everything that must hold: database integrity, every ledger chain, every record
// against the ledger, and every vault object against its hash. Each problem says where it is.

export async function verifyAll(core: Core, options: { expectHeads?: string[]; onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyReport> {
  const { onProgress, expectHeads = [] } = options;
  const problems: VerifyProblem[] = [];
  const integrity = core.sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  for (const { integrity_check: line } of integrity) {
    if (line !== 'ok') problems.push({ area: 'database', location: locateIntegrityProblem(line), message: line });
  }
  const foreignKeys = core.sqlite.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  for (const fk of foreignKeys) {
    problems.push({ area: 'database', location: `table ${fk.table}, row ${fk.rowid}`, message: `it refers to a ${fk.parent} record that does not exist.` });
  }
  problems.push(...checkTriggers(core));
  problems.push(...checkDevices(core));
  problems.push(...guard(problems, 'database', () => checkSyncState(core), []));
  const checkpoints = guard(problems, 'ledger', () => verifyCheckpoints(core.sqlite, { thisDevice: core.deviceId, knownSigners: knownSigners(core) }), { problems: [], checkpoints: 0 });
  const chains = guard(problems, 'ledger', () => verifyChains(core.sqlite, expectHeads), { problems: [], entries: 0, devices: 0, heads: [] });
  const records = guard(problems, 'records', () => verifyRecords(core.sqlite), { problems: [], records: 0 });
  let vault: Awaited<ReturnType<typeof verifyVault>> = { problems: [], objects: 0, evidence: 0 };
  try {
    vault = await verifyVault(core.vault, core.sqlite, onProgress);
  } catch (error) {
    problems.push({ area: 'vault', location: core.vault.root, message: `the vault could not be checked: ${(error as Error).message}` });
  }
  problems.push(...chains.problems, ...checkpoints.problems, ...records.problems, ...vault.problems);
  const notices: string[] = [];
  // A device's key replaced on its old key's word is no problem, but a person reading verify should know.
  for (const rebinding of guard(problems, 'database', () => listRebindings(core), [])) notices.push(rebindingSentence(rebinding));
  const swept = core.vault.sweepTemp();
  const total = { files: core.tempSwept.files + swept.files, bytes: core.tempSwept.bytes + swept.bytes };
  if (total.files > 0) {
    notices.push(`Removed ${total.files} file(s) (${formatBytes(total.bytes)}) that interrupted writes had left in the vault's temp folder.`);
  }
  return {
    ok: problems.length === 0,
    problems,
    checked: {
      devices: chains.devices,
      ledgerEntries: chains.entries,
      records: records.records,
      vaultObjects: vault.objects,
      evidence: vault.evidence,
    },
    ledgerHeads: chains.heads,
    checkpoints: checkpoints.checkpoints,
    notices,
  };
}

/**
 * Every chain holding full entries is this laptop's own or one received in a bundle. Any other means the
 * laptop's device id was changed (its own chain then looks like a stranger's) or entries were planted.
 */
function checkDevices(core: Core): VerifyProblem[] {
  const received = new Set(
    (core.sqlite.prepare('SELECT device_id AS d FROM sync_seen UNION SELECT device_id FROM sync_peers UNION SELECT device_id FROM ledger_stubs').all() as Array<{ d: string }>).map((r) => r.d),
  );
  const problems: VerifyProblem[] = [];
  for (const { deviceId } of core.sqlite.prepare('SELECT DISTINCT device_id AS deviceId FROM ledger').all() as Array<{ deviceId: string }>) {
    if (deviceId === core.deviceId || received.has(deviceId)) continue;
    problems.push({
      area: 'ledger',
      location: `device ${deviceId}`,
      message: `this chain was neither written on this laptop (device ${core.deviceId}) nor received in a bundle: the laptop's device id was changed, or entries were planted.`,
    });
  }
  return problems;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A check that cannot even run (a damaged table, say) is itself a problem to report, not a crash. */
function guard<T>(problems: VerifyProblem[], area: VerifyProblem['area'], check: () => T, empty: T): T {
  try {
    return check();
  } catch (error) {
    problems.push({ area, location: 'database file', message: `the check could not run: ${(error as Error).message}` });
    return empty;
  }
}

function locateIntegrityProblem(line: string): string {
  const table = /(?:table|index|tree) (\S+)/i.exec(line);
  return table ? `table ${table[1]}` : 'database file';
}
