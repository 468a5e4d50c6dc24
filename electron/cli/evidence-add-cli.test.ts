import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `evidence add` runs evidence.addFile without building every handler (command-kit's OneMethod):
// the same checks, the same answer and the same refusals as the same method called through the
// app's full dispatcher (`release-audit api evidence.addFile`), on a real data folder.

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function folderWithAudit(): Promise<{ dir: string; auditId: string }> {
  const dir = tempDir();
  const made = await cli('--data-dir', dir, 'audit', 'create', '--name', 'Ingest', '--json');
  expect(made.code, made.err).toBe(0);
  return { dir, auditId: (JSON.parse(made.out) as { id: string }).id };
}

/** What both paths must agree on: everything but the new record's id and time. */
const comparable = (answer: Record<string, unknown>) => {
  const { id: _id, capturedAt: _at, ...rest } = answer;
  return rest;
};

describe('release-audit evidence add, on the lean path', () => {
  it('answers as evidence.addFile through the full dispatcher does, for any content and fields', async () => {
    const { dir, auditId } = await folderWithAudit();
    const files = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.string({ maxLength: 40 }),
        fc.option(fc.constantFrom('2026-01-31', '2025-12-01'), { nil: undefined }),
        async (bytes, note, refersTo) => {
          n += 1;
          const file = path.join(files, `file-${n}.bin`);
          // Each run's content is new to the vault (the lean path stores it, the full one finds it there).
          fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from(`\nrun ${n}`)]));
          // (--note=VALUE: a note that starts with a dash is a value, not an option; parseArgs calls "--note -x" ambiguous)
          const flags = [...(note ? [`--note=${note}`] : []), ...(refersTo ? ['--refers-to', refersTo] : [])];
          const lean = await cli('--data-dir', dir, 'evidence', 'add', '--audit', auditId, file, ...flags, '--json');
          const input = { auditId, path: file, captureMethod: 'cli', ...(note ? { note } : {}), ...(refersTo ? { refersTo } : {}) };
          const full = await cli('--data-dir', dir, 'api', 'evidence.addFile', JSON.stringify(input));
          expect(lean.code, lean.err).toBe(full.code);
          if (lean.code !== 0) {
            expect(lean.err.replace(/^release-audit evidence add: /, '')).toBe(full.err.replace(/^release-audit: /, ''));
            return;
          }
          const a = JSON.parse(lean.out) as Record<string, unknown>;
          const b = JSON.parse(full.out) as Record<string, unknown>;
          expect(comparable(a)).toEqual({ ...comparable(b), alreadyInVault: false });
          expect(b.alreadyInVault).toBe(true);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses what the full path refuses, in the same words, and stores nothing', async () => {
    const { dir, auditId } = await folderWithAudit();
    const files = tempDir();
    const empty = path.join(files, 'empty.log');
    fs.writeFileSync(empty, '');
    const cases: Array<{ args: string[]; input: Record<string, unknown> }> = [
      { args: ['--audit', '01900000-0000-7000-8000-000000000000', path.join(files, 'missing.bin')], input: { auditId: '01900000-0000-7000-8000-000000000000', path: path.join(files, 'missing.bin') } },
      { args: ['--audit', auditId, path.join(files, 'missing.bin')], input: { auditId, path: path.join(files, 'missing.bin') } },
      { args: ['--audit', auditId, empty], input: { auditId, path: empty } },
      { args: ['--audit', auditId, path.join(dir, 'release-audit.db')], input: { auditId, path: path.join(dir, 'release-audit.db') } },
    ];
    for (const { args, input } of cases) {
      const lean = await cli('--data-dir', dir, 'evidence', 'add', ...args);
      const full = await cli('--data-dir', dir, 'api', 'evidence.addFile', JSON.stringify({ ...input, captureMethod: 'cli' }));
      expect(lean.code, `${args.join(' ')}: ${lean.err}`).not.toBe(0);
      expect(lean.code).toBe(full.code);
      expect(lean.err).toBe(full.err);
    }
    const bad = await cli('--data-dir', dir, 'evidence', 'add', '--audit', auditId, empty, '--refers-to', '31/01/2026');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^release-audit evidence add: --refers-to /);
    const listed = await cli('--data-dir', dir, 'api', 'evidence.list', JSON.stringify({ auditId }));
    expect((JSON.parse(listed.out) as { total: number }).total).toBe(0);
  });
});
