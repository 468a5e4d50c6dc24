import type { FactOf } from '../../shared/api/imports';
import { ScanThreshold, TestKindRule, scanLevels, testKindPattern, type TestKind } from '../../shared/api/testing';
import { defaultScanThreshold, defaultTestKinds } from './settings-defaults';

// Which kind of test a suite or a failing test is (the audit's mapping, first line that matches),
// and whether a scan result is above the audit's threshold. Pure: the rules and the screens both use them.

const compiled = new WeakMap<readonly TestKindRule[], Array<{ rule: TestKindRule; regex: RegExp }>>();
function compile(rules: readonly TestKindRule[]) {
  let list = compiled.get(rules);
  if (!list) {
    list = rules.map((rule) => ({ rule, regex: testKindPattern(rule.syntax, rule.pattern) }));
    compiled.set(rules, list);
  }
  return list;
}

/** The kind of a test from its suite, class name and file (a suite is named after its class, so a suite's name is tried as both). */
export function testKindOf(rules: readonly TestKindRule[], names: { suite: string | null; classname: string | null; file: string | null }): TestKind {
  for (const { rule, regex } of compile(rules)) {
    const values = rule.field === 'file' ? [names.file] : rule.field === 'classname' ? [names.classname] : [names.suite];
    // The innermost part of a nested suite name ("all › com.acme.PaymentsIT") is tried as well.
    const tried = values.flatMap((v) => (v ? [v.slice(0, 2000), v.split(' › ').at(-1) as string] : []));
    if (tried.some((v) => regex.test(v))) return rule.kind;
  }
  return 'other';
}

export const suiteKind = (rules: readonly TestKindRule[], suite: FactOf<'test-suite'>): TestKind =>
  testKindOf(rules, { suite: suite.name, classname: suite.name.split(' › ').at(-1) ?? null, file: suite.properties.file ?? null });

export const failureKind = (rules: readonly TestKindRule[], failure: FactOf<'test-failure'>): TestKind => {
  const byCase = testKindOf(rules, { suite: failure.suite, classname: failure.classname, file: failure.file ?? null });
  return byCase;
};

/** The audit's mapping as the rules were given it, or the shipped one. */
export function mappingOf(audit: Record<string, unknown> | undefined): TestKindRule[] {
  const parsed = TestKindRule.array().safeParse(audit?.testKinds);
  return parsed.success ? parsed.data : defaultTestKinds;
}

export function thresholdOf(audit: Record<string, unknown> | undefined): ScanThreshold {
  const parsed = ScanThreshold.safeParse(audit?.scanThreshold);
  return parsed.success ? parsed.data : defaultScanThreshold;
}

const rank = (level: string) => scanLevels.length - scanLevels.indexOf(level as (typeof scanLevels)[number]);

/** CVSS bands: 9+ critical, 7+ high, 4+ medium, above 0 low. */
export const scoreBand = (score: number): string => (score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'none');

export function aboveThreshold(threshold: ScanThreshold, result: Pick<FactOf<'scan-result'>, 'level' | 'securitySeverity'>): boolean {
  const byLevel = rank(result.level) >= rank(threshold.level);
  if (threshold.minScore === null) return byLevel;
  const byScore = result.securitySeverity !== null && result.securitySeverity >= threshold.minScore;
  return threshold.combine === 'both' ? byLevel && byScore : byLevel || byScore;
}

export const severityLabel = (result: Pick<FactOf<'scan-result'>, 'level' | 'securitySeverity'>): string =>
  result.securitySeverity === null ? result.level : `${result.level}, security-severity ${result.securitySeverity} (${scoreBand(result.securitySeverity)})`;
