import { Fact, type FactOf } from '../../shared/api/imports';
import { testKinds, type ReleaseTests, type TestKind } from '../../shared/api/testing';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { aboveThreshold, failureKind, suiteKind } from './kinds';
import { getTestSettings } from './settings';
import { listSignOffs } from './signoffs';

// What a release's imported test reports and scans add up to, for the Tests & scans tab and the
// report: totals per kind of test (the audit's mapping), the failing tests, each scan by tool and
// level, the suppressed results with their justification, and each report's newest sign-off.

const MAX_FAILURES = 5000;
const MAX_SUPPRESSED = 2000;
const kindsRead = ['test-totals', 'test-suite', 'test-failure', 'scan-run', 'scan-result'];

type Row = { id: string; importId: string; evidenceId: string; data: string };

export function releaseTests(core: Core, releaseId: string): ReleaseTests {
  const release = getRelease(core, releaseId);
  const settings = getTestSettings(core, release.auditId);
  const signOffs = listSignOffs(core, { auditId: release.auditId });
  const rows = core.sqlite
    .prepare(`SELECT f.id, f.import_id AS importId, i.evidence_id AS evidenceId, f.data FROM import_facts f JOIN imports i ON i.id = f.import_id
      WHERE f.release_id = ? AND f.kind IN (${kindsRead.map(() => '?').join(', ')}) ORDER BY i.imported_at, f.import_id, f.seq`)
    .all(releaseId, ...kindsRead) as Row[];
  const out: ReleaseTests = { releaseId, reports: [], kinds: [], failures: [], failuresLeftOut: 0, scans: [], suppressed: [] };
  const perKind = new Map<TestKind, ReleaseTests['kinds'][number]>();
  const aboveByImport = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const parsed = Fact.safeParse(JSON.parse(row.data));
    if (!parsed.success) continue;
    const data = parsed.data;
    if (data.kind === 'test-totals') {
      out.reports.push({ importId: row.importId, evidenceId: row.evidenceId, name: data.name, tests: data.tests, failures: data.failures, errors: data.errors, skipped: data.skipped, signOff: signOffs.find((s) => s.importId === row.importId) ?? null });
    } else if (data.kind === 'test-suite') {
      // Nested suites add up into their parents: only the outermost are counted per kind.
      if (data.name.includes(' › ')) continue;
      const kind = suiteKind(settings.testKinds, data);
      const entry = perKind.get(kind) ?? { kind, suites: 0, tests: 0, failures: 0, errors: 0, skipped: 0 };
      entry.suites += 1;
      entry.tests += data.tests;
      entry.failures += data.failures;
      entry.errors += data.errors;
      entry.skipped += data.skipped;
      perKind.set(kind, entry);
    } else if (data.kind === 'test-failure') {
      if (out.failures.length >= MAX_FAILURES) out.failuresLeftOut += 1;
      else out.failures.push({ factId: row.id, importId: row.importId, suite: data.suite, classname: data.classname, name: data.name, outcome: data.outcome, message: data.message, kind: failureKind(settings.testKinds, data), lines: data.lines });
    } else if (data.kind === 'scan-result') {
      const counts = aboveByImport.get(row.importId) ?? new Map<string, number>();
      if (!data.suppressed && aboveThreshold(settings.scanThreshold, data)) counts.set(data.tool, (counts.get(data.tool) ?? 0) + 1);
      aboveByImport.set(row.importId, counts);
      if (data.suppression && out.suppressed.length < MAX_SUPPRESSED) out.suppressed.push(suppressedRow(row.id, data));
    } else if (data.kind === 'scan-run') {
      out.scans.push({ importId: row.importId, tool: data.tool, version: data.version, levels: data.levels, suppressed: data.suppressed, aboveThreshold: 0 });
    }
  }
  for (const scan of out.scans) scan.aboveThreshold = aboveByImport.get(scan.importId)?.get(scan.tool) ?? 0;
  out.kinds = testKinds.map((k) => perKind.get(k)).filter((k): k is ReleaseTests['kinds'][number] => k !== undefined);
  return out;
}

const suppressedRow = (factId: string, data: FactOf<'scan-result'>): ReleaseTests['suppressed'][number] => ({
  factId,
  tool: data.tool,
  ruleId: data.ruleId,
  level: data.level,
  location: data.location,
  startLine: data.startLine,
  status: data.suppression?.status ?? null,
  justification: data.suppression?.justification ?? null,
  lines: data.lines,
});
