import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { ImportResult, importKinds } from '../../shared/api/imports';
import { importFile } from './import-file';
import { scratchDir, writeScratch } from './test-files';

// Whatever bytes arrive, an import either returns facts that fit the schema or refuses with an
// AppError: never another exception, never a hang.

const dir = scratchDir();
let counter = 0;

async function outcome(content: Uint8Array | string, kind?: (typeof importKinds)[number]): Promise<void> {
  counter += 1;
  const file = writeScratch(dir, `p${counter}.bin`, typeof content === 'string' ? content : Buffer.from(content));
  try {
    const result = await importFile(file, kind ? { kind } : {});
    ImportResult.parse(result);
    for (const fact of result.facts) {
      expect(fact.lines[0]).toBeLessThanOrEqual(fact.lines[1]);
      expect(fact.lines[1]).toBeLessThanOrEqual(Math.max(result.lines, 1));
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.message).toMatch(/^[A-Z"].*[.)]$/s);
  }
}

// Lines built from the markers each parser looks for, shuffled with noise, so the parsers' paths are reached.
const token = fc.constantFrom(
  '[Pipeline] stage', '[Pipeline] { (Deploy)', '[Pipeline] // stage', '[Pipeline] { (Branch: a)', '[Pipeline] // parallel', 'Finished: SUCCESS', 'Started by user x',
  'Stage "Deploy" skipped due to earlier failure(s)', 'ERROR: boom', 'WARNING: hmm', '##[group]Run x', '##[endgroup]', '##[error]bad', '##[warning]meh',
  'section_start:1796083198:build_script', 'section_end:1796083204:build_script', 'section_end:1:x', 'Job succeeded', 'ERROR: Job failed: exit code 1',
  'PLAY [all] ****', 'TASK [x] ****', 'fatal: [h1]: FAILED! => {"msg": "no"', 'failed: [h2] (item=a) => {', '}', '...ignoring', 'PLAY RECAP ****', 'h1 : ok=1 failed=2',
  'commit 0123456789abcdef0123456789abcdef01234567 (tag: v1)', 'Author: A <a@b>', 'Date:   Tue Dec 1 14:56:56 2026 +0100', '    PAY-1 fix', 'Merge: a b',
  '\u001b[31m', '\r', '\uFFFD', '', '{', '"records": [', '"number": "CHG1"', 'apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'kind: AnalysisRun', 'status:', '  abort: true',
);
const stamp = fc.constantFrom('', '[2026-12-01T00:00:00.000Z] ', '23:59:59 ', '00:00:01 ', '2026-12-01T00:00:00.1234567Z ', '2026-12-01T00:00:00.123456Z 00O ');
const logLine = fc.tuple(stamp, token, fc.string({ maxLength: 20 })).map(([s, t, noise]) => `${s}${t}${noise}`);

describe('imports never fail in an unplanned way', () => {
  it('random bytes, detected or read as each kind', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.option(fc.constantFrom(...importKinds), { nil: undefined }), async (bytes, kind) => {
      await outcome(bytes, kind);
    }), { numRuns: 150 });
  });

  it('random lines of every format\'s markers, with stamps, noise and line ends', async () => {
    await fc.assert(fc.asyncProperty(fc.array(logLine, { maxLength: 80 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.option(fc.constantFrom(...importKinds), { nil: undefined }), async (lines, eol, bom, kind) => {
      await outcome(`${bom ? '\uFEFF' : ''}${lines.join(eol)}`, kind);
    }), { numRuns: 250 });
  });

  it('random JSON and YAML values read as each structured kind', async () => {
    const structured = fc.constantFrom('azure-devops', 'ansible-json', 'jira', 'servicenow-json', 'servicenow-csv', 'argo-rollout', 'argo-analysisrun') as fc.Arbitrary<(typeof importKinds)[number]>;
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), structured, async (value, kind) => {
      await outcome(JSON.stringify(value, null, 2), kind);
    }), { numRuns: 150 });
  });
});
