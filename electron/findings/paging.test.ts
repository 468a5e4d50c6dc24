import { describe, expect, it } from 'vitest';
import { severities } from '../../shared/enums';
import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { testCore } from '../../tests/helpers/temp';
import { transact } from '../services';
import { createFinding, getFinding, listFindings, pageFindings, raiseFromResult, updateFinding } from './service';

// The findings list comes a page at a time (summary rows, by severity, newest first), and the
// lookups every write and list row makes go along an index, not through every finding.

function setup(count: number) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  for (let i = 0; i < count; i += 1) {
    createFinding(core, { auditId: audit.id, title: `Finding ${i}`, severity: severities[i % severities.length], cause: 'Long cause text '.repeat(20) });
  }
  return { core, audit };
}

describe('the findings list in pages', () => {
  it('gives every finding exactly once, by severity then newest first, with the total and per-severity counts', () => {
    const { core, audit } = setup(61);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = pageFindings(core, { auditId: audit.id, cursor, limit: 10 });
      expect(page.total).toBe(61);
      expect(page.counts).toEqual({ critical: 16, major: 15, minor: 15, informational: 15 });
      expect(page.rows.length).toBeLessThanOrEqual(10);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(7);
    expect(new Set(seen).size).toBe(61);
    const all = listFindings(core, audit.id);
    const rank = (id: string) => severities.indexOf(all.find((f) => f.id === id)!.severity);
    const expected = [...all].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity) || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    expect(seen).toEqual(expected.map((f) => f.id));
    expect(seen.map(rank)).toEqual([...seen.map(rank)].sort());
  });

  it('sends summary rows without the long texts; findings.get gives them', () => {
    const { core, audit } = setup(3);
    const page = pageFindings(core, { auditId: audit.id, cursor: null, limit: 200 });
    expect(page.nextCursor).toBeNull();
    for (const row of page.rows) {
      for (const heavy of ['criteria', 'condition', 'cause', 'effect', 'recommendation', 'acceptedReason']) expect(row).not.toHaveProperty(heavy);
      expect(row).toMatchObject({ title: expect.any(String), status: 'draft', repeatCount: 0, evidenceCount: 0 });
    }
    expect(getFinding(core, page.rows[0]!.id).cause).toContain('Long cause text');
  });

  it('refuses a cursor it did not give, in plain words', () => {
    const { core, audit } = setup(2);
    expect(() => pageFindings(core, { auditId: audit.id, cursor: 'not-a-cursor', limit: 5 })).toThrow(/cursor: not a cursor given by an earlier page/);
    expect(() => pageFindings(core, { auditId: audit.id, cursor: Buffer.from('[9,"x","y"]').toString('base64url'), limit: 5 })).toThrow(/cursor/);
  });

  it('answers a page of an empty audit with no rows and no next cursor', () => {
    const { core, audit } = setup(0);
    expect(pageFindings(core, { auditId: audit.id, cursor: null, limit: 5 })).toEqual({ rows: [], total: 0, counts: { critical: 0, major: 0, minor: 0, informational: 0 }, nextCursor: null });
  });
});

describe('lookups made on every write', () => {
  const plan = (core: ReturnType<typeof testCore>, sql: string, ...params: unknown[]) =>
    (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

  it('find earlier findings of a control, the finding raised from a result, and a page of the list by index', () => {
    const { core, audit } = setup(1);
    expect(plan(core, "SELECT f.id FROM findings f JOIN audits a ON a.id = f.audit_id WHERE lower(f.control_id) = lower(?) AND f.status <> 'draft' AND a.created_at < ?", 'RA-RFC-01', 'z')).toMatch(
      /SEARCH f USING COVERING INDEX findings_repeat_lookup_idx/,
    );
    expect(plan(core, 'SELECT id FROM findings WHERE source_result_id = ?', 'x')).toMatch(/USING (COVERING )?INDEX findings_source_result_idx/);
    expect(plan(core, 'SELECT * FROM findings WHERE audit_id = ? AND severity = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT 5', audit.id, 'major', 'z', 'z', 'z')).toMatch(
      /findings_audit_page_idx/,
    );
    expect(plan(core, 'SELECT * FROM findings WHERE audit_id = ? AND severity = ? ORDER BY created_at DESC, id DESC LIMIT 5', audit.id, 'major')).not.toMatch(/TEMP B-TREE/);
  });

  it('keep drafts out of the repeat index and findings not raised from a result out of the source index', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const audit = createAudit(core, { name: 'Q1', description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    // Entries an index holds: every cell of its pages (an index b-tree keeps each entry once, in a leaf or above).
    const entries = (index: string) => (core.sqlite.prepare('SELECT coalesce(sum(ncell), 0) AS n FROM dbstat WHERE name = ?').get(index) as { n: number }).n;
    const made = Array.from({ length: 8 }, (_, i) => createFinding(core, { auditId: audit.id, title: `F${i}`, controlId: i % 2 ? 'RA-RFC-01' : null, cause: 'Approvals were recorded after the deployment.' }));
    for (const f of made.slice(0, 3)) updateFinding(core, { id: f.id, cause: 'Approvals were recorded after the deployment, again.' });
    expect([entries('findings_repeat_lookup_idx'), entries('findings_source_result_idx')]).toEqual([0, 0]);
    // Raised (with or without a control), they are in the repeat index; back to draft (as sync can bring), out again.
    transact(core, (records) => {
      for (const f of made.slice(0, 5)) records.update('findings', f.id, { status: 'open' });
    });
    expect(entries('findings_repeat_lookup_idx')).toBe(5);
    transact(core, (records) => records.update('findings', made[0]!.id, { status: 'draft' }));
    expect(entries('findings_repeat_lookup_idx')).toBe(4);
    const item = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items[0]!;
    const result = recordResult(core, { auditId: audit.id, itemKey: item.key, result: 'fail', note: 'Seen failing' });
    const raised = raiseFromResult(core, result.id);
    expect(entries('findings_source_result_idx')).toBe(1);
    expect(recordResult(core, { auditId: audit.id, itemKey: item.key, result: 'fail', note: 'Again' }).findingId).toBe(raised.id);
    expect(core.sqlite.prepare("SELECT count(*) AS n FROM findings WHERE status <> 'draft'").get()).toEqual({ n: 4 });
  });

  it('keep repeat detection and results unchanged: an update of the cause finds the earlier finding again', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const q3 = createAudit(core, { name: 'Q3', description: '' });
    pinTemplate(core, q3.id, DEFAULT_TEMPLATE_V1_ID);
    const item = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items[0]!;
    expect(recordResult(core, { auditId: q3.id, itemKey: item.key, result: 'fail', note: 'x' }).findingId).toBeNull();
    expect(() => recordResult(core, { auditId: q3.id, itemKey: 'no-such-item', result: 'fail', note: 'x' })).toThrow(/is not an item of v1/);
    const finding = createFinding(core, { auditId: q3.id, title: 'Again', controlId: 'RA-RFC-01', cause: 'x' });
    expect(updateFinding(core, { id: finding.id, cause: 'The emergency path was used outside its policy.' }).repeatCount).toBe(0);
  });
});
