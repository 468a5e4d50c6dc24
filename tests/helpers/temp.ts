import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openCore, type Core, type OpenCoreOptions } from '../../electron/services';

// Real temp folders and real SQLite files for every test, removed afterwards.

const cleanups: Array<() => void> = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

export function tempDir(prefix = 'release-audit-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => {
    makeWritable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export function testCore(options: Partial<OpenCoreOptions> = {}): Core {
  const core = openCore({ dataDir: options.dataDir ?? tempDir(), actor: 'test-auditor', ...options });
  let closed = false;
  const close = core.close;
  core.close = () => {
    if (!closed) close();
    closed = true;
  };
  cleanups.unshift(() => core.close());
  return core;
}

/** Vault objects are stored read-only; tests that tamper with them (or clean up) need write access. */
export function makeWritable(target: string): void {
  if (!fs.existsSync(target)) return;
  const stat = fs.statSync(target);
  fs.chmodSync(target, stat.mode | 0o200);
  if (stat.isDirectory()) for (const name of fs.readdirSync(target)) makeWritable(path.join(target, name));
}

/** Flips one byte as someone working behind the app's back would: its permission bits are put back afterwards. */
export function flipByte(file: string, offset = 0): void {
  const mode = fs.statSync(file).mode & 0o777;
  fs.chmodSync(file, 0o644);
  const fd = fs.openSync(file, 'r+');
  try {
    const buffer = Buffer.alloc(1);
    fs.readSync(fd, buffer, 0, 1, offset);
    buffer[0] = (buffer[0] as number) ^ 0xff;
    fs.writeSync(fd, buffer, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
    fs.chmodSync(file, mode);
  }
}
