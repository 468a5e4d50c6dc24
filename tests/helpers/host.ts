import { createHandlers } from '../../electron/api/handlers';
import { createEvidenceTransfer } from '../../electron/host/transfer';
import { startHost, type RunningHost } from '../../electron/host/server';
import { ensureDefaultTemplate } from '../../electron/templates/service';
import { afterEach } from 'vitest';
import { testCore, tempDir } from './temp';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../electron/services';

const hosts: RunningHost[] = [];
afterEach(async () => {
  while (hosts.length > 0) await hosts.pop()?.close();
});

/** A real loopback host over a real temp data folder, with a tiny static folder. */
export async function testHost(): Promise<{ host: RunningHost; core: Core; staticDir: string }> {
  const core = testCore({ seed: ensureDefaultTemplate });
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Release Audit</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const host = await startHost({ handlers: createHandlers(core), transfer: createEvidenceTransfer(core), staticDir });
  hosts.push(host);
  return { host, core, staticDir };
}

export function callApi(host: RunningHost, method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
