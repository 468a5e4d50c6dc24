import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, stopChild, test as base } from './fixtures';

// A second laptop for sync tests: its own data folder, its own auditor and its own browser host,
// next to the `host` fixture's laptop. Both are real `release-audit serve` processes.

export interface PeerHost {
  url: string;
  origin: string;
  dataDir: string;
  actor: string;
}

export const test = base.extend<{ peer: PeerHost }>({
  // Started after the first laptop's host, always, so every run sees the laptops in the same order.
  peer: async ({ host: _host }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-peer-'));
    const actor = 'bea-peer';
    const { child, url } = await launch(dataDir, actor);
    await use({ url, origin: new URL(url).origin, dataDir, actor });
    await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from './fixtures';
