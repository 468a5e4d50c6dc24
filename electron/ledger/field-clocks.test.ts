import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding, updateFinding } from '../findings/service';
import { listConflicts } from '../sync/service';
import { verifyAll } from '../system/verify';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { conclude } from '../../tests/helpers/conclude';
import type { Core } from '../services';

// Field clocks (issue 13): a record's insert writes every field, so the insert's own ledger entry is
// the clock of each field until it is edited. A new record stores no clock row per field (an audit's
// plan has thirty); an edit names the insert's clock as the value it overwrites, exactly as before,
// and concurrent edits of one field on two laptops after creation are still a conflict.

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

  it('still finds a conflict when one field is edited on two laptops after creation, on both laptops', async () => {
    const a = laptop('Alice');
    const b = laptop('Bob');
    const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
    conclude(a, audit.id);
    const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested', condition: 'No rehearsal' });
    await exchange(a, b, audit.id);
    // Alice made the finding, Bob received it: neither keeps a clock row for a field only its insert wrote.
    expect(clockRows(a, 'findings', finding.id)).toEqual([]);
    expect(clockRows(b, 'findings', finding.id)).toEqual([]);
    updateFinding(a, { id: finding.id, cause: 'The plan was skipped to meet the date.' });
    updateFinding(b, { id: finding.id, cause: 'Nobody owned the backout plan.' });
    // An edit on one laptop only is no conflict: it names the clock it overwrote.
    updateFinding(b, { id: finding.id, effect: 'A failed release could not be undone.' });
    await exchange(a, b, audit.id, { forPeer: true });
    await exchange(b, a, audit.id, { forPeer: true });
    const tables = ['audits', 'findings'];
    expect(recordsOf(a, tables)).toEqual(recordsOf(b, tables));
    const onA = listConflicts(a, audit.id);
    expect(onA.map((c) => [c.kind, c.field])).toEqual([['concurrent', 'cause']]);
    expect(onA[0]).toMatchObject({ current: { value: 'Nobody owned the backout plan.', actor: 'Bob' }, other: { value: 'The plan was skipped to meet the date.', actor: 'Alice' } });
    expect(listConflicts(b, audit.id).map((c) => c.id)).toEqual(onA.map((c) => c.id));
    // After the merge each laptop keeps clocks for the edited fields only.
    for (const core of [a, b]) expect(clockRows(core, 'findings', finding.id).map((r) => r.field)).toEqual(['cause', 'effect', 'updatedAt']);
    expect((await verifyAll(a)).problems).toEqual([]);
    expect((await verifyAll(b)).problems).toEqual([]);
  });
});
