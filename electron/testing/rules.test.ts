import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import type { FactOf } from '../../shared/api/imports';
import { createAudit } from '../audits/service';
import { fixture } from '../imports/test-files';
import { createRelease } from '../releases/service';
import { listDrafts, runRules } from '../rules/drafts';
import { importReal, storeFacts } from '../rules/facts.fixture';
import type { Core } from '../services';
import { saveTestSettings } from './settings';
import { signOffTests } from './signoffs';

// The test and scan rules of the shipped pack on files imported for real: each with a file that
// triggers it and one that does not, the audit's threshold and mapping changing what is drafted,
// a sign-off taking a failing report out, and a big scan drafting one finding per rule.

const window = { windowStart: '2026-03-14T22:00:00.000Z', windowEnd: '2026-03-15T01:00:00.000Z' };
const at = (text: string) => ({ text, utc: new Date(text).toISOString(), offset: 'Z', zone: 'stated' as const });

function setup(deployed = true) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Payments 4.2.0', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.0', ...window });
  return { core, audit, release, deployed };
}

/** The deployment's pipeline run, as the Jenkins importer gives it. */
async function deploy(core: Core, auditId: string, releaseId: string) {
  const run: FactOf<'run'> = {
    kind: 'run', lines: [1, 40], tool: 'jenkins', name: 'payments-deploy #57', result: 'success',
    startedAt: at('2026-03-14T22:05:11Z'), endedAt: at('2026-03-14T22:41:03Z'), triggeredBy: 'Timer trigger', worker: 'agent-04',
  };
  return storeFacts(core, { auditId, releaseId, fileName: 'deploy.log', content: 'Started by timer\n'.repeat(40), kind: 'jenkins', facts: [run] });
}

const drafts = (core: Core, auditId: string, ruleId: string) => listDrafts(core, { auditId }).filter((d) => d.ruleId === ruleId);

describe('the test rules', () => {
  it('draft each failing integration test of a deployed release, naming suite and test, and a missing smoke test after the window', async () => {
    const { core, audit, release } = setup();
    await deploy(core, audit.id, release.id);
    const report = await importReal(core, audit.id, release.id, fixture('junit-release-checks.xml'));
    runRules(core, audit.id, release.id);
    const failing = drafts(core, audit.id, 'TEST-FAILED-DEPLOYED');
    // The Failsafe *IT suite's failure and error; the pytest unit failure is not drafted.
    expect(failing.map((d) => d.title).sort()).toEqual([
      'The release was deployed with a failing integration test: com.acme.payments.PaymentsApiIT › ledgerReconciles',
      'The release was deployed with a failing integration test: com.acme.payments.PaymentsApiIT › refundSettlesWithinOneDay',
    ]);
    const refund = failing.find((d) => d.title.includes('refund'));
    expect(refund?.condition).toContain('expected status 200 but was 500');
    expect(refund?.condition).toContain('not signed off');
    expect(refund?.proof.find((p) => p.importId === report.importId)?.lines).toEqual([12, 16]);
    // The smoke suite ran at 22:50, before the window closed at 01:00.
    const smoke = drafts(core, audit.id, 'NO-SMOKE-AFTER-DEPLOYMENT');
    expect(smoke).toHaveLength(1);
    expect(smoke[0]?.condition).toContain('smoke: payments health');
    expect(smoke[0]?.proof.map((p) => p.lines)).toContainEqual([27, 30]);
  });

  it('draft nothing when the release was not deployed, or the smoke suite ran after the window', async () => {
    const quiet = setup();
    await importReal(quiet.core, quiet.audit.id, quiet.release.id, fixture('junit-release-checks.xml'));
    runRules(quiet.core, quiet.audit.id, quiet.release.id);
    expect(drafts(quiet.core, quiet.audit.id, 'TEST-FAILED-DEPLOYED')).toEqual([]);
    expect(drafts(quiet.core, quiet.audit.id, 'NO-SMOKE-AFTER-DEPLOYMENT')).toEqual([]);

    const after = setup();
    await deploy(after.core, after.audit.id, after.release.id);
    await importReal(after.core, after.audit.id, after.release.id, fixture('junit-smoke-after.xml'));
    runRules(after.core, after.audit.id, after.release.id);
    expect(listDrafts(after.core, { auditId: after.audit.id }).map((d) => d.ruleId)).toEqual([]);
  });

  it('read the sign-off: a report accepted with exceptions drafts no failing test; a rejected one still does', async () => {
    const { core, audit, release } = setup();
    await deploy(core, audit.id, release.id);
    const report = await importReal(core, audit.id, release.id, fixture('junit-release-checks.xml'));
    signOffTests(core, { importId: report.importId, signedBy: 'Priya Raman', role: 'QA lead', signedAt: '2026-03-14T21:55:00.000Z', decision: 'accepted-with-exceptions', note: 'PAY-402: refunds retried by hand' });
    runRules(core, audit.id, release.id);
    expect(drafts(core, audit.id, 'TEST-FAILED-DEPLOYED')).toEqual([]);

    const other = setup();
    await deploy(other.core, other.audit.id, other.release.id);
    const rejected = await importReal(other.core, other.audit.id, other.release.id, fixture('junit-release-checks.xml'));
    signOffTests(other.core, { importId: rejected.importId, signedBy: 'Priya Raman', role: 'QA lead', signedAt: '2026-03-14T21:55:00.000Z', decision: 'rejected', note: '' });
    runRules(other.core, other.audit.id, other.release.id);
    const still = drafts(other.core, other.audit.id, 'TEST-FAILED-DEPLOYED');
    expect(still).toHaveLength(2);
    expect(still[0]?.condition).toContain('signed off as rejected by Priya Raman (QA lead)');
  });

  it('follow the audit mapping: mapping the pytest suite to regression drafts its failure too', async () => {
    const { core, audit, release } = setup();
    await deploy(core, audit.id, release.id);
    await importReal(core, audit.id, release.id, fixture('junit-release-checks.xml'));
    saveTestSettings(core, {
      auditId: audit.id,
      scanThreshold: { level: 'error', minScore: null, combine: 'either' },
      testKinds: [{ field: 'file', syntax: 'glob', pattern: 'tests/test_*.py', kind: 'regression' }],
    });
    runRules(core, audit.id, release.id);
    // Only the pytest case is mapped now; the *IT suite is "other" under this audit's own mapping.
    expect(drafts(core, audit.id, 'TEST-FAILED-DEPLOYED').map((d) => d.title)).toEqual(['The release was deployed with a failing regression test: pytest › tests.test_money › test_rounds_half_even']);
  });
});

describe('the scan rules', () => {
  it('draft one finding per rule above the threshold, listing every location, and flag a suppression without justification', async () => {
    const { core, audit, release } = setup();
    const scan = await importReal(core, audit.id, release.id, fixture('sarif-threshold.sarif'));
    runRules(core, audit.id, release.id);
    const above = drafts(core, audit.id, 'SCAN-ABOVE-THRESHOLD');
    expect(above.map((d) => d.title).sort()).toEqual([
      "Semgrep OSS rule python.flask.security.xss.direct-use-of-jinja2 reported 1 result(s) above the audit's threshold",
      "Semgrep OSS rule python.lang.security.audit.eval-detected reported 2 result(s) above the audit's threshold",
    ]);
    const evalDraft = above.find((d) => d.title.includes('eval'));
    expect(evalDraft?.condition).toContain('At: app/rates.py:41, app/admin/tools.py:7.');
    expect(evalDraft?.proof.map((p) => p.lines)).toEqual([[19, 23], [24, 28]]);
    expect(above.find((d) => d.title.includes('xss'))?.condition).toContain('warning, security-severity 8.1 (high)');
    const unjustified = drafts(core, audit.id, 'SCAN-SUPPRESSED-UNJUSTIFIED');
    expect(unjustified).toHaveLength(1);
    expect(unjustified[0]?.condition).toContain('app/settings.py:22');
    expect(unjustified[0]?.proof).toEqual([expect.objectContaining({ importId: scan.importId, lines: [45, 50] })]);
  });

  it('use the audit threshold: errors only, with no score, leaves the scored warning out', async () => {
    const { core, audit, release } = setup();
    saveTestSettings(core, { auditId: audit.id, scanThreshold: { level: 'error', minScore: null, combine: 'either' }, testKinds: [] });
    await importReal(core, audit.id, release.id, fixture('sarif-threshold.sarif'));
    runRules(core, audit.id, release.id);
    expect(drafts(core, audit.id, 'SCAN-ABOVE-THRESHOLD').map((d) => d.title)).toEqual([
      "Semgrep OSS rule python.lang.security.audit.eval-detected reported 2 result(s) above the audit's threshold",
    ]);
  });

  it('draft a scan of 3,000 errors as one finding per rule, each citing the exact lines', async () => {
    const { core, audit, release } = setup();
    const results = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'scan-result' as const, lines: [10 + i, 10 + i] as [number, number], tool: 'CodeQL', ruleId: `js/rule-${i % 3}`, level: 'error' as const, securitySeverity: null,
      message: 'Unsafe call.', location: `src/file-${i}.js`, startLine: i + 1, fingerprint: null, suppressed: false, suppression: null,
    }));
    await storeFacts(core, { auditId: audit.id, releaseId: release.id, fileName: 'big.sarif', content: '{}\n'.repeat(3100), kind: 'sarif', facts: results });
    runRules(core, audit.id, release.id);
    const above = drafts(core, audit.id, 'SCAN-ABOVE-THRESHOLD');
    expect(above).toHaveLength(3);
    const first = above.find((d) => d.title.includes('js/rule-0'));
    expect(first?.title).toContain('reported 1000 result(s)');
    expect(first?.condition).toContain('src/file-0.js:1, src/file-3.js:4');
    expect(first?.condition).toContain('and 950 more');
    expect(first?.proof).toHaveLength(200);
    expect(first?.proof[1]?.lines).toEqual([13, 13]);
  });
});
