import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { testCore } from '../../tests/helpers/temp';
import { canonicalJson } from './canonical';
import { sameValue, verifyRecords } from './verify-records';

describe('comparing a field with the ledger', () => {
  it('finds two values the same exactly when their canonical JSON is the same', () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('', 'x', 0, -0, 1, NaN, Infinity, -Infinity, true, false, null, undefined),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameValue(a, b)).toBe(canonicalJson(a ?? null) === canonicalJson(b ?? null));
        expect(sameValue(a, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verifyRecords walking the tables beside the ledger', () => {
  it('names every row added outside the app wherever its id sorts, and every row deleted, and nothing else', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    const findings = ['First', 'Second', 'Third'].map((title) => createFinding(core, { auditId: audit.id, title }));
    expect(verifyRecords(core.sqlite).problems).toEqual([]);
    const copyFinding = (id: unknown) => {
      core.sqlite.exec('CREATE TEMP TABLE copied AS SELECT * FROM findings LIMIT 1');
      core.sqlite.prepare('UPDATE copied SET id = ?').run(id);
      core.sqlite.exec('INSERT INTO findings SELECT * FROM copied; DROP TABLE copied');
    };
    const planted = ['', '0', 'zzzz', '\u{1F600}', '\uFFFD', 'é'];
    for (const id of planted) copyFinding(id);
    copyFinding(Buffer.from([0, 1]));
    const middle = [...findings].sort((a, b) => (a.id < b.id ? -1 : 1))[1] as { id: string };
    core.sqlite.prepare('DELETE FROM findings WHERE id = ?').run(middle.id);
    const { problems } = verifyRecords(core.sqlite);
    const notInLedger = problems.filter((p) => /not in the ledger/.test(p.message)).map((p) => p.location);
    expect(notInLedger.sort()).toEqual([...planted, '\u0000\u0001'].map((id) => `table findings, record ${id}`).sort());
    expect(problems.filter((p) => /deleted outside the app/.test(p.message))).toEqual([
      { area: 'records', location: `table findings, record ${middle.id}`, message: expect.any(String) },
    ]);
    expect(problems).toHaveLength(planted.length + 2);
  });
});
