import type { VerifyProblem, VerifyReport } from '../../shared/api/system';
import { verifyChains } from '../ledger/verify-chain';
import { verifyRecords } from '../ledger/verify-records';
import type { Core } from '../services';
import { verifyVault } from '../vault/verify-vault';

/** The triggers that keep the ledger, evidence and custody log append-only (migrations/0001). */
export const appendOnlyTriggers = [
  'ledger_no_update',
  'ledger_no_delete',
  'evidence_no_update',
  'evidence_no_delete',
  'custody_events_no_update',
  'custody_events_no_delete',
];

// One check of everything that must hold: database integrity, every ledger chain, every record
// against the ledger, and every vault object against its hash. Each problem says where it is.

export async function verifyAll(core: Core, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const integrity = core.sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  for (const { integrity_check: line } of integrity) {
    if (line !== 'ok') problems.push({ area: 'database', location: locateIntegrityProblem(line), message: line });
  }
  const foreignKeys = core.sqlite.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  for (const fk of foreignKeys) {
    problems.push({ area: 'database', location: `table ${fk.table}, row ${fk.rowid}`, message: `it refers to a ${fk.parent} record that does not exist.` });
  }
  const triggers = new Set(
    (core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>).map((t) => t.name),
  );
  for (const name of appendOnlyTriggers) {
    if (!triggers.has(name)) {
      problems.push({ area: 'database', location: `trigger ${name}`, message: 'this append-only protection was removed outside the app.' });
    }
  }
  const chains = guard(problems, 'ledger', () => verifyChains(core.sqlite), { problems: [], entries: 0, devices: 0, heads: [] });
  const records = guard(problems, 'records', () => verifyRecords(core.db, core.sqlite), { problems: [], records: 0 });
  const vault = await verifyVault(core.vault, core.sqlite, onProgress);
  problems.push(...chains.problems, ...records.problems, ...vault.problems);
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
  };
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
