import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeJenkinsLog } from '../imports/generate-log';
import { fixture, real, realworldMissing, scratchDir, writeScratch } from '../imports/test-files';
import { importKindList } from '../../shared/api/import-methods';
import { sourceRoot } from '../paths';
import { openCore } from '../services';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit import` as a pipeline runs it: on the built command line with --json, and in
// process for its refusals, each one sentence with an exit code and nothing written.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The built release-audit, as a pipeline calls it (bin/release-audit.js builds it when a source changed). */
async function built(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(sourceRoot, 'bin', 'release-audit.js'), ...argv], { maxBuffer: 1 << 24 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

async function anAudit(dataDir: string) {
  const base = ['--data-dir', dataDir];
  const audit = JSON.parse((await cli(...base, 'audit', 'create', '--name', 'Pipeline', '--json')).out) as { id: string };
  const release = JSON.parse((await cli(...base, 'api', 'releases.create', JSON.stringify({ auditId: audit.id, identifier: 'REL-2' }))).out) as { id: string };
  return { base, auditId: audit.id, releaseId: release.id };
}

function counts(dataDir: string): Record<string, number> {
  const core = openCore({ dataDir, actor: 'reader', mustExist: true });
  try {
    return core.sqlite.prepare("SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM import_facts) AS facts, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM change_tickets) AS tickets, (SELECT count(*) FROM ledger) AS ledger").get() as Record<string, number>;
  } finally {
    core.close();
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('release-audit import', () => {
  it('on the built command line prints the kind, the evidence SHA-256 and the facts as JSON, and fills the tickets', async () => {
    const dataDir = tempDir();
    const { base, auditId, releaseId } = await anAudit(dataDir);
    const file = fixture('servicenow-change-display.json');
    const run = await built(...base, 'import', file, '--audit', auditId, '--release', releaseId, '--json');
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out) as Record<string, unknown>;
    expect(summary).toMatchObject({ kind: 'servicenow-json', kindLabel: 'ServiceNow change request JSON', sha256: sha256(file), facts: 4, factKinds: { change: 2, approval: 2 }, releaseId, alreadyImported: false });
    expect(run.err).toBe('');
    const release = JSON.parse((await cli(...base, 'api', 'releases.get', JSON.stringify({ id: releaseId }))).out) as { tickets: Array<{ reference: string; imported: { source: string } | null }> };
    expect(release.tickets.map((t) => [t.reference, t.imported?.source])).toEqual(expect.arrayContaining([['CHG0040217', 'servicenow-change-display.json'], ['CHG0040188', 'servicenow-change-display.json']]));

    const before = counts(dataDir);
    const again = await built(...base, 'import', file, '--audit', auditId, '--release', releaseId, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ alreadyImported: true, importId: summary.importId });
    expect(counts(dataDir)).toEqual(before);
  });

  it.skipIf(realworldMissing)('reads a real Ansible run in words, and a git repository folder with --range', async () => {
    const { base, auditId, releaseId } = await anAudit(tempDir());
    const ansible = await cli(...base, 'import', real('ansible-default-callback.stdout'), '--audit', auditId, '--release', releaseId);
    expect(ansible.code, ansible.err).toBe(0);
    expect(ansible.out.split('\n').slice(0, 3)).toEqual([
      'Imported: ansible-default-callback.stdout as Ansible playbook output (ansible).',
      `Evidence SHA-256: ${sha256(real('ansible-default-callback.stdout'))}`,
      'Facts: 5 (1 host-status, 4 task-result)',
    ]);

    const repo = scratchDir();
    const git = (...args: string[]) => promisify(execFile)('git', ['-C', repo, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.org' } });
    await git('init', '-q');
    for (const [n, message] of [['1', 'PAY-1 first'], ['2', 'PAY-2 second'], ['3', 'no ticket here']] as const) {
      fs.writeFileSync(path.join(repo, `${n}.txt`), n);
      await git('add', '.');
      await git('commit', '-q', '-m', message);
      if (n === '1') await git('tag', 'v1');
    }
    const ranged = JSON.parse((await cli(...base, 'import', repo, '--audit', auditId, '--release', releaseId, '--range', 'v1..HEAD', '--json')).out) as { kind: string; factKinds: Record<string, number>; name: string };
    expect(ranged).toMatchObject({ kind: 'git-log', factKinds: { commit: 2 } });
    expect(ranged.name).toMatch(/^git log of .* \(v1\.\.HEAD\)\.txt$/);
  });

  it('reports the progress of a big file on stderr, the result staying alone on stdout', async () => {
    const { base, auditId, releaseId } = await anAudit(tempDir());
    const log = path.join(scratchDir(), 'console.log');
    await writeJenkinsLog(log, 150_000);
    expect(fs.statSync(log).size).toBeGreaterThan(8 * 1024 * 1024);
    const run = await cli(...base, 'import', log, '--audit', auditId, '--release', releaseId, '--json');
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ kind: 'jenkins', lines: 150_000 });
    const progress = run.err.split('\n');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((line) => /^ {0,2}\d{1,3}% \S/.test(line))).toBe(true);
    // Recorded, then the rule pack runs and the lines are indexed for search before the command ends.
    expect(progress).toContain(' 90% Imported');
    const percents = progress.map((line) => Number(/(\d+)%/.exec(line)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe('100% Indexing the lines for search');
  });

  it('lists the kinds it reads, in words and as JSON', async () => {
    const words = await cli('import', '--kinds');
    expect(words.code).toBe(0);
    expect(words.out).toMatch(/^jenkins +Jenkins console log$/m);
    expect(words.out.split('\n')).toHaveLength(importKindList.length);
    expect(JSON.parse((await cli('import', '--kinds', '--json')).out)).toContainEqual({ kind: 'argo-analysisrun', label: 'Argo Rollouts AnalysisRun' });
  });

  it('refuses in one sentence, with its exit code, and writes nothing', async () => {
    const dataDir = tempDir();
    const { base, auditId, releaseId } = await anAudit(dataDir);
    const other = await anAudit(dataDir);
    const png = writeScratch(scratchDir(), 'build.log', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]));
    const cut = writeScratch(scratchDir(), 'change.json', fs.readFileSync(fixture('servicenow-change-display.json'), 'utf8').slice(0, 700));
    const file = fixture('servicenow-change-display.json');
    const before = counts(dataDir);
    const cases: Array<[string[], number, RegExp]> = [
      [['import'], 2, /^release-audit import: Name the FILE to import \(or --kinds to list the kinds\)\.$/m],
      [['import', file], 2, /--audit is required\./],
      [['import', file, '--audit', auditId, '--as', 'word'], 2, /--as must be one of jenkins, github-actions, .*git-log, .*\./],
      [['import', path.join(scratchDir(), 'missing.log'), '--audit', auditId], 1, /There is no file or folder at .*missing\.log\./],
      [['import', file, '--audit', auditId, '--range', 'v1..v2'], 2, /--range is for a git repository folder; FILE is a file\./],
      [['import', png, '--audit', auditId, '--release', releaseId], 2, /PNG/],
      [['import', cut, '--audit', auditId, '--release', releaseId], 2, /damaged|cut short|could not be imported/],
      [['import', file, '--audit', auditId, '--release', other.releaseId], 2, /That release belongs to another audit\./],
    ];
    for (const [argv, code, message] of cases) {
      const run = await cli(...base, ...argv);
      expect(run.code, `${argv.join(' ')}: ${run.err}`).toBe(code);
      expect(run.err, argv.join(' ')).toMatch(message);
      // The sentence itself: one line, one sentence (a usage error adds the usage line after it).
      const sentence = run.err.split('\n')[0] as string;
      expect(sentence.replace(/\d+\.\d+|\.\w{2,4}\b|\.\.|e\.g\./g, '').split(/\.\s/).length, sentence).toBe(1);
      expect(counts(dataDir), argv.join(' ')).toEqual(before);
    }
  });
});
