import { describe, expect, it } from 'vitest';
import { checklistContract } from '../../shared/api/checklist';
import { createAudit, pinTemplate } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { raiseFromResult } from '../findings/service';
import { createRelease } from '../releases/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { testCore } from '../../tests/helpers/temp';
import { readPages } from '../../tests/helpers/pages';
import { pageResults } from './list';
import { recordResult } from './service';

// A checklist's results come a page at a time, item by item, with the total; recording a result
// again or recording a new one between two pages neither repeats nor skips a result already there.

function setup() {
  const core = testCore();
  ensureDefaultTemplate(core);
  const audit = createAudit(core, { name: 'Q4', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  const items = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items.map((i) => i.key);
  const releases = [createRelease(core, { auditId: audit.id, identifier: 'PAY-1' }), createRelease(core, { auditId: audit.id, identifier: 'PAY-2' })];
  return { core, audit, items, releases };
}

const readAll = (core: ReturnType<typeof testCore>, input: { auditId: string; releaseId?: string }, limit: number, between?: (page: number) => void) =>
  readPages((cursor) => pageResults(core, { ...input, cursor, limit }), limit, between);

describe('checklist results in pages', () => {
  it('gives each result once, item by item, for the audit or one release, with the total', () => {
    const { core, audit, items, releases } = setup();
    for (const key of items.slice(0, 12)) for (const release of [...releases, null]) recordResult(core, { auditId: audit.id, releaseId: release?.id ?? null, itemKey: key, result: 'pass', note: `checked ${key}` });
    const first = pageResults(core, { auditId: audit.id, cursor: null, limit: 5 });
    expect(first.total).toBe(36);
    const all = readAll(core, { auditId: audit.id }, 5);
    expect(new Set(all).size).toBe(36);
    const keys = all.map((id) => first.rows.concat(pageResults(core, { auditId: audit.id, cursor: null, limit: 1000 }).rows).find((r) => r.id === id)!.itemKey);
    expect(keys).toEqual([...keys].sort());
    const one = readAll(core, { auditId: audit.id, releaseId: releases[0]!.id }, 4);
    expect(one).toHaveLength(12);
    expect(pageResults(core, { auditId: audit.id, releaseId: releases[0]!.id, cursor: null, limit: 100 })).toMatchObject({ total: 12, nextCursor: null });
    expect(pageResults(core, { auditId: audit.id, releaseId: releases[0]!.id, cursor: null, limit: 100 }).rows.every((r) => r.releaseId === releases[0]!.id && r.note.startsWith('checked'))).toBe(true);
  });

  it('neither repeats nor skips a result when results are recorded again or added between two pages', () => {
    const { core, audit, items, releases } = setup();
    const release = releases[0]!.id;
    const before = items.slice(0, 20).map((key) => recordResult(core, { auditId: audit.id, releaseId: release, itemKey: key, result: 'pass', note: '' }).id);
    const seen = readAll(core, { auditId: audit.id, releaseId: release }, 6, (page) => {
      if (page !== 0) return;
      // Between the first and the second page: every result recorded again (newer times), and new ones.
      for (const key of items.slice(0, 20)) recordResult(core, { auditId: audit.id, releaseId: release, itemKey: key, result: 'fail', note: 'again' });
      for (const key of items.slice(20, 25)) recordResult(core, { auditId: audit.id, releaseId: release, itemKey: key, result: 'pass', note: '' });
    });
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    expect(pageResults(core, { auditId: audit.id, releaseId: release, cursor: null, limit: 1 }).total).toBe(25);
  });

  it('carries each result\'s evidence count and the finding raised from it', () => {
    const { core, audit, items } = setup();
    const failed = recordResult(core, { auditId: audit.id, itemKey: items[0]!, result: 'fail', note: 'no CAB minutes' });
    return addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'cab: none', sourceSystem: '', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [{ targetType: 'checklist-result', targetId: failed.id }] }).then(() => {
      const finding = raiseFromResult(core, failed.id);
      expect(pageResults(core, { auditId: audit.id, cursor: null, limit: 10 }).rows).toEqual([expect.objectContaining({ id: failed.id, evidenceCount: 1, findingId: finding.id, result: 'fail', note: 'no CAB minutes' })]);
    });
  });

  it('refuses a cursor it did not give, a release of another audit, and limits outside 1–1000, in plain words', () => {
    const { core, audit } = setup();
    const other = createAudit(core, { name: 'Other', description: '' });
    const elsewhere = createRelease(core, { auditId: other.id, identifier: 'X-1' });
    expect(() => pageResults(core, { auditId: audit.id, cursor: 'garbage', limit: 5 })).toThrow(/cursor: not a cursor given by an earlier page of this list/);
    expect(() => pageResults(core, { auditId: audit.id, cursor: Buffer.from('[1,"x"]').toString('base64url'), limit: 5 })).toThrow(/cursor: not a cursor/);
    expect(() => pageResults(core, { auditId: audit.id, releaseId: elsewhere.id, cursor: null, limit: 5 })).toThrow('releaseId: that release belongs to another audit.');
    const input = checklistContract['checklist.results'].input;
    expect(input.safeParse({ auditId: audit.id, limit: 0 }).error?.issues[0]?.message).toBe('must be at least 1');
    expect(input.safeParse({ auditId: audit.id, limit: 5000 }).error?.issues[0]?.message).toBe('must be at most 1000');
  });

  it('reads a page along an index, without sorting the results', () => {
    const { core, audit, releases } = setup();
    const plan = (sql: string, params: Record<string, unknown>) => (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const after = '(c.item_key > @key OR (c.item_key = @key AND c.id > @id))';
    const audits = plan(`SELECT id FROM checklist_results c WHERE c.audit_id = @auditId AND ${after} ORDER BY c.item_key, c.id LIMIT 5`, { auditId: audit.id, key: 'a', id: 'b' });
    expect(audits).toMatch(/checklist_results_audit_page_idx/);
    expect(audits).not.toMatch(/TEMP B-TREE/);
    const release = plan(`SELECT id FROM checklist_results c WHERE c.release_id = @releaseId AND +c.audit_id = @auditId AND ${after} ORDER BY c.item_key, c.id LIMIT 5`, { auditId: audit.id, releaseId: releases[0]!.id, key: 'a', id: 'b' });
    expect(release).toMatch(/checklist_results_release_page_idx/);
    expect(release).not.toMatch(/TEMP B-TREE/);
  });
});
