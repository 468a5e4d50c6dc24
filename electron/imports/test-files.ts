import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the importer tests find their files: the shared real-world samples (never copied into the
// project) and the fixtures written for this project, plus a scratch folder per test file.

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/realworld` beside the project (a worktree one level deeper also looks one level up). */
export const realworldDir: string | null = [
  process.env.RELEASE_AUDIT_REALWORLD,
  path.resolve(projectRoot, '../shared/realworld'),
  path.resolve(projectRoot, '../../shared/realworld'),
].find((dir): dir is string => typeof dir === 'string' && fs.existsSync(path.join(dir, 'SOURCES.md'))) ?? null;

export const realworldMissing = realworldDir === null
  ? 'the real-world samples folder ../shared/realworld is missing, so the tests on real files are skipped'
  : '';

export const real = (name: string): string => path.join(realworldDir ?? '/missing', name);
export const fixture = (name: string): string => path.join(projectRoot, 'tests/fixtures/imports', name);

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-imports-'));
}

export function writeScratch(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
