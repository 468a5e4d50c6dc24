import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

// Each test gets its own data folder and its own browser host process (the real CLI `serve`).

const root = path.resolve(import.meta.dirname, '..', '..');

export interface HostProcess {
  url: string;
  origin: string;
  dataDir: string;
  /** Stops the host (SIGTERM) and starts a new one on the same data folder, with a new token. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `release-audit serve` on a data folder, as the given auditor, and waits for its address. */
export async function launch(dataDir: string, actor = 'e2e-auditor'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'release-audit.js'), '--data-dir', dataDir, '--actor', actor, 'serve'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /served at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The host exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ host: HostProcess }>({
  // Playwright requires the destructuring pattern for a fixture without dependencies.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-'));
    let current = await launch(dataDir);
    const host: HostProcess = {
      get url() {
        return current.url;
      },
      get origin() {
        return new URL(current.url).origin;
      },
      dataDir,
      async restart() {
        await stopChild(current.child);
        current = await launch(dataDir);
      },
      stop: () => stopChild(current.child),
    };
    await use(host);
    await stopChild(current.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
