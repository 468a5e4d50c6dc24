import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSelfSignedIdentity } from '../../electron/reports/identity';
import type { Core } from '../../electron/services';
import { tempDir, testCore } from './temp';

// Laptops for sync tests: each a real data folder with its own device id and its own auditor key.
// Making an RSA key takes a second or two, so each auditor's key is made once per test run and
// copied into every data folder that needs it.

const keyCache = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-keys-'));
process.once('exit', () => fs.rmSync(keyCache, { recursive: true, force: true }));

export function laptop(actor: string): Core {
  const dataDir = tempDir();
  const cached = path.join(keyCache, actor);
  if (!fs.existsSync(cached)) {
    const scratch = fs.mkdtempSync(path.join(keyCache, 'make-'));
    createSelfSignedIdentity(scratch, actor, 'Auditor', actor);
    fs.renameSync(path.join(scratch, 'identity'), cached);
  }
  fs.cpSync(cached, path.join(dataDir, 'identity'), { recursive: true });
  return testCore({ dataDir, actor });
}

/** Everything a person would see of the records, for comparing laptops (sorted, ids included). */
export function recordsOf(core: Core, tables: string[]): Record<string, unknown[]> {
  const state: Record<string, unknown[]> = {};
  for (const table of tables) state[table] = core.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  return state;
}
