import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, updateFinding } from '../findings/service';
import { addInterviewNote, createInterview, saveInterview } from '../interviews/service';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { verifyAll } from '../system/verify';
import { addEntry } from '../warroom/service';
import { searchQuery } from './service';
import { parseSnippet } from './text';

// The index on a real data folder: records are found as they are written (SQL triggers), a query
// can never be read as FTS5 syntax, and an audit named keeps other audits' records out.

const search = (core: Core, query: string, auditId: string | null = null, limit = 20, offset = 0) => searchQuery(core, { query, auditId, limit, offset });

function twoAudits() {
  const core = testCore();
  const a = createAudit(core, { name: 'Payments Q4', description: '' });
  const b = createAudit(core, { name: 'Ledger Q4', description: '' });
  return { core, a, b };
}

describe('the search index follows the records', () => {
  it('finds a finding as it is written and as it is edited, by any of its six parts', async () => {
    const { core, a } = twoAudits();
    const finding = createFinding(core, { auditId: a.id, title: 'CAB approval missing', severity: 'major' });
    expect((await search(core, 'approval')).hits.map((h) => [h.type, h.id, h.auditId])).toEqual([['finding', finding.id, a.id]]);
    updateFinding(core, { id: finding.id, condition: 'Deployed on Saturday without a ticket', recommendation: 'Gate deployments on approvals' });
    const page = await search(core, 'saturday');
    expect(page.hits).toHaveLength(1);
    expect(page.hits[0]?.snippet.text).toContain('Saturday');
    const [start, end] = page.hits[0]?.snippet.marks[0] ?? [0, 0];
    expect(page.hits[0]?.snippet.text.slice(start, end)).toBe('Saturday');
    updateFinding(core, { id: finding.id, condition: 'Deployed on Sunday' });
    expect((await search(core, 'saturday')).total).toBe(0);
    expect((await search(core, 'sunday')).hits[0]?.id).toBe(finding.id);
    expect((await search(core, 'cab')).hits[0]?.title).toBe('CAB approval missing');
  });

  it('finds interviews, their notes, war-room notes and pasted evidence text, each naming what to open', async () => {
    const { core, a } = twoAudits();
    const release = createRelease(core, { auditId: a.id, identifier: 'PAY-7' });
    const interview = createInterview(core, { auditId: a.id, interviewee: 'Dana Ops', role: 'SRE' });
    saveInterview(core, { id: interview.id, tribalKnowledge: [{ text: 'The memcached tier is flushed by hand' }] });
    const note = addInterviewNote(core, { interviewId: interview.id, text: 'Rollback rehearsed only in staging' });
    const entry = addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'Canary latency spiked on eu-west' } });
    const evidence = await addEvidenceText(core, { auditId: a.id, kind: 'log-excerpt', text: 'kubectl rollout undo deployment/payments-gateway', sourceFile: 'deploy.log', sourceSystem: 'Jenkins', note: '', url: '', refersTo: null, links: [] } as never);
    expect((await search(core, 'memcached')).hits.map((h) => [h.type, h.id, h.title])).toEqual([['interview', interview.id, 'Dana Ops']]);
    expect((await search(core, 'staging')).hits.map((h) => [h.type, h.id, h.parentId, h.title])).toEqual([['note', note.id, interview.id, 'Note on the interview with Dana Ops']]);
    expect((await search(core, 'canary latency')).hits.map((h) => [h.type, h.id, h.parentId, h.title])).toEqual([['warroom', entry.id, release.id, 'War-room entry: note (release PAY-7)']]);
    expect((await search(core, 'gateway')).hits.map((h) => [h.type, h.id])).toEqual([['evidence', evidence.id]]);
    // The triggers and the index's tables are the app's own: verify still finds everything holds.
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('keeps another audit’s findings out when an audit is named', async () => {
    const { core, a, b } = twoAudits();
    createFinding(core, { auditId: a.id, title: 'Secrets printed in the build log', severity: 'critical' });
    const other = createFinding(core, { auditId: b.id, title: 'Secrets rotated late', severity: 'minor' });
    expect((await search(core, 'secrets')).total).toBe(2);
    const scoped = await search(core, 'secrets', b.id);
    expect(scoped.total).toBe(1);
    expect(scoped.hits.map((h) => h.id)).toEqual([other.id]);
  });

  it('pages with a total, best match first, a title match above a mention in the text', async () => {
    const { core, a } = twoAudits();
    for (let i = 0; i < 7; i += 1) createFinding(core, { auditId: a.id, title: `Finding ${i}`, severity: 'minor', cause: 'the rollback script was untested' });
    const best = createFinding(core, { auditId: a.id, title: 'Rollback untested', severity: 'major' });
    const first = await search(core, 'rollback', null, 3);
    expect(first).toMatchObject({ total: 8, offset: 0, nextOffset: 3 });
    expect(first.hits[0]?.id).toBe(best.id);
    const last = await search(core, 'rollback', null, 3, 6);
    expect(last).toMatchObject({ total: 8, nextOffset: null });
    expect(last.hits).toHaveLength(2);
    expect(await search(core, 'rollback', null, 3, 50)).toMatchObject({ total: 8, hits: [], nextOffset: null });
  });
});

describe('a query is only ever words', () => {
  const hostile = [
    '"', '""', '"unbalanced', 'a" OR "b', 'NEAR(deploy approval, 2)', 'title:secret', '{title body}: x', 'body : x', '*', 'dep*', '^start',
    '((((', ')))', 'a AND', 'OR', 'NOT x', 'x NOT', '-x', '+', 'a:b:c', "'; DROP TABLE findings; --", '\u0000', 'nul\u0000byte',
    '\u202eevil\u202c', 'שלום עולם', 'مرحبا', '\ud800', '💥', 'x'.repeat(10_000), 'a '.repeat(5000), '"a b" "c', 'café', 'e\u0301',
  ];

  it('answers every hostile query with a page, never an FTS5 error', async () => {
    const { core, a } = twoAudits();
    createFinding(core, { auditId: a.id, title: 'Secret printed: title body', severity: 'major', condition: 'deploy approval came late' });
    const handlers = createHandlers(core);
    for (const query of hostile) {
      const answer = await dispatch(handlers, 'search.query', { query });
      expect(answer.ok, `${JSON.stringify(query.slice(0, 40))}: ${JSON.stringify(answer)}`).toBe(true);
    }
    // Operators are words: "NEAR" is not in the finding, so nothing matches; a column name matches as a word.
    expect((await search(core, 'NEAR(deploy approval, 2)')).total).toBe(0);
    expect((await search(core, 'title:secret')).total).toBe(1);
    expect((await search(core, 'a" OR "b')).total).toBe(0);
  });

  it('says in plain words when there is nothing to search, and when words were left out', async () => {
    const { core } = twoAudits();
    for (const query of ['', '   ', '*', '"" ()', '\u202e']) {
      const page = await search(core, query);
      expect(page).toMatchObject({ hits: [], total: 0, terms: [] });
      expect(page.notice).toMatch(/^There is nothing to search for/);
    }
    expect((await search(core, 'w '.repeat(40))).notice).toBe('Only the first 32 words were searched; the other 8 were left out.');
    expect((await search(core, 'unmatched')).notice).toBe('Nothing matches unmatched.');
  });

  it('refuses a query over 10,000 characters, an unknown audit and a bad limit with a VALIDATION or NOT_FOUND sentence', async () => {
    const { core } = twoAudits();
    const handlers = createHandlers(core);
    expect(await dispatch(handlers, 'search.query', { query: 'x'.repeat(10_001) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'search.query', { query: 'x', limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'search.query', { query: 'x', auditId: '0190f5d2-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no audit with the id 0190f5d2-0000-7000-8000-000000000000.' } });
  });

  it('answers any string with a page or a VALIDATION error (property)', async () => {
    const { core, a } = twoAudits();
    createFinding(core, { auditId: a.id, title: 'Deploy approval missing', severity: 'major' });
    const handlers = createHandlers(core);
    const pieces = fc.constantFrom('"', '*', '(', ')', ':', '^', '-', '+', 'NEAR', 'AND', 'OR', 'NOT', 'title', 'body', '{', '}', ' ', 'deploy', '\u0000', '\u202e', '\ud800');
    const query = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')));
    await fc.assert(
      fc.asyncProperty(query, fc.option(fc.nat(50)), async (text, offset) => {
        const answer = await dispatch(handlers, 'search.query', { query: text, ...(offset === null ? {} : { offset }) });
        if (answer.ok) expect(Array.isArray((answer.value as { hits: unknown }).hits)).toBe(true);
        else expect(answer.error.code).toBe('VALIDATION');
      }),
      { numRuns: 300 },
    );
  });
});

describe('snippets', () => {
  it('come as plain text on one line with the marked ranges, never markup', () => {
    expect(parseSnippet('\n\nthe \uFDD0café\uFDD1  build\n<b>\uFDD0ERROR\uFDD1</b>…')).toEqual({ text: 'the café build <b>ERROR</b>…', marks: [[4, 8], [18, 23]] });
  });
});
