import { describe, expect, it } from 'vitest';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { createFinding, updateFinding } from '../findings/service';
import { real, realworldDir, realworldMissing } from '../imports/test-files';
import { verifyAll } from '../system/verify';
import { ensureSearchIndex, indexImportLines, searchIndexPending } from './indexer';
import { searchQuery } from './service';
import { importedFile } from './imported-file.fixture';

// Lines of an imported file, read from its vault object into the index (a real Jenkins log from
// ../shared/realworld, read there), and records that arrive by bundle.

if (!realworldDir) console.warn(`Skipped: ${realworldMissing}.`);

describe.skipIf(!realworldDir)('log lines of a real import', () => {
  it('indexes every non-blank line of a real Jenkins log once, found by line number, resumable and idempotent', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const { importId, evidenceId } = await importedFile(core, audit.id, real('jenkins-pipeline-log.txt'), 3236);
    expect(searchIndexPending(core)).toBe(true);
    const progress: number[] = [];
    const { lines } = await indexImportLines(core, importId, { onProgress: (done) => progress.push(done) });
    expect(lines).toBeGreaterThan(3000);
    expect(lines).toBeLessThanOrEqual(3236);
    expect(progress.at(-1)).toBe(327275);
    // Line 3235 of the file reads "ERROR: script returned exit code 1" (after its timestamp).
    const page = await searchQuery(core, { query: 'script returned exit code', auditId: audit.id, limit: 20, offset: 0 });
    const hit = page.hits.find((h) => h.line === 3235);
    expect(hit).toMatchObject({ type: 'log-line', id: evidenceId, importId, auditId: audit.id, title: 'jenkins-pipeline-log.txt, line 3235' });
    expect(hit?.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e).toLowerCase())).toEqual(['script', 'returned', 'exit', 'code']);
    const pyyaml = await searchQuery(core, { query: 'PyYAML incompatible', auditId: null, limit: 100, offset: 0 });
    expect(pyyaml.hits.map((h) => h.line)).toEqual(expect.arrayContaining([188, 409, 525, 2100, 2596]));
    // The file is searched as lines only, not a second time as one evidence text.
    await ensureSearchIndex(core);
    expect(pyyaml.hits.every((h) => h.type === 'log-line')).toBe(true);
    expect(searchIndexPending(core)).toBe(false);
    // Again: nothing is added.
    expect(await indexImportLines(core, importId)).toEqual({ lines });
    expect((core.sqlite.prepare('SELECT count(*) AS n FROM search_docs WHERE import_id = ?').get(importId) as { n: number }).n).toBe(lines);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('stops when cancelled, keeps what it read, and the next run reads only the rest', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const { importId } = await importedFile(core, audit.id, real('gha-pytorch-error_log1.txt'), 0);
    const controller = new AbortController();
    await expect(indexImportLines(core, importId, { signal: controller.signal, onProgress: (done) => done > 100_000 && controller.abort() })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Indexing for search was cancelled; the lines read so far stay searchable and the rest are read next time.',
    });
    const partial = (core.sqlite.prepare('SELECT count(*) AS n, max(line) AS last FROM search_docs WHERE import_id = ?').get(importId) as { n: number; last: number });
    expect(searchIndexPending(core)).toBe(true);
    const { imports } = await ensureSearchIndex(core);
    expect(imports).toBe(1);
    const full = (core.sqlite.prepare('SELECT count(*) AS n, count(DISTINCT line) AS distinctLines FROM search_docs WHERE import_id = ?').get(importId) as { n: number; distinctLines: number });
    expect(full.n).toBe(full.distinctLines);
    expect(full.n).toBeGreaterThan(partial.n);
  });
});

describe('records that arrive in a bundle', () => {
  it('are found on the receiving laptop, edits included', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const audit = createAudit(alice, { name: 'Shared audit', description: '' });
    const finding = createFinding(alice, { auditId: audit.id, title: 'Hotfix bypassed the pipeline', severity: 'critical' });
    await exchange(alice, bob, audit.id);
    expect((await searchQuery(bob, { query: 'hotfix', auditId: null, limit: 20, offset: 0 })).hits.map((h) => h.id)).toEqual([finding.id]);
    updateFinding(alice, { id: finding.id, cause: 'An expired signing certificate' });
    await exchange(alice, bob, audit.id);
    expect((await searchQuery(bob, { query: 'certificate', auditId: audit.id, limit: 20, offset: 0 })).hits.map((h) => h.id)).toEqual([finding.id]);
    expect((await verifyAll(bob)).problems).toEqual([]);
  });
});

describe.skipIf(!realworldDir)('a search while a file is being read', () => {
  it('answers at once from the index as it stands, and says lines may be missing', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    createFinding(core, { auditId: audit.id, title: 'Pipeline failed at the docs stage', severity: 'minor' });
    const { importId } = await importedFile(core, audit.id, real('jenkins-pipeline-log.txt'), 3236);
    const reading = indexImportLines(core, importId);
    const page = await searchQuery(core, { query: 'pipeline', auditId: null, limit: 20, offset: 0 });
    expect(page.hits.map((h) => h.type)).toContain('finding');
    expect(page.notice).toBe('Imported files are still being read into the index: some of their lines may be missing here.');
    await reading;
    expect((await searchQuery(core, { query: 'pipeline', auditId: null, limit: 20, offset: 0 })).notice).toBeNull();
  });
});
