import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryKinds } from '../../shared/api/warroom';
import { tempDir } from '../../tests/helpers/temp';
import { commands } from './registry';
import { entryFlags } from './warroom-commands';
// @ts-expect-error -- a plain JavaScript module of the bin, without type declarations
import { fileState, freshBuild, stampFile } from '../../scripts/cli-stamp.mjs';

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
});
