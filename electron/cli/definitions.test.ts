import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryKinds } from '../../shared/api/warroom';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';
import { commands } from './registry';
import { usageLine } from './usage';
import { entryFlags } from './warroom-commands';
import { sourceRoot } from '../paths';
// @ts-expect-error -- a plain JavaScript module of the bin, without type declarations
import { fileState, freshBuild, stampFile } from '../../scripts/cli-stamp.mjs';
// @ts-expect-error -- the same
import { buildCli } from '../../scripts/build-cli.mjs';

// The command definitions hold together, and the bin knows when its build is out of date.

describe('CLI command definitions', () => {
  it('name each command once, and give an option one type whichever command takes it', () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const types = new Map<string, string>();
    for (const spec of commands) {
      expect(spec.summary, spec.name).not.toBe('');
      for (const [option, { type }] of Object.entries(spec.options)) {
        expect(types.get(option) ?? type, `--${option} of ${spec.name}`).toBe(type);
        types.set(option, type);
      }
    }
  });

  it('give every command its own help, and its own usage under a usage error', async () => {
    for (const spec of commands) {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
      expect(await runCli([...spec.name.split(' '), '--help'], io), spec.name).toBe(0);
      expect(out.join('\n').split('\n')[0]).toBe(usageLine(spec));
      expect(out.join('\n')).toContain(spec.summary);
      out.length = 0;
      expect(await runCli([...spec.name.split(' '), '--no-such-flag'], io), spec.name).toBe(2);
      expect(err.join('\n').split('\n')).toEqual([`release-audit ${spec.name}: --no-such-flag is not an option of \`${spec.name}\`.`, usageLine(spec), `More: release-audit ${spec.name} --help`]);
    }
  });

  it('can log every kind of war-room entry the contract has', () => {
    expect(Object.keys(entryFlags).sort()).toEqual([...entryKinds].sort());
  });
});

describe('the built command line', () => {
  it('is current only while every file it was built from is unchanged', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'source.ts'), 'export const a = 1;');
    fs.mkdirSync(path.join(root, '.cache', 'cli', 'v1'), { recursive: true });
    fs.writeFileSync(path.join(root, '.cache', 'cli', 'v1', 'main.cjs'), '');
    fs.writeFileSync(stampFile(root), JSON.stringify({ version: 'v1', inputs: { 'source.ts': fileState(root, 'source.ts') } }));
    expect(freshBuild(root)).toBe(path.join(root, '.cache', 'cli', 'v1', 'main.cjs'));
    fs.writeFileSync(path.join(root, 'source.ts'), 'export const a = 22;');
    expect(freshBuild(root)).toBeNull();
    fs.rmSync(path.join(root, 'source.ts'));
    expect(freshBuild(root)).toBeNull();
    fs.writeFileSync(stampFile(root), '{"version":');
    expect(freshBuild(root)).toBeNull();
  });

  it('takes a small build of one command as current while its own sources are, whatever else changed', () => {
    const root = tempDir();
    const folder = path.join(root, '.cache', 'cli', 'v1');
    fs.mkdirSync(folder, { recursive: true });
    for (const file of ['main.cjs', 'small.cjs']) fs.writeFileSync(path.join(folder, file), '');
    fs.writeFileSync(path.join(root, 'own.ts'), 'export const a = 1;');
    fs.writeFileSync(path.join(root, 'other.ts'), 'export const b = 1;');
    const inputs = { 'own.ts': fileState(root, 'own.ts'), 'other.ts': fileState(root, 'other.ts') };
    fs.writeFileSync(stampFile(root), JSON.stringify({ version: 'v1', inputs, builds: { 'small.cjs': ['own.ts'] } }));
    expect(freshBuild(root, 'small.cjs')).toBe(path.join(folder, 'small.cjs'));
    fs.writeFileSync(path.join(root, 'other.ts'), 'export const b = 22;');
    expect(freshBuild(root)).toBeNull();
    expect(freshBuild(root, 'small.cjs')).toBe(path.join(folder, 'small.cjs'));
    fs.writeFileSync(path.join(root, 'own.ts'), 'export const a = 22;');
    expect(freshBuild(root, 'small.cjs')).toBeNull();
    // A stamp that does not list the build (an older one), or a build it does not name: not current.
    fs.writeFileSync(stampFile(root), JSON.stringify({ version: 'v1', inputs }));
    expect(freshBuild(root, 'small.cjs')).toBeNull();
    fs.writeFileSync(stampFile(root), JSON.stringify({ version: 'v1', inputs, builds: { 'small.cjs': ['own.ts', 'unlisted.ts'] } }));
    expect(freshBuild(root, 'small.cjs')).toBeNull();
  });

  it('is one file that needs nothing but node_modules at run time, and is what the bin runs', async () => {
    const { entry, metafile } = (await buildCli(sourceRoot, { outdir: tempDir() })) as { entry: string; metafile: { outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }> } };
    // The whole command line, and `evidence add` alone beside it (the bin's small build for that command).
    expect(Object.keys(metafile.outputs).filter((file) => file.endsWith('.cjs')).map((file) => path.basename(file)).sort()).toEqual(['evidence-add.cjs', 'main.cjs']);
    // The bin loads the file as a script with a code cache, where a real import() would have no loader.
    const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
    expect(imports.filter((i) => i.kind === 'dynamic-import')).toEqual([]);
    expect(new Set(imports.filter((i) => i.external).map((i) => i.path.replace(/^node:/, '').split('/')[0]))).not.toContain('tsx');
    const small = path.join(path.dirname(entry), 'evidence-add.cjs');
    expect(fs.statSync(entry).size).toBeGreaterThan(0);
    // The small build holds the evidence code, not every command's: a fraction of the whole.
    expect(fs.statSync(small).size).toBeGreaterThan(0);
    expect(fs.statSync(small).size).toBeLessThan(fs.statSync(entry).size / 4);
    // The bin reads them as latin1 (kept outside V8's heap), which is exact only for ASCII.
    for (const file of [entry, small]) expect(fs.readFileSync(file).findIndex((byte) => byte > 0x7f), file).toBe(-1);

    const bin = path.join(sourceRoot, 'bin', 'release-audit.js');
    execFileSync(process.execPath, [bin, 'library', 'list']);
    const built = freshBuild(sourceRoot) as string | null;
    expect(built).not.toBeNull();
    expect(fs.existsSync(`${built}.library.list.v8cache`)).toBe(true);

    // `evidence add` runs from its small build, which keeps its own code cache.
    const dir = tempDir();
    const out: string[] = [];
    expect(await runCli(['--data-dir', dir, 'audit', 'create', '--name', 'Small build', '--json'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    const file = path.join(tempDir(), 'evidence.txt');
    fs.writeFileSync(file, 'the small build stored this');
    const sha = execFileSync(process.execPath, [bin, '--data-dir', dir, 'evidence', 'add', '--audit', (JSON.parse(out.join('')) as { id: string }).id, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(sha.trim()).toMatch(/^[0-9a-f]{64}$/);
    const folder = path.dirname(freshBuild(sourceRoot) as string);
    expect(fs.existsSync(path.join(folder, 'evidence-add.cjs.evidence.add.v8cache'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'main.cjs.evidence.add.v8cache'))).toBe(false);
  });
});
