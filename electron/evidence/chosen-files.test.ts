import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { createSelfSignedIdentity } from '../identity/identity';
import { callApi, testHost } from '../../tests/helpers/host';
import { tempDir, testCore } from '../../tests/helpers/temp';
import type { Core } from '../services';
import { ChosenFileRegistry, chosenFiles } from './chosen-files';

// The desktop app's page never names a path: the main process opens the file chooser and the page
// holds single-use tokens. The browser host and the page's IPC refuse the path-taking method.

async function call(core: Core, method: string, input: unknown) {
  return dispatch(createHandlers(core), method, input);
}

function keyFile(core: Core): string {
  createSelfSignedIdentity(core.layout.root, 'Ada Auditor', 'Lead auditor', core.actor);
  const dir = path.join(core.layout.root, 'identity');
  const found = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.p12'));
  return path.join(found!.parentPath, found!.name);
}

describe('files chosen in the desktop file chooser', () => {
  it('stores what the person chose, by token, once, and refuses the data folder and special files at once', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const outside = tempDir();
    const log = path.join(outside, 'deploy.log');
    fs.writeFileSync(log, 'step 4 started\n');
    execFileSync('mkfifo', [path.join(outside, 'pipe.log')]);
    const key = keyFile(core);
    chosenFiles(core).chooser = async () => [log, key, path.join(outside, 'pipe.log'), '/proc/self/environ'];

    const chosen = await call(core, 'evidence.chooseFiles', {});
    if (!chosen.ok) throw new Error(chosen.error.message);
    const value = chosen.value as { files: Array<{ token: string; name: string; size: number }>; refused: Array<{ name: string; reason: string }> };
    expect(value.files).toEqual([{ token: expect.any(String), name: 'deploy.log', size: 15 }]);
    expect(value.files[0]!.token).not.toContain(outside);
    expect(value.refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/inside Release Audit's own data folder/),
      expect.stringMatching(/not a regular file/),
      expect.stringMatching(/system device or process file/),
    ]);

    const token = value.files[0]!.token;
    const stored = await call(core, 'evidence.addChosen', { auditId: audit.id, token, sourceSystem: 'Jenkins' });
    expect(stored).toMatchObject({ ok: true, value: { originalName: 'deploy.log', size: 15, captureMethod: 'file', sourceSystem: 'Jenkins' } });
    const again = await call(core, 'evidence.addChosen', { auditId: audit.id, token });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no longer valid/) } });
    const made_up = await call(core, 'evidence.addChosen', { auditId: audit.id, token: 'A'.repeat(32) });
    expect(made_up).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 1 });
  });

  it('checks the file again when it is stored: one swapped for a link to the signing key is refused', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const outside = tempDir();
    const log = path.join(outside, 'deploy.log');
    fs.writeFileSync(log, 'step 4 started\n');
    const key = keyFile(core);
    chosenFiles(core).chooser = async () => [log];
    const chosen = (await call(core, 'evidence.chooseFiles', {})) as { ok: true; value: { files: Array<{ token: string }> } };
    fs.rmSync(log);
    fs.symlinkSync(key, log);
    const stored = await call(core, 'evidence.addChosen', { auditId: audit.id, token: chosen.value.files[0]!.token });
    expect(stored).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/inside Release Audit's own data folder/) } });
    fs.rmSync(log);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  });

  it('lets a token lapse after 15 minutes', async () => {
    let now = 1_000_000;
    const registry = new ChosenFileRegistry(() => now);
    const file = path.join(tempDir(), 'a.log');
    fs.writeFileSync(file, 'a');
    const { files } = await registry.offer(tempDir(), [file]);
    now += 15 * 60 * 1000;
    expect(() => registry.take(files[0]!.token)).toThrow(/no longer valid/);
  });

  it('has no chooser outside the desktop app', async () => {
    const core = testCore();
    expect(await call(core, 'evidence.chooseFiles', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/Only the desktop app/) } });
  });

  it('the browser host refuses the path-taking method outright: no page can have the signing key stored', async () => {
    const { host, core } = await testHost();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const key = keyFile(core);
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'notes.txt'), 'harmless');
    for (const file of [key, core.layout.databaseFile, path.join(outside, 'notes.txt')]) {
      const response = await callApi(host, 'evidence.addFile', { auditId: audit.id, path: file });
      expect(response.status, file).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/only the command line may/);
    }
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  });
});
