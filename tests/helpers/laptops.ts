import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSelfSignedIdentity } from '../../electron/identity/identity';
import { canonicalJson } from '../../electron/ledger/canonical';
import { entityTables, isEntityName } from '../../electron/ledger/entities';
import type { Core, OpenCoreOptions } from '../../electron/services';
import { exportBundle } from '../../electron/sync/export';
import { importBundle, inspectBundle } from '../../electron/sync/import';
import { ensureDefaultTemplate } from '../../electron/templates/service';
import { tempDir, testCore } from './temp';

// Laptops for sync tests: each a real data folder with its own device id and its own auditor key.
// Making an RSA key takes a second or two, so each auditor's key is made once per test run and
// copied into every data folder that needs it.

const keyCache = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-keys-'));
process.once('exit', () => fs.rmSync(keyCache, { recursive: true, force: true }));

/** `options.now`: the laptop's clock (a laptop whose clock is off). */
export function laptop(actor: string, options: Pick<Partial<OpenCoreOptions>, 'now'> = {}): Core {
  const dataDir = tempDir();
  const cached = path.join(keyCache, actor);
  if (!fs.existsSync(cached)) {
    const scratch = fs.mkdtempSync(path.join(keyCache, 'make-'));
    createSelfSignedIdentity(scratch, actor, 'Auditor', actor);
    fs.renameSync(path.join(scratch, 'identity'), cached);
  }
  fs.cpSync(cached, path.join(dataDir, 'identity'), { recursive: true });
  const core = testCore({ dataDir, actor, ...options });
  // As the app does at start: each laptop makes the shipped template itself, before any sync.
  ensureDefaultTemplate(core);
  return core;
}

/**
 * Everything a person would see of the records, for comparing laptops: rows as the app reads them
 * (JSON columns parsed, so key order inside stored JSON text does not count), sorted by id.
 */
export function recordsOf(core: Core, tables: string[]): Record<string, unknown[]> {
  const state: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = isEntityName(table)
      ? (core.db.select().from(entityTables[table]).all() as Array<{ id: string }>).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      : core.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    state[table] = rows.map((row) => JSON.parse(canonicalJson(row)) as unknown);
  }
  return state;
}

let bundleCount = 0;

/** Exports the audit from one laptop and imports it on another, trusting the sender's key. */
export async function exchange(
  from: Core,
  to: Core,
  auditId: string,
  options: { forPeer?: boolean; dir?: string } = {},
): Promise<{ file: string; result: Awaited<ReturnType<typeof importBundle>> }> {
  bundleCount += 1;
  const file = path.join(options.dir ?? tempDir(), `bundle-${bundleCount}.rabundle`);
  // A delta needs to know what the peer has: until it has sent a bundle, the whole audit goes.
  const known = from.sqlite.prepare('SELECT 1 FROM sync_peers WHERE device_id = ?').get(to.deviceId) !== undefined;
  await exportBundle(from, { auditId, out: file, forPeer: options.forPeer && known ? to.deviceId : null });
  const summary = await inspectBundle(to, file);
  const result = await importBundle(to, file, { trustFingerprint: summary.signer.fingerprint });
  return { file, result };
}
