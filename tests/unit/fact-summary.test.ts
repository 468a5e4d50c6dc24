import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXCERPT_MAX_LINES } from '../../shared/api/import-methods';
import type { Fact } from '../../shared/api/imports';
import { importFile } from '../../electron/imports/import-file';
import { comparisonFacts } from '../../electron/config-compare/fixtures/facts';
import { fixture, real, realworldDir } from '../../electron/imports/test-files';
import { factKindLabels, summariseFact } from '../../renderer/src/screens/imports/factSummary';
import { excerptRange } from '../../renderer/src/screens/imports/excerptRange';

// The words the Imports tab shows for each fact, read from what the importers make of real files:
// every fact says what it is, with no "undefined", "null" or "[object Object]" left in its text.

const files = [
  ...fs.readdirSync(fixture('.')).filter((name) => name !== 'SOURCES.md').map(fixture),
  ...(realworldDir
    ? ['jenkins-pipeline-log.txt', 'gha-pytorch-error_log1.txt', 'gitlab-ci-trace-runner11.log', 'ansible-default-callback.stdout', 'argo-rollouts-aborted-rollout.yaml', 'jira-cloud-issue-v3.json'].map(real)
    : []),
];

describe('facts in plain words', () => {
  it('summarise every fact of every fixture and real file, of every kind, readably', async () => {
    const seen = new Set<Fact['kind']>();
    for (const file of files) {
      const result = await importFile(file);
      for (const fact of result.facts) {
        seen.add(fact.kind);
        const words = summariseFact(fact);
        expect(words.title.trim(), `${file}: ${fact.kind}`).not.toBe('');
        expect(`${words.title} ${words.details}`, `${file}: ${JSON.stringify(fact)}`).not.toMatch(/undefined|\bnull\b|\[object Object\]|NaN/);
      }
    }
    // Configuration differences and drift come from comparing files, not from importing one.
    for (const fact of comparisonFacts()) {
      seen.add(fact.kind);
      const words = summariseFact(fact);
      expect(`${words.title} ${words.details}`, JSON.stringify(fact)).not.toMatch(/undefined|\bnull\b|\[object Object\]|NaN/);
    }
    // The files cover every kind the list can filter by.
    expect([...seen].sort()).toEqual(Object.keys(factKindLabels).sort());
  });

  it('say what matters for a run, a failed task, an approval and a commit', () => {
    const time = (text: string) => ({ text, utc: null, offset: null, zone: 'not-stated' as const });
    const run = summariseFact({ kind: 'run', lines: [1, 90], tool: 'Jenkins', name: null, result: 'failure', startedAt: time('22:00:01'), endedAt: time('00:04:10'), triggeredBy: 'user Priya Raman', worker: null });
    expect(run).toEqual({ title: 'Jenkins run: failure', details: '22:00:01 (no time zone in the file) – 00:04:10 (no time zone in the file) · triggered by user Priya Raman', bad: true });
    const task = summariseFact({ kind: 'task-result', lines: [11, 11], play: 'deploy', task: 'restart api', host: 'web-2', status: 'failed', item: null, message: 'port 8443 in use', ignored: false, startedAt: null, endedAt: null });
    expect(task).toEqual({ title: 'Failed on web-2: restart api', details: 'port 8443 in use · play deploy', bad: true });
    const stated = { text: '2026-11-20 23:30:00 +01:00', utc: '2026-11-20T22:30:00Z', offset: '+01:00', zone: 'stated' as const };
    const approval = summariseFact({ kind: 'approval', lines: [4, 9], ticket: 'CHG0040007', approver: 'Dana Whitfield', state: 'approved', at: stated });
    expect(approval).toEqual({ title: 'Approval of CHG0040007: approved', details: 'by Dana Whitfield · 2026-11-20 23:30:00 +01:00', bad: false });
    const commit = summariseFact({ kind: 'commit', lines: [1, 6], hash: '8a2fd55f40dbcb279911e3f2237312baf1508019', parents: [], author: 'Sam Osei', authoredAt: stated, committer: null, committedAt: null, subject: 'Retry token refresh', tickets: ['PAY-881'], refs: ['tag: v1.4.2'] });
    expect(commit.title).toBe('Commit 8a2fd55f40: Retry token refresh');
    expect(commit.details).toBe('by Sam Osei · 2026-11-20 23:30:00 +01:00 · tickets PAY-881 · tag: v1.4.2');
  });

  it('ask for the lines of a fact with three lines around them, never past the first line or the API limit', () => {
    expect(excerptRange(1, 1)).toEqual({ from: 1, to: 4 });
    expect(excerptRange(10, 12)).toEqual({ from: 7, to: 15 });
    expect(excerptRange(100, 5000)).toEqual({ from: 97, to: 97 + EXCERPT_MAX_LINES - 1 });
  });
});
