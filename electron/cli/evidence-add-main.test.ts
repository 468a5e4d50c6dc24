import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { claims, runCli as runSmall } from './evidence-add-main';
import { runCli } from './main';
import type { RunCli } from './run-commands';

// The small build of `evidence add` (evidence-add-main.ts) takes only what the whole command line
// would read as `evidence add`, and answers it as the whole command line does, on a real data folder.

async function cli(run: RunCli, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the small build of evidence add', () => {
  it('claims `evidence add` with its own and the global options only', () => {
    expect(claims(['--data-dir', '/d', 'evidence', 'add', '--audit', 'A', '/f', '--json'])).toBe(true);
    expect(claims(['evidence', 'add', '--note=hello', '--refers-to', '2026-01-31', '--actor', 'me', '/f'])).toBe(true);
    expect(claims(['evidence', 'add', '--help'])).toBe(true);
    // Another command, help asked for first, an option of another command (which could take a value
    // and move the words), a short flag: left to the whole command line.
    expect(claims(['evidence', 'list', '--audit', 'A'])).toBe(false);
    expect(claims(['help', 'evidence', 'add'])).toBe(false);
    expect(claims(['--port', 'evidence', 'add', '--audit', 'A', '/f'])).toBe(false);
    expect(claims(['evidence', 'add', '-h'])).toBe(false);
    expect(claims(['audit', 'evidence', 'add'])).toBe(false);
  });

  it('answers as the whole command line does: the stored file, its help, its refusals', async () => {
    const dir = tempDir();
    const made = await cli(runCli, '--data-dir', dir, 'audit', 'create', '--name', 'Small', '--json');
    const auditId = (JSON.parse(made.out) as { id: string }).id;
    const files = tempDir();
    const file = path.join(files, 'a.txt');
    fs.writeFileSync(file, 'stored through the small build');
    const small = await cli(runSmall, '--data-dir', dir, 'evidence', 'add', '--audit', auditId, file, '--json');
    expect(small.code, small.err).toBe(0);
    const stored = JSON.parse(small.out) as { sha256: string; size: number; alreadyInVault: boolean };
    expect(stored).toMatchObject({ size: 30, alreadyInVault: false });
    expect(fs.readFileSync(path.join(dir, 'vault', 'objects', stored.sha256.slice(0, 2), stored.sha256), 'utf8')).toBe('stored through the small build');
    const whole = await cli(runCli, '--data-dir', dir, 'evidence', 'add', '--audit', auditId, file, '--json');
    expect((JSON.parse(whole.out) as { sha256: string }).sha256).toBe(stored.sha256);
    for (const argv of [
      ['evidence', 'add', '--help'],
      ['--data-dir', dir, 'evidence', 'add', '--audit', auditId],
      ['--data-dir', dir, 'evidence', 'add', '--audit', auditId, path.join(files, 'missing.txt')],
      ['--data-dir', dir, 'evidence', 'add', '--audit', auditId, file, '--refers-to', 'yesterday'],
      ['--data-dir', path.join(files, 'no-data'), 'evidence', 'add', '--audit', auditId, file],
    ]) {
      expect(await cli(runSmall, ...argv), argv.join(' ')).toEqual(await cli(runCli, ...argv));
    }
    expect(fs.existsSync(path.join(files, 'no-data'))).toBe(false);
  });
});
