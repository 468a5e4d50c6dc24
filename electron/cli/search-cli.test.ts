import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchPage } from '../../shared/api/search';
import { tempDir } from '../../tests/helpers/temp';
import { sourceRoot } from '../paths';

// `release-audit search` as a person or a pipeline runs it: the real bin on a real data folder.

const bin = path.join(sourceRoot, 'bin', 'release-audit.js');

function folder() {
  const dir = tempDir();
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, '--data-dir', dir, '--actor', 'Ada Auditor', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await run(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  return { run, json };
}

describe('release-audit search', () => {
  it('prints the hits with their matches marked, keeps other audits out with --audit, and refuses bad arguments', async () => {
    const { run, json } = folder();
    const a = await json<{ id: string }>('audit', 'create', '--name', 'Payments');
    const b = await json<{ id: string }>('audit', 'create', '--name', 'Ledger');
    const mine = await json<{ id: string }>('finding', 'add', '--audit', a.id, '--title', 'Hotfix deployed without CAB approval');
    await json('finding', 'add', '--audit', b.id, '--title', 'Hotfix rolled back late');
    const text = await run('search', 'hotfix', 'cab');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      `finding    Hotfix deployed without CAB approval  (finding ${mine.id})`,
      '           *Hotfix* deployed without *CAB* approval',
      '1–1 of 1 match.',
      '',
    ]);
    expect((await json<SearchPage>('search', 'hotfix')).total).toBe(2);
    const scoped = await json<SearchPage>('search', 'hotfix', '--audit', a.id);
    expect(scoped.hits.map((h) => h.id)).toEqual([mine.id]);
    expect((await run('search', '"(*')).stdout).toMatch(/^There is nothing to search for/);
    const none = await run('search');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^release-audit search: Name the QUERY to search for\./);
    expect((await run('search', 'x', '--limit', 'ten')).stderr).toMatch(/^release-audit search: --limit must be a whole number\./);
  });
});
