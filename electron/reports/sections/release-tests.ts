import type { VersionTable } from '../../../shared/api/release-versions';
import type { Release } from '../../../shared/api/releases';
import { scanLevels, signOffDecisionLabels, type ReleaseTests } from '../../../shared/api/testing';
import { GROUP, headed, heading, ReportClock, table, type Content } from '../layout';

// A release's tests (totals per kind, the failing tests, each report's QA sign-off), its scans (by
// tool and level, suppressed results and their justification) and the table of what each source
// says its version is, with the sources that disagree marked.

const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
const RED = '#b3261e';
const subheading = (text: string): Content => heading(text, GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });
/** The most failing tests and suppressed results a report lists per release (the rest are counted). */
const LISTED = 200;

export function releaseTestsBlock(r: Release, tests: ReleaseTests | undefined, versions: VersionTable | undefined): Content[] {
  const clock = new ReportClock(r.timeZone);
  return [
    ...headed(subheading('Tests'), testsPart(tests, clock)),
    ...headed(subheading('Scans'), scansPart(tests)),
    ...headed(subheading('Version by source'), versionsPart(versions)),
  ];
}

function testsPart(tests: ReleaseTests | undefined, clock: ReportClock): Content {
  if (!tests || tests.reports.length === 0) return { text: 'No test report was imported for this release.', style: 'muted' };
  const failing = [...tests.failures.slice(0, LISTED)];
  const more = tests.failures.length - failing.length + tests.failuresLeftOut;
  return [
    table([80, 50, 50, 55, 50, 50], ['Kind', 'Suites', 'Tests', 'Failures', 'Errors', 'Skipped'], tests.kinds.map((k) => [
      small(k.kind, { bold: true }), small(String(k.suites)), small(String(k.tests)),
      small(String(k.failures), k.failures > 0 ? { color: RED, bold: true } : {}), small(String(k.errors), k.errors > 0 ? { color: RED, bold: true } : {}), small(String(k.skipped)),
    ])),
    failing.length === 0
      ? small('Every test passed or was skipped.', { margin: [0, 3, 0, 3] })
      : table([70, '*', 55, 60], ['Kind', 'Failing test and message', 'Outcome', 'Lines'], failing.map((f) => [
        small(f.kind),
        { stack: [small(`${f.suite} › ${f.name}`, { bold: true }), small(f.message ?? '(no message)', { color: '#444444', fontSize: 8 })] },
        small(f.outcome, { color: RED }),
        small(`${f.lines[0]}–${f.lines[1]}`),
      ])),
    more > 0 ? small(`${more} more failing tests are not listed here.`, { color: '#555555' }) : '',
    { ul: tests.reports.map((report) => signOffLine(report, clock)), margin: [0, 3, 0, 0] },
  ];
}

function signOffLine(report: ReleaseTests['reports'][number], clock: ReportClock): Content {
  const name = `${report.name ?? 'Test report'} (${report.tests} tests, ${report.failures} failures, ${report.errors} errors)`;
  const s = report.signOff;
  if (!s) return small(`${name}: NOT signed off.`, { color: RED, bold: true });
  return { text: [`${name}: signed off as ${signOffDecisionLabels[s.decision]} by ${s.signedBy} (${s.role}) on `, clock.at(s.signedAt), s.note ? ` — ${s.note}` : '.'], fontSize: 9, ...(s.decision === 'rejected' ? { color: RED } : {}) };
}

function scansPart(tests: ReleaseTests | undefined): Content {
  if (!tests || tests.scans.length === 0) return { text: 'No scan results were imported for this release.', style: 'muted' };
  const suppressed = tests.suppressed.slice(0, LISTED);
  return [
    table(['*', 50, ...scanLevels.map(() => 40), 55, 55], ['Tool', 'Version', ...scanLevels, 'Suppressed', 'Above threshold'], tests.scans.map((s) => [
      small(s.tool, { bold: true }), small(s.version ?? '—'), ...scanLevels.map((l) => small(String(s.levels[l] ?? 0))), small(String(s.suppressed)),
      small(String(s.aboveThreshold), s.aboveThreshold > 0 ? { color: RED, bold: true } : {}),
    ])),
    suppressed.length === 0
      ? small('No result was suppressed.', { margin: [0, 3, 0, 0] })
      : table([70, '*', 110, '*'], ['Tool', 'Rule and location', 'Status', 'Justification'], suppressed.map((s) => [
        small(s.tool),
        small(`${s.ruleId ?? '(no rule)'} at ${s.location ?? '(no location)'}${s.startLine !== null ? `:${s.startLine}` : ''}`),
        small(s.status ?? 'accepted'),
        s.justification ? small(s.justification) : small('NO JUSTIFICATION', { color: RED, bold: true }),
      ])),
  ];
}

function versionsPart(table_: VersionTable | undefined): Content {
  if (!table_ || table_.rows.length === 0) return { text: 'No source states a version for this release.', style: 'muted' };
  const verdict = table_.disagree
    ? small(`MISMATCH: ${table_.message}`, { color: RED, bold: true, margin: [0, 2, 0, 0] })
    : small(table_.version ? `Consistent: every source that states a version says ${table_.version}.` : 'No source states a version.', { margin: [0, 2, 0, 0] });
  return [
    table([110, '*', 60, 80], ['Source', 'Says', 'Version', 'Agrees'], table_.rows.map((r) => [
      small(r.source), small(r.label), small(r.version ?? '—'),
      r.agrees === null ? small(r.note || 'not compared', { color: '#555555' }) : r.agrees ? small('yes') : small('NO', { color: RED, bold: true }),
    ])),
    verdict,
  ];
}
