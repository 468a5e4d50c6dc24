import { describe, expect, it } from 'vitest';
import { conclude } from '../../tests/helpers/conclude';
import { testCore } from '../../tests/helpers/temp';
import { testKindPatternProblem } from '../../shared/api/testing';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { createAudit, finaliseAudit } from '../audits/service';
import { fixture } from '../imports/test-files';
import { createRelease } from '../releases/service';
import { importReal } from '../rules/facts.fixture';
import { deriveTestSuite, deriveTestTotals } from './derivers';
import { testKindOf } from './kinds';
import { defaultTestKinds } from './settings-defaults';

// The testing API: the audit's settings (patterns validated, a bad one refused in words, nothing
// saved), sign-offs (wrong types refused, only against a test report, frozen with the audit), and
// what a release's tests and scans add up to.

function setup() {
  const core = testCore();
  const handlers = createHandlers(core);
  const audit = createAudit(core, { name: 'Payments 4.2.0', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.0' });
  return { core, handlers, audit, release };
}

describe('test-kind patterns', () => {
  it('the shipped mapping knows Failsafe, jest and pytest names', () => {
    const kind = (suite: string | null, classname: string | null, file: string | null = null) => testKindOf(defaultTestKinds, { suite, classname, file });
    expect(kind('com.acme.PaymentsIT', 'com.acme.PaymentsIT')).toBe('integration');
    expect(kind('orders', null, 'src/orders.integration.test.ts')).toBe('integration');
    expect(kind('Smoke: checkout', null)).toBe('smoke');
    expect(kind('nightly regression', null)).toBe('regression');
    expect(kind('com.acme.MoneyTest', 'com.acme.MoneyTest')).toBe('unit');
    expect(kind('pytest', 'tests.test_money', 'tests/test_money.py')).toBe('unit');
    // An "Audit" class is not an integration test: *IT matches the case as written.
    expect(kind('com.acme.Audit', 'com.acme.Audit')).toBe('other');
  });

  it('gives derived.testKind to suites and to a report whose suites are all of one kind', () => {
    const suite = (name: string, importId: string) => ({ id: `${name}-${importId}`, importId, data: { kind: 'test-suite' as const, lines: [1, 2] as [number, number], name, tests: 1, failures: 0, errors: 0, skipped: 0, durationSeconds: null, startedAt: null, hostname: null, properties: {} } });
    const totals = (importId: string) => ({ id: `totals-${importId}`, importId, data: { kind: 'test-totals' as const, lines: [1, 9] as [number, number], name: null, suites: 2, tests: 2, failures: 0, errors: 0, skipped: 0, durationSeconds: null } });
    const facts = [suite('com.acme.OrdersIT', 'a'), suite('com.acme.PaymentsIT', 'a'), suite('com.acme.PaymentsIT', 'b'), suite('smoke: prod', 'b'), totals('a'), totals('b')];
    expect(deriveTestSuite(facts[3]!, facts, {}, {})).toMatchObject({ testKind: 'smoke', afterWindow: false, deployed: false, signedOff: false });
    expect(deriveTestTotals(facts[4]!, facts, {}, {})).toMatchObject({ testKind: 'integration', kinds: ['integration'] });
    expect(deriveTestTotals(facts[5]!, facts, {}, {})).toMatchObject({ testKind: 'other', kinds: ['integration', 'smoke'] });
  });

  it('refuses a pattern that does not compile, saying why', () => {
    expect(testKindPatternProblem('regex', '([a-z')).toMatch(/^"\(\[a-z" is not a valid regular expression \(/);
    expect(testKindPatternProblem('glob', '([a-z')).toBeNull();
  });
});

describe('the testing API', () => {
  it('gives the shipped settings, refuses a bad pattern or kind in words with nothing saved, and saves good ones', async () => {
    const { handlers, audit } = setup();
    expect(await dispatch(handlers, 'testing.settings', { auditId: audit.id })).toMatchObject({ ok: true, value: { saved: false, scanThreshold: { level: 'error', minScore: 7 } } });
    const bad = await dispatch(handlers, 'testing.saveSettings', {
      auditId: audit.id, scanThreshold: { level: 'error', minScore: 7, combine: 'either' }, testKinds: [{ field: 'suite', syntax: 'regex', pattern: '*IT', kind: 'integration' }],
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('"*IT" is not a valid regular expression') } });
    const kind = await dispatch(handlers, 'testing.saveSettings', {
      auditId: audit.id, scanThreshold: { level: 'error', minScore: 11, combine: 'either' }, testKinds: [{ field: 'suite', syntax: 'glob', pattern: '*IT', kind: 'e2e' }],
    });
    expect(kind).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(kind)).toMatch(/must be a score from 0 to 10|must be one of integration, regression, smoke, unit, other/);
    expect(await dispatch(handlers, 'testing.settings', { auditId: audit.id })).toMatchObject({ ok: true, value: { saved: false } });
    const good = await dispatch(handlers, 'testing.saveSettings', {
      auditId: audit.id, scanThreshold: { level: 'warning', minScore: null, combine: 'either' }, testKinds: [{ field: 'suite', syntax: 'glob', pattern: '*IT', kind: 'integration' }],
    });
    expect(good).toMatchObject({ ok: true, value: { saved: true, scanThreshold: { level: 'warning', minScore: null }, testKinds: [{ pattern: '*IT' }] } });
  });

  it('records a sign-off against a test report, refuses wrong types, other imports and a finalised audit', async () => {
    const { core, handlers, audit, release } = setup();
    const report = await importReal(core, audit.id, release.id, fixture('junit-release-checks.xml'));
    const scan = await importReal(core, audit.id, release.id, fixture('sarif-threshold.sarif'));
    const sign = { importId: report.importId, signedBy: 'Priya Raman', role: 'QA lead', signedAt: '2026-03-14T21:55:00.000Z', decision: 'accepted-with-exceptions', note: 'PAY-402' };
    for (const wrong of [{ decision: 'ok' }, { signedAt: 'yesterday' }, { importId: 'report-1' }, { signedBy: '' }, { role: 42 }]) {
      expect(await dispatch(handlers, 'testing.signOff', { ...sign, ...wrong })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await dispatch(handlers, 'testing.signOff', { ...sign, importId: scan.importId })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('is not a test report (it was read as sarif)') } });
    expect(await dispatch(handlers, 'testing.signOffs', { auditId: audit.id })).toMatchObject({ ok: true, value: [] });
    expect(await dispatch(handlers, 'testing.signOff', sign)).toMatchObject({ ok: true, value: { decision: 'accepted-with-exceptions', releaseId: release.id, recordedBy: core.actor } });
    expect(await dispatch(handlers, 'testing.signOffs', { auditId: audit.id, importId: report.importId })).toMatchObject({ ok: true, value: [{ signedBy: 'Priya Raman' }] });

    const overview = await dispatch(handlers, 'testing.release', { releaseId: release.id });
    expect(overview).toMatchObject({
      ok: true,
      value: {
        reports: [{ importId: report.importId, tests: 8, failures: 2, errors: 1, skipped: 1, signOff: { decision: 'accepted-with-exceptions' } }],
        kinds: [
          { kind: 'integration', suites: 1, tests: 4, failures: 1, errors: 1, skipped: 1 },
          { kind: 'smoke', suites: 1, tests: 2, failures: 0 },
          // A suite named "pytest" says nothing of its kind; its failing case's file does (below).
          { kind: 'other', suites: 1, tests: 2, failures: 1 },
        ],
        scans: [{ tool: 'Semgrep OSS', version: '1.97.0', levels: { error: 4, warning: 1, note: 1 }, suppressed: 2, aboveThreshold: 3 }],
        suppressed: [
          { ruleId: 'generic.secrets.security.detected-generic-secret', location: 'tests/fixtures/keys.py', justification: 'Throwaway key generated for the unit tests; never deployed.' },
          { location: 'app/settings.py', startLine: 22, justification: null },
        ],
      },
    });
    const failures = (overview as { value: { failures: Array<{ name: string; kind: string }> } }).value.failures;
    expect(failures.map((f) => `${f.kind} ${f.name}`)).toEqual(['integration refundSettlesWithinOneDay', 'integration ledgerReconciles', 'unit test_rounds_half_even']);

    expect(await dispatch(handlers, 'testing.saveSettings', { auditId: audit.id, scanThreshold: { level: 'error', minScore: null, combine: 'both' }, testKinds: [] })).toMatchObject({ ok: true });
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    expect(await dispatch(handlers, 'testing.signOff', sign)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch(handlers, 'testing.saveSettings', { auditId: audit.id, scanThreshold: { level: 'error', minScore: null, combine: 'both' }, testKinds: [] })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // The database refuses it too: a frozen audit's sign-offs cannot be added behind the service's back.
    const row = ['0190a000-0000-7000-8000-00000000f001', audit.id, report.importId, 'Mallory', 'QA', '2026-03-14T21:55:00.000Z', 'accepted', '', '2026-03-14T21:55:00.000Z', 'Mallory'];
    expect(() => core.sqlite.prepare('INSERT INTO test_sign_offs (id, audit_id, import_id, signed_by, role, signed_at, decision, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...row)).toThrow();
    expect(() => core.sqlite.prepare("UPDATE test_sign_offs SET note = 'x'").run()).toThrow();
    expect(() => core.sqlite.prepare("UPDATE test_settings SET updated_by = 'x'").run()).toThrow();
  });
});
