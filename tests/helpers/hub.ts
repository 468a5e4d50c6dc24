import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeHub, type HubEndpoint } from '../../electron/hub/client';
import { openHub, type Hub } from '../../electron/hub/hub';
import { addAuditor } from '../../electron/hub/members';
import { startHubServer, type RunningHub } from '../../electron/hub/server';
import { selfSignedTls, type TlsFiles } from '../../electron/hub/tls';
import { loadIdentity } from '../../electron/identity/identity';
import type { Core } from '../../electron/services';
import { freshDatabase } from './pg';
import { tempDir } from './temp';

// A real team hub for tests: its own PostgreSQL database on the test server, its own folder, a TLS
// certificate it made (made once per test process: an RSA key takes a second), served on 127.0.0.1.

const tlsCache = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-hub-tls-'));
process.once('exit', () => fs.rmSync(tlsCache, { recursive: true, force: true }));
let tls: TlsFiles | undefined;
export const testTls = (): TlsFiles => (tls ??= selfSignedTls(tlsCache));

export interface TestHub {
  hub: Hub;
  server: RunningHub;
  databaseUrl: string;
  hubDir: string;
  close: () => Promise<void>;
}

export async function startTestHub(options: { databaseUrl?: string; hubDir?: string; maxPushBytes?: number } = {}): Promise<TestHub> {
  const databaseUrl = options.databaseUrl ?? (await freshDatabase());
  const hubDir = options.hubDir ?? tempDir();
  const hub = await openHub({ hubDir, databaseUrl, name: 'Test hub' });
  const server = await startHubServer(hub, { tls: testTls(), ...(options.maxPushBytes ? { maxPushBytes: options.maxPushBytes } : {}) });
  return {
    hub,
    server,
    databaseUrl,
    hubDir,
    close: async () => {
      await server.close();
      await hub.close();
    },
  };
}

/** What a laptop keeps after a person compared the hub's fingerprints: its address, pinned TLS certificate and signing key. */
export async function endpointOf(url: string): Promise<HubEndpoint> {
  const probe = await probeHub(url);
  return { url, tlsCertificate: probe.tlsCertificate, fingerprint: probe.info.fingerprint };
}

/** The hub's administrator accepts a laptop's auditor key. */
export async function enrol(hub: Hub, core: Core, options: { mayOpenAudits?: boolean } = {}): Promise<string> {
  const identity = loadIdentity(core.layout.root, core.actor);
  if (!identity) throw new Error(`${core.actor} has no signing key`);
  await addAuditor(hub, { fingerprint: identity.fingerprint, name: core.actor, mayOpenAudits: options.mayOpenAudits ?? false, by: 'test administrator' });
  return identity.fingerprint;
}
