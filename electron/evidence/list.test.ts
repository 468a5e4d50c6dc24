import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceContract } from '../../shared/api/evidence';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { insertEvidenceRows } from '../../tests/helpers/bulk-evidence';
import { testCore } from '../../tests/helpers/temp';
import { readPages } from '../../tests/helpers/pages';
import { getEvidence, pageEvidence } from './list';
import { markEvidence } from './marks';
import { linkEvidence } from './service';

// The audit's evidence comes a page at a time: summary rows (no note), newest first, with the totals
// and a cursor that stays right when evidence arrives between two pages; evidence.get gives the rest.

function setup(count: number, options?: Parameters<typeof insertEvidenceRows>[3]) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const ids = insertEvidenceRows(core, audit.id, count, options);
  return { core, audit, ids };
}

function readAll(core: ReturnType<typeof testCore>, auditId: string, limit: number, filter = '') {
  let pages = 0;
  const seen = readPages((cursor) => pageEvidence(core, { auditId, filter, cursor, limit }), limit, () => (pages += 1));
  return { seen, pages };
}

describe('the evidence list in pages', () => {
  it('gives every piece exactly once, newest first, with the total, in pages of the limit', () => {
    const { core, audit, ids } = setup(53);
    const first = pageEvidence(core, { auditId: audit.id, cursor: null, limit: 10 });
    expect(first).toMatchObject({ total: 53, all: 53 });
    const { seen, pages } = readAll(core, audit.id, 10);
    expect(pages).toBe(6);
    expect(seen).toEqual([...ids].reverse());
  });

  it('orders pieces captured in the same millisecond by id, so none repeats or goes missing across pages', () => {
    const { core, audit, ids } = setup(25, { capturedAt: (i) => `2026-11-20T10:00:0${Math.floor(i / 10)}.000Z` });
    const { seen } = readAll(core, audit.id, 4);
    expect(new Set(seen).size).toBe(25);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('keeps its cursor right when evidence arrives between two pages: nothing repeats, nothing is skipped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 3 }), (limit, added, firstPages) => {
        const { core, audit, ids } = setup(20);
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let p = 0; p < firstPages; p += 1) {
          const page = pageEvidence(core, { auditId: audit.id, cursor, limit });
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        // New evidence arrives (captured now, so newest): the pages still to come are not shifted by it.
        const fresh = insertEvidenceRows(core, audit.id, added, { from: 100, capturedAt: (i) => new Date(Date.parse('2026-11-21T00:00:00.000Z') + i).toISOString() });
        while (cursor) {
          const page = pageEvidence(core, { auditId: audit.id, cursor, limit });
          expect(page.total).toBe(20 + added);
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
        }
        expect(seen).toEqual([...ids].reverse());
        // A fresh first page starts with what arrived.
        expect(pageEvidence(core, { auditId: audit.id, cursor: null, limit: 50 }).rows.map((r) => r.id).slice(0, added)).toEqual([...fresh].reverse());
        core.close();
      }),
      { numRuns: 15 },
    );
  });

  it('sends summary rows without the note; evidence.get gives the note, the mark and what it supports', () => {
    const { core, audit, ids } = setup(3);
    const finding = createFinding(core, { auditId: audit.id, title: 'No CAB minutes' });
    linkEvidence(core, ids[0]!, { targetType: 'finding', targetId: finding.id });
    markEvidence(core, { evidenceId: ids[0]!, confidential: true, reason: 'payroll data' });
    const page = pageEvidence(core, { auditId: audit.id, cursor: null, limit: 200 });
    expect(page.nextCursor).toBeNull();
    for (const row of page.rows) expect(row).not.toHaveProperty('note');
    expect(page.rows.find((r) => r.id === ids[0])).toMatchObject({ confidential: true, originalName: 'deploy-00000.log' });
    expect(page.rows.find((r) => r.id === ids[1])).toMatchObject({ confidential: false });
    expect(getEvidence(core, ids[0]!)).toMatchObject({ note: expect.stringContaining('A long note about piece 0.'), confidential: true, links: [{ targetType: 'finding', targetId: finding.id, label: expect.stringContaining('No CAB minutes') }] });
    expect(() => getEvidence(core, '0190a1b2-0000-7000-8000-000000000000')).toThrow(/There is no evidence with the id/);
  });

  it('filters by name, hash, source system or person, case aside, and counts what matches beside the whole', () => {
    const { core, audit } = setup(30);
    expect(pageEvidence(core, { auditId: audit.id, filter: 'JENKINS', cursor: null, limit: 5 })).toMatchObject({ total: 10, all: 30 });
    const jenkins = readAll(core, audit.id, 3, 'jenkins').seen;
    expect(jenkins).toHaveLength(10);
    expect(pageEvidence(core, { auditId: audit.id, filter: 'deploy-00017', cursor: null, limit: 5 }).rows.map((r) => r.originalName)).toEqual(['deploy-00017.log']);
    expect(pageEvidence(core, { auditId: audit.id, filter: 'bo builder', cursor: null, limit: 100 }).total).toBe(15);
    // Characters that mean something to LIKE are plain text here.
    expect(pageEvidence(core, { auditId: audit.id, filter: '%', cursor: null, limit: 5 }).total).toBe(0);
  });

  it('refuses a cursor it did not give, in plain words, and limits outside 1–1000', () => {
    const { core, audit } = setup(2);
    const refused = /cursor: not a cursor given by an earlier page of this list; start again without one/;
    for (const bad of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["a"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[2,"x","y"]').toString('base64url')]) {
      expect(() => pageEvidence(core, { auditId: audit.id, cursor: bad, limit: 5 }), bad).toThrow(refused);
    }
    const input = evidenceContract['evidence.list'].input;
    const id = audit.id;
    expect(input.safeParse({ auditId: id, limit: 0 }).error?.issues[0]?.message).toBe('must be at least 1');
    expect(input.safeParse({ auditId: id, limit: 1001 }).error?.issues[0]?.message).toBe('must be at most 1000');
    expect(input.safeParse({ auditId: id, limit: 2.5 }).error?.issues[0]?.message).toBe('limit must be a whole number');
    expect(input.safeParse({ auditId: id, cursor: 'x'.repeat(501) }).error?.issues[0]?.message).toMatch(refused);
    expect(input.parse({ auditId: id })).toMatchObject({ limit: 200, cursor: null, filter: '' });
    expect(pageEvidence(core, { auditId: audit.id, cursor: null, limit: 1 }).rows).toHaveLength(1);
    expect(() => pageEvidence(core, { auditId: 'no-such-audit', cursor: null, limit: 5 })).toThrow('There is no audit with the id no-such-audit.');
  });

  it('answers an empty audit with no rows and no next cursor', () => {
    const { core, audit } = setup(0);
    expect(pageEvidence(core, { auditId: audit.id, cursor: null, limit: 5 })).toEqual({ rows: [], total: 0, all: 0, nextCursor: null });
  });

  it('reads a page along the index, without sorting the audit\'s evidence', () => {
    const { core, audit } = setup(1);
    const plan = (sql: string, ...params: unknown[]) => (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const page = plan('SELECT id FROM evidence WHERE audit_id = ? AND (captured_at < ? OR (captured_at = ? AND id < ?)) ORDER BY captured_at DESC, id DESC LIMIT 5', audit.id, 'z', 'z', 'z');
    expect(page).toMatch(/evidence_audit_page_idx/);
    expect(page).not.toMatch(/TEMP B-TREE/);
  });
});
