import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../../electron/paths';
import { tempDir } from '../helpers/temp';

// Kill -9 the browser host while the war room is being written, start it again on the same data:
// every entry the host acknowledged is there, and the whole data folder verifies.

const bin = path.join(sourceRoot, 'bin', 'release-audit.js');

function serve(dataDir: string): Promise<{ child: ChildProcess; origin: string; token: string }> {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /served at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out);
      if (match) resolve({ child, origin: match[1] as string, token: match[2] as string });
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${out}`)));
  });
}

describe('a crash while saving', () => {
  it('loses nothing that was acknowledged, and leaves data that verifies', async () => {
    const dataDir = tempDir();
    const first = await serve(dataDir);
    const call = async (host: { origin: string; token: string }, method: string, input: unknown) => {
      const response = await fetch(`${host.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { ok: boolean; value: { id: string } };
      if (!body.ok) throw new Error(JSON.stringify(body));
      return body.value;
    };
    const audit = await call(first, 'audits.create', { name: 'Crash audit' });
    const release = await call(first, 'releases.create', { auditId: audit.id, identifier: 'R' });

    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop && i < 2000; i += 1) {
        try {
          const entry = await call(first, 'warroom.add', { releaseId: release.id, kind: 'note', body: { text: `writer ${w} note ${i}` } });
          acknowledged.push(entry.id);
        } catch {
          return; // the host is gone
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(10);

    const second = await serve(dataDir);
    try {
      // The log comes a page at a time: read every page.
      const stored = new Set<string>();
      for (let cursor: string | null = null; ; ) {
        const page = (await call(second, 'warroom.entries', { releaseId: release.id, limit: 1000, ...(cursor ? { cursor } : {}) })) as unknown as { rows: Array<{ id: string }>; nextCursor: string | null };
        for (const entry of page.rows) stored.add(entry.id);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
    const verify = await promisify(execFile)(process.execPath, [bin, '--data-dir', dataDir, 'verify']);
    expect(verify.stdout).toContain('Everything holds.');
  });
});
