import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding, updateFinding } from '../findings/service';
import { laptop } from '../../tests/helpers/laptops';
import type { Core } from '../services';

// Field clocks (issue 13): a record's insert writes every field, so the insert's own ledger entry is
// the clock of each field until it is edited. A new record stores no clock row per field (an audit's
// plan has thirty); an edit names the insert's clock as the value it overwrites, exactly as before,
// and concurrent edits of one field on two laptops after creation are still a conflict (merge.test.ts).

const clockRows = (core: Core, entity: string, id: string) =>
  core.sqlite.prepare('SELECT field, hlc FROM field_clocks WHERE entity = ? AND entity_id = ? ORDER BY field').all(entity, id) as Array<{ field: string; hlc: string }>;
const entriesOf = (core: Core, entity: string, id: string) =>
  (core.sqlite.prepare('SELECT op, hlc, fields, prev_clocks AS prevClocks FROM ledger WHERE entity = ? AND entity_id = ? ORDER BY hlc').all(entity, id) as Array<{ op: string; hlc: string; fields: string; prevClocks: string }>).map((e) => ({
    ...e,
    fields: JSON.parse(e.fields) as Record<string, unknown>,
    prevClocks: JSON.parse(e.prevClocks) as Record<string, string | null>,
  }));

describe('field clocks', () => {
  it('stores none for a new record, and names the insert clock when a field is first edited', () => {
    const a = laptop('Alice');
    const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
    expect(clockRows(a, 'audits', audit.id)).toEqual([]);
    expect(clockRows(a, 'audit_plans', audit.id)).toEqual([]);
    const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested' });
    expect(clockRows(a, 'findings', finding.id)).toEqual([]);

    updateFinding(a, { id: finding.id, title: 'Backout plan never rehearsed' });
    const [insert, edit] = entriesOf(a, 'findings', finding.id);
    expect(edit!.prevClocks).toEqual({ title: insert!.hlc, updatedAt: insert!.hlc });
    expect(clockRows(a, 'findings', finding.id)).toEqual([
      { field: 'title', hlc: edit!.hlc },
      { field: 'updatedAt', hlc: edit!.hlc },
    ]);
    // A second edit of another field still names the insert's clock for it, and the first edit's for updatedAt.
    updateFinding(a, { id: finding.id, cause: 'Rushed change' });
    const third = entriesOf(a, 'findings', finding.id)[2]!;
    expect(third.prevClocks).toEqual({ cause: insert!.hlc, updatedAt: edit!.hlc });
  });
});
