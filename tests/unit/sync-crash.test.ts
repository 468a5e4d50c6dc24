import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../../electron/audits/service';
import { addEvidenceText } from '../../electron/evidence/service';
import { createFinding, updateFinding } from '../../electron/findings/service';
import { sourceRoot } from '../../electron/paths';
import { openCore, type Core } from '../../electron/services';
import { exportBundle } from '../../electron/sync/export';
import { inspectBundle } from '../../electron/sync/import';
import { verifyAll } from '../../electron/system/verify';
import { laptop } from '../helpers/laptops';
import { makeWritable, tempDir } from '../helpers/temp';

// Kill -9 `release-audit bundle import` at many moments, from reading the bundle to the middle of
// the merge: every time, the receiving data folder is exactly as before the import or exactly as
// after it, never between, and it verifies.

const bin = path.join(sourceRoot, 'bin', 'release-audit.js');

/** What a person sees of the data: records, ledger, sync state (times of day left out). */
function state(dataDir: string): string {
  const core = openCore({ dataDir, actor: 'Bob' });
  try {
    const hash = createHash('sha256');
    const tables = (core.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{ name: string; sql: string }>)
      .filter((t) => !['sync_imports', 'sync_peers', 'trusted_keys', 'trust_log', 'device_keys', 'sync_forks', 'meta'].includes(t.name));
    // (The search index's FTS5 shadow tables without a rowid are read in their key's order.)
    for (const { name, sql } of tables) hash.update(`${name}:${JSON.stringify(core.sqlite.prepare(`SELECT * FROM "${name}"${/WITHOUT ROWID/i.test(sql) ? '' : ' ORDER BY rowid'}`).all())}`);
    for (const name of ['sync_imports', 'sync_peers', 'trusted_keys', 'trust_log', 'device_keys', 'sync_forks']) hash.update(`${name}:${JSON.stringify(core.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get())}`);
    return hash.digest('hex');
  } finally {
    core.close();
  }
}

function copyFolder(from: string): string {
  const to = tempDir();
  fs.cpSync(from, to, { recursive: true });
  return to;
}

function importUntilKilled(
  dataDir: string,
  file: string,
  fingerprint: string,
  when: { afterLine: RegExp; delayMs: number },
): Promise<{ killed: boolean; lines: string[]; mergeMs: number }> {
  const started = Date.now();
  let mergingAt = 0;
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, '--actor', 'Bob', 'bundle', 'import', file, '--trust', fingerprint], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let killed = false;
  let armed = false;
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      if (!mergingAt && /Merging/.test(line)) mergingAt = Date.now() - started;
      if (!armed && when.afterLine.test(line)) {
        armed = true;
        setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, when.delayMs);
      }
    }
  });
  return new Promise((resolve) =>
    child.once('exit', (_code, signal) => resolve({ killed: killed && signal === 'SIGKILL', lines, mergeMs: Date.now() - started - mergingAt })),
  );
}

describe('a crash during a bundle import', () => {
  it('leaves the data as before or as after, never between', async () => {
    const alice = laptop('Alice');
    const audit = createAudit(alice, { name: 'Large audit', description: '' });
    for (let i = 0; i < 400; i += 1) {
      const finding = createFinding(alice, { auditId: audit.id, title: `Finding ${i}` });
      updateFinding(alice, { id: finding.id, condition: `Observed ${i}`, cause: `Cause ${i}` });
    }
    for (let i = 0; i < 3; i += 1) {
      await addEvidenceText(alice, { auditId: audit.id, kind: 'log-excerpt', text: `${'deploy line\n'.repeat(300_000)}${i}`, sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    }
    const file = path.join(tempDir(), 'large.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: file });

    const bob = laptop('Bob');
    createAudit(bob, { name: 'Bob’s own audit', description: '' });
    const fingerprint = (await inspectBundle(bob, file)).signer.fingerprint;
    bob.close();
    const beforeDir = bob.layout.root;
    const before = state(beforeDir);
    const reference = copyFolder(beforeDir);
    const done = await importUntilKilled(reference, file, fingerprint, { afterLine: /$^/, delayMs: 0 });
    expect(done.killed).toBe(false);
    const after = state(reference);
    expect(after).not.toBe(before);

    // From the signature check to past the end of the merge (timed on the reference run).
    const moments = [
      { afterLine: /signature/, delayMs: 0 },
      { afterLine: /Reading/, delayMs: 5 },
      { afterLine: /Storing evidence/, delayMs: 0 },
      ...[0, 0.25, 0.5, 0.75, 0.9, 1.5].map((fraction) => ({ afterLine: /Merging/, delayMs: Math.round(done.mergeMs * fraction) })),
      // Once the import has said it is done, the commit is behind it, however slow the machine is.
      { afterLine: /Done/, delayMs: 0 },
    ];
    const outcomes: string[] = [];
    for (const moment of moments) {
      const dataDir = copyFolder(beforeDir);
      const run = await importUntilKilled(dataDir, file, fingerprint, moment);
      const now = state(dataDir);
      expect([before, after]).toContain(now);
      outcomes.push(`${run.killed ? 'killed' : 'finished'}:${now === before ? 'before' : 'after'}`);
      const core: Core = openCore({ dataDir, actor: 'Bob' });
      try {
        expect((await verifyAll(core)).problems).toEqual([]);
      } finally {
        core.close();
      }
      makeWritable(dataDir);
      // The import can simply be run again, and lands the same state.
      const again = await importUntilKilled(dataDir, file, fingerprint, { afterLine: /$^/, delayMs: 0 });
      expect(again.killed).toBe(false);
      expect(state(dataDir)).toBe(after);
    }
    // Kills landed on both sides of the commit.
    expect(outcomes.filter((o) => o === 'killed:before').length).toBeGreaterThan(3);
    expect(outcomes.filter((o) => o.endsWith(':after')).length).toBeGreaterThan(0);
  }, 240_000);
});
