import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { createSelfSignedIdentity, keyAndCertificate, loadIdentity } from '../identity/identity';
import { openCore, type Core } from '../services';
import { sourceRoot } from '../paths';
import { describeUrl, hubMigrationsFolder, openHubDatabase, type HubDatabase } from './db/database';
import { NonceWindow } from './signing';
import type { Hub } from './types';

export type { Hub };
import { mirrorAll } from './store';

// A team hub: its PostgreSQL database (the department's record: every accepted entry, every object,
// who may use it, the archive and the access log) and its working copy, a data folder of its own in
// which every push is checked and merged by the app's own import code (the same checks and merge
// rules as a file bundle) and from which every pull is exported. The working copy is written first;
// an entry is acknowledged to a laptop only once it is in PostgreSQL too, and at start whatever the
// working copy holds that PostgreSQL lacks (a hub stopped between the two) is copied over.

export interface HubOptions {
  /** The folder the hub owns: its working copy, its signing key, its TLS certificate. */
  hubDir: string;
  databaseUrl: string;
  appRoot?: string;
  /** How the hub signs and is shown ("Internal Audit hub"). */
  name?: string;
  poolMax?: number;
  /**
   * Copy to PostgreSQL what the working copy took and PostgreSQL lacks (a hub stopped mid-push) before
   * serving; on by default. An administration command that only looks or adds a member skips it.
   */
  repair?: boolean;
}


export const DEFAULT_HUB_NAME = 'Release Audit hub';

export async function openHub(options: HubOptions): Promise<Hub> {
  const appRoot = options.appRoot ?? sourceRoot;
  const name = options.name ?? DEFAULT_HUB_NAME;
  const database = await openHubDatabase(options.databaseUrl, { migrationsFolder: hubMigrationsFolder(appRoot), ...(options.poolMax ? { max: options.poolMax } : {}) });
  let core: Core | undefined;
  try {
    core = openCore({ dataDir: path.join(path.resolve(options.hubDir), 'replica'), appRoot, actor: name });
    const identity = loadIdentity(core.layout.root, name) ?? createSelfSignedIdentity(core.layout.root, name, 'Team hub', name);
    const signer = keyAndCertificate(identity);
    await claimDatabase(database, core.deviceId, options.databaseUrl);
    let queue: Promise<unknown> = Promise.resolve();
    const serial = <T>(work: () => Promise<T> | T): Promise<T> => {
      const next = queue.then(work, work);
      queue = next.catch(() => {});
      return next;
    };
    const hub: Hub = {
      core,
      database,
      info: { protocol: 1, name, hubDeviceId: core.deviceId, fingerprint: identity.fingerprint, certificate: signer.certificateDer.toString('base64'), appVersion: core.appVersion },
      signer,
      nonces: new NonceWindow(),
      serial,
      close: async () => {
        await queue.catch(() => {});
        core?.close();
        await database.close();
      },
    };
    if (options.repair !== false) await mirrorAll(hub);
    return hub;
  } catch (error) {
    core?.close();
    await database.close();
    throw error;
  }
}

/** A database serves one hub: the working copy's device id is written at the first start and checked at every later one. */
async function claimDatabase(database: HubDatabase, deviceId: string, url: string): Promise<void> {
  await database.pool.query("INSERT INTO hub_meta (key, value) VALUES ('device_id', $1), ('created_at', $2) ON CONFLICT (key) DO NOTHING", [deviceId, new Date().toISOString()]);
  const held = (await database.pool.query("SELECT value FROM hub_meta WHERE key = 'device_id'")).rows[0] as { value: string };
  if (held.value !== deviceId) {
    throw new AppError(
      'INTEGRITY',
      `The database at ${describeUrl(url)} belongs to another hub (device ${held.value}); this hub folder's working copy is device ${deviceId}. Give the hub its own folder and database, or the folder that goes with this database.`,
    );
  }
}
