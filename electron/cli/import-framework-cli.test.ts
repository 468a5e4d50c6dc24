import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit import-framework` telling the format from the file: a CISO Assistant library, and an
// OSCAL profile with the catalog it imports given beside it.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fixture = (name: string) => path.resolve('tests/fixtures', name);

describe('release-audit import-framework', () => {
  it('imports a CISO Assistant library and a profile with --catalog, and refuses a profile whose catalog is not here', async () => {
    const dir = tempDir();
    const library = await cli('--data-dir', dir, 'import-framework', fixture('ciso/release-controls-library.yaml'));
    expect(library.code, library.err).toBe(0);
    expect(library.out).toMatch(/^Imported "Acme release controls" 4 \(CISO Assistant library\): 3 controls, framework id [0-9a-f-]{36}$/);

    const alone = await cli('--data-dir', dir, 'import-framework', fixture('oscal/handwritten-profile.json'));
    expect(alone.code).toBe(2);
    expect(alone.err).toContain('names no catalog imported here: import that catalog first, or give its file with the profile.');

    const profile = await cli('--data-dir', dir, 'import-framework', fixture('oscal/handwritten-profile.json'), '--catalog', fixture('oscal/handwritten-catalog.json'));
    expect(profile.code, profile.err).toBe(0);
    expect(profile.out.split('\n')).toEqual([
      expect.stringMatching(/^Imported "Acme Release Controls, payments baseline" 2026\.1-payments \(OSCAL profile 1\.1\.3\): 3 controls, framework id [0-9a-f-]{36}$/),
      "Note: 1 set-parameters kept as the catalog states them (statements name the parameters, not the profile's values).",
      'Note: 1 alters not applied (the controls read as the catalog has them).',
    ]);
  }, 60_000);
});
