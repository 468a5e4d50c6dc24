import { describe, expect, it } from 'vitest';
import { importFile } from '../imports/import-file';
import { fixture } from '../imports/test-files';

// The JUnit variants the test rules rely on, in one report written from the Ant/Surefire schema and
// jest-junit's and pytest's output: a Failsafe suite with properties, failure, error, skipped and
// system-out/system-err (whose text is never taken for a failure), jest-junit's and pytest's `file`
// attribute on a test case, and pytest's timestamp with its zone.

describe('the JUnit report of a release', () => {
  it('reads Failsafe, jest-junit and pytest suites with their files, outcomes and output', async () => {
    const result = await importFile(fixture('junit-release-checks.xml'));
    expect(result.kind).toBe('junit');
    expect(result.warnings).toEqual([]);
    const failures = result.facts.filter((f) => f.kind === 'test-failure');
    expect(failures).toEqual([
      expect.objectContaining({ suite: 'com.acme.payments.PaymentsApiIT', name: 'refundSettlesWithinOneDay', outcome: 'failure', file: null, message: 'expected status 200 but was 500', lines: [12, 16] }),
      expect.objectContaining({ name: 'ledgerReconciles', outcome: 'error', type: 'org.postgresql.util.PSQLException', message: 'Connection refused: ledger-db:5432' }),
      expect.objectContaining({ suite: 'pytest', classname: 'tests.test_money', file: 'tests/test_money.py', name: 'test_rounds_half_even', outcome: 'failure' }),
    ]);
    const suites = result.facts.filter((f) => f.kind === 'test-suite');
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
      ['com.acme.payments.PaymentsApiIT', 4, 1, 1, 1],
      ['smoke: payments health', 2, 0, 0, 0],
      ['pytest', 2, 1, 0, 0],
    ]);
    expect(suites[0]).toMatchObject({ hostname: 'ci-agent-07', properties: { 'java.version': '21.0.2', 'failsafe.plugin': '3.2.5' }, startedAt: { utc: '2026-03-14T21:30:05.000Z' } });
    expect(suites[2]).toMatchObject({ startedAt: { utc: '2026-03-14T20:00:00.123Z', offset: '+01:00' } });
    expect(result.facts.at(-1)).toMatchObject({ kind: 'test-totals', name: 'payments-4.2.0 pre-release checks', suites: 3, tests: 8, failures: 2, errors: 1, skipped: 1 });
    expect(JSON.stringify(result.facts)).not.toContain('not a real failure element');
  });
});
