import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createSelfSignedIdentity } from '../identity/identity';
import { tempDir, testCore } from '../../tests/helpers/temp';
import type { Core } from '../services';
import { addEvidenceFile } from './service';

// Evidence named by a path must never carry the app's own secrets or system files out in a bundle:
// the data folder, special files and process files are refused, after every symlink is resolved.

const defaults = { refersTo: null, sourceSystem: '', captureMethod: 'cli' as const, note: '' };

function setup(): { core: Core; auditId: string; outside: string } {
  const core = testCore();
  const auditId = createAudit(core, { name: 'Q4', description: '' }).id;
  return { core, auditId, outside: tempDir() };
}

function nothingStored(core: Core): void {
  expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  expect(fs.readdirSync(path.join(core.vault.root, 'objects'))).toEqual([]);
  expect(fs.readdirSync(path.join(core.vault.root, 'tmp'))).toEqual([]);
}

describe('evidence named by a path', () => {
  it("refuses every file of the app's own data folder: the database, the signing key, anything beside them", async () => {
    const { core, auditId } = setup();
    createSelfSignedIdentity(core.layout.root, 'Ada Auditor', 'Lead auditor', core.actor);
    const secrets = [core.layout.databaseFile, ...listFiles(path.join(core.layout.root, 'identity'))];
    fs.writeFileSync(path.join(core.layout.root, 'passphrase.txt'), 'hunter2');
    secrets.push(path.join(core.layout.root, 'passphrase.txt'));
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const file of secrets) {
      await expect(addEvidenceFile(core, { ...defaults, auditId, path: file }), file).rejects.toThrow(/inside Release Audit's own data folder/);
    }
    nothingStored(core);
  });

  it('resolves symlinks before checking: a link to the key, to the data folder or to a process file is refused', async () => {
    const { core, auditId, outside } = setup();
    createSelfSignedIdentity(core.layout.root, 'Ada Auditor', 'Lead auditor', core.actor);
    const key = listFiles(path.join(core.layout.root, 'identity')).find((f) => f.endsWith('.p12')) as string;
    fs.symlinkSync(key, path.join(outside, 'harmless.log'));
    fs.symlinkSync(core.layout.root, path.join(outside, 'folder'));
    fs.symlinkSync('/proc/self/environ', path.join(outside, 'environ.txt'));
    fs.symlinkSync('/dev/zero', path.join(outside, 'zero.bin'));
    fs.symlinkSync(path.join(outside, 'harmless.log'), path.join(outside, 'chain.log'));
    const cases: Array<[string, RegExp]> = [
      [path.join(outside, 'harmless.log'), /inside Release Audit's own data folder/],
      [path.join(outside, 'chain.log'), /inside Release Audit's own data folder/],
      [path.join(outside, 'folder', 'release-audit.db'), /inside Release Audit's own data folder/],
      [path.join(outside, 'environ.txt'), /system device or process file/],
      [path.join(outside, 'zero.bin'), /system device or process file/],
      ['/proc/self/environ', /system device or process file/],
      ['/dev/stdin', /system device or process file|not a regular file/],
    ];
    try {
      for (const [file, message] of cases) await expect(addEvidenceFile(core, { ...defaults, auditId, path: file }), file).rejects.toThrow(message);
      nothingStored(core);
    } finally {
      removeSymlinks(outside);
    }
  });

  it('refuses a hard link to the signing key made outside the data folder', async () => {
    const { core, auditId, outside } = setup();
    createSelfSignedIdentity(core.layout.root, 'Ada Auditor', 'Lead auditor', core.actor);
    const key = listFiles(path.join(core.layout.root, 'identity')).find((f) => f.endsWith('.p12')) as string;
    fs.chmodSync(path.dirname(key), 0o700);
    fs.linkSync(key, path.join(outside, 'copy.p12'));
    await expect(addEvidenceFile(core, { ...defaults, auditId, path: path.join(outside, 'copy.p12') })).rejects.toThrow(/same file as one in Release Audit's own data folder/);
    nothingStored(core);
  });

  it('refuses a relative path: the caller resolves it from its own folder', async () => {
    const { core, auditId } = setup();
    await expect(addEvidenceFile(core, { ...defaults, auditId, path: 'package.json' })).rejects.toThrow(/must be absolute/);
    await expect(addEvidenceFile(core, { ...defaults, auditId, path: '../evidence/x.log' })).rejects.toThrow(/must be absolute/);
    nothingStored(core);
  });

  it('refuses a named pipe, a socket-like special file and a folder without waiting on them', async () => {
    const { core, auditId, outside } = setup();
    const fifo = path.join(outside, 'deploy.log');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync(fifo, path.join(outside, 'pipe-link.log'));
    for (const file of [fifo, path.join(outside, 'pipe-link.log'), outside]) {
      await expect(addEvidenceFile(core, { ...defaults, auditId, path: file }), file).rejects.toThrow(/not a regular file/);
    }
    nothingStored(core);
  });

  it('refuses an empty file and stores nothing', async () => {
    const { core, auditId, outside } = setup();
    const empty = path.join(outside, 'empty.log');
    fs.writeFileSync(empty, '');
    await expect(addEvidenceFile(core, { ...defaults, auditId, path: empty })).rejects.toThrow('empty.log is empty: an empty file proves nothing, so it was not stored.');
    nothingStored(core);
  });

  it('leaves no file open after 200 refusals of every kind', async () => {
    const { core, auditId, outside } = setup();
    const empty = path.join(outside, 'empty.log');
    fs.writeFileSync(empty, '');
    const fifo = path.join(outside, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    const refused = [empty, fifo, core.layout.databaseFile, outside, '/proc/self/environ'];
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    const before = openFds();
    for (let i = 0; i < 200; i++) await expect(addEvidenceFile(core, { ...defaults, auditId, path: refused[i % refused.length] as string })).rejects.toThrow();
    expect(openFds() - before).toBeLessThan(5);
    nothingStored(core);
  });

  it('still takes an ordinary file, and one reached through a symlink, naming the real file in the custody log', async () => {
    const { core, auditId, outside } = setup();
    const real = path.join(outside, 'deploy.log');
    fs.writeFileSync(real, 'step 4 started\n');
    fs.symlinkSync(real, path.join(outside, 'latest.log'));
    const direct = await addEvidenceFile(core, { ...defaults, auditId, path: real });
    const linked = await addEvidenceFile(core, { ...defaults, auditId, path: path.join(outside, 'latest.log') });
    expect(direct).toMatchObject({ size: 15, mediaType: 'text/plain', alreadyInVault: false });
    expect(linked).toMatchObject({ sha256: direct.sha256, originalName: 'latest.log', alreadyInVault: true });
    const detail = core.sqlite.prepare('SELECT detail FROM custody_events WHERE evidence_id = ?').get(linked.id) as { detail: string };
    expect(detail.detail).toContain(`Stored from ${real}`);
  });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The temp-folder cleanup follows symlinks when it makes files writable: links to devices go first. */
function removeSymlinks(dir: string): void {
  for (const name of fs.readdirSync(dir)) if (fs.lstatSync(path.join(dir, name)).isSymbolicLink()) fs.unlinkSync(path.join(dir, name));
}
