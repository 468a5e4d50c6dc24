import type { Fact, FactOf } from '../../shared/api/imports';
import { aboveThreshold, failureKind, mappingOf, severityLabel, suiteKind, thresholdOf } from './kinds';

// What the rules know of test and scan facts beyond what they say (derived.*): the kind of a test
// from the audit's mapping, whether the release was deployed and the report signed off, and whether
// a scan result is above the audit's threshold. A scan of thousands of results drafts one finding
// per tool and rule id, not one per result: the first result of each group carries the group, with
// every location (file:line) listed and every result's lines cited as proof.

type Scope = Record<string, unknown>;
interface Stored { id: string; importId: string; data: Fact }
interface Context { audit?: Scope }

/** The most results one draft cites (the condition still counts them all). */
const MAX_CITED = 200;
const MAX_LISTED = 50;

const fold = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');
const time = (value: unknown): number | null => {
  const text = value && typeof value === 'object' && 'utc' in value ? (value as { utc: unknown }).utc : value;
  if (typeof text !== 'string') return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

function signOffOf(context: Context, importId: string): Scope | null {
  const all = context.audit?.testSignOffs;
  const found = all && typeof all === 'object' && Object.hasOwn(all, importId) ? (all as Record<string, Scope>)[importId] : undefined;
  return found ?? null;
}

function signedView(context: Context, importId: string): Scope {
  const signOff = signOffOf(context, importId);
  const decision = fold(signOff?.decision);
  return {
    signOff,
    signedOff: decision === 'accepted' || decision === 'accepted-with-exceptions',
    signOffText: signOff ? `signed off as ${String(signOff.decision).replace(/-/g, ' ')} by ${String(signOff.signedBy)} (${String(signOff.role)}) at ${String(signOff.signedAt)}` : 'not signed off',
  };
}

const deployed = (release: Scope): boolean => release.deploymentStart != null || release.markedDone === true;

export function deriveTestFailure(fact: Stored, _facts: Stored[], release: Scope, context: Context): Scope {
  const data = fact.data as FactOf<'test-failure'>;
  return {
    testKind: failureKind(mappingOf(context.audit), data),
    label: `${data.suite}${data.classname && !data.suite.endsWith(data.classname) ? ` › ${data.classname}` : ''} › ${data.name}`,
    deployed: deployed(release),
    ...signedView(context, fact.importId),
  };
}

/** When the deployment was over: the release's window end, else the end of its last pipeline run. */
const windowEndOf = (release: Scope): unknown => release.windowEnd ?? release.deploymentEnd ?? null;

export function deriveTestSuite(fact: Stored, _facts: Stored[], release: Scope, context: Context): Scope {
  const data = fact.data as FactOf<'test-suite'>;
  const started = time(data.startedAt);
  const end = time(windowEndOf(release));
  return {
    testKind: suiteKind(mappingOf(context.audit), data),
    afterWindow: started !== null && end !== null && started > end,
    deployed: deployed(release),
    ...signedView(context, fact.importId),
  };
}

export function deriveTestTotals(fact: Stored, facts: Stored[], release: Scope, context: Context): Scope {
  const rules = mappingOf(context.audit);
  const kinds = [...new Set(facts.filter((f) => f.importId === fact.importId && f.data.kind === 'test-suite').map((f) => suiteKind(rules, f.data as FactOf<'test-suite'>)))];
  return { testKind: kinds.length === 1 ? kinds[0] : 'other', kinds, deployed: deployed(release), ...signedView(context, fact.importId) };
}

interface ScanGroups {
  lead: Map<string, string>;
  members: Map<string, Stored[]>;
}
const groupCache = new WeakMap<Stored[], { threshold: string; groups: ScanGroups }>();

const located = (data: FactOf<'scan-result'>) => `${data.location ?? '(no location)'}${data.startLine !== null ? `:${data.startLine}` : ''}`;
const problemOf = (data: FactOf<'scan-result'>, above: boolean): 'above' | 'unjustified' | null =>
  data.suppressed ? (data.suppression?.justification?.trim() ? null : 'unjustified') : above ? 'above' : null;

/** The results above the threshold (not suppressed), and those suppressed with no justification, grouped by tool and rule id. */
function scanGroups(facts: Stored[], context: Context): ScanGroups {
  const threshold = thresholdOf(context.audit);
  const key = JSON.stringify(threshold);
  const cached = groupCache.get(facts);
  if (cached?.threshold === key) return cached.groups;
  const groups: ScanGroups = { lead: new Map(), members: new Map() };
  for (const fact of facts) {
    if (fact.data.kind !== 'scan-result') continue;
    const problem = problemOf(fact.data, aboveThreshold(threshold, fact.data));
    if (!problem) continue;
    const group = `${problem}\u0000${fact.importId}\u0000${fact.data.tool}\u0000${fact.data.ruleId ?? ''}`;
    const list = groups.members.get(group);
    if (list) list.push(fact);
    else {
      groups.members.set(group, [fact]);
      groups.lead.set(fact.id, group);
    }
  }
  groupCache.set(facts, { threshold: key, groups });
  return groups;
}

export function deriveScanResult(fact: Stored, facts: Stored[], _release: Scope, context: Context): Scope {
  const data = fact.data as FactOf<'scan-result'>;
  const above = aboveThreshold(thresholdOf(context.audit), data);
  const groups = scanGroups(facts, context);
  const group = groups.lead.get(fact.id);
  const members = group ? (groups.members.get(group) ?? []) : [];
  const listed = members.slice(0, MAX_LISTED).map((m) => located(m.data as FactOf<'scan-result'>));
  return {
    aboveThreshold: above,
    severityLabel: severityLabel(data),
    rule: data.ruleId ?? '(no rule id)',
    location: located(data),
    problem: problemOf(data, above),
    /** The first result of its group: the one a draft is made for. */
    leadsGroup: group !== undefined,
    groupSize: members.length,
    locations: members.length > MAX_LISTED ? [...listed, `and ${members.length - MAX_LISTED} more`] : listed,
    groupFacts: members.slice(0, MAX_CITED).map((m) => m.data),
  };
}

/** For a rule `for: release`: whether a smoke test ran after the deployment window (derived.smoke*). */
export function deriveReleaseSmoke(facts: Stored[], release: Scope, context: Context): Scope {
  const rules = mappingOf(context.audit);
  const smoke = facts.filter((f) => f.data.kind === 'test-suite' && suiteKind(rules, f.data) === 'smoke');
  const end = time(windowEndOf(release));
  const startOf = (f: Stored) => time((f.data as FactOf<'test-suite'>).startedAt);
  const after = smoke.filter((f) => end !== null && (startOf(f) ?? -Infinity) > end);
  const last = smoke.reduce<Stored | null>((best, f) => (best === null || (startOf(f) ?? -Infinity) > (startOf(best) ?? -Infinity) ? f : best), null);
  return {
    deployed: deployed(release),
    testReports: facts.filter((f) => f.data.kind === 'test-totals').length,
    smokeWindowEnd: windowEndOf(release),
    smokeSuites: smoke.length,
    smokeAfterWindow: after.length > 0,
    lastSmoke: last?.data ?? null,
    lastSmokeText: last ? `the last smoke suite, ${(last.data as FactOf<'test-suite'>).name}, started at ${(last.data as FactOf<'test-suite'>).startedAt?.utc ?? 'an unknown time'}` : 'no smoke suite was imported',
  };
}

/** The fact kinds deriveReleaseSmoke reads. */
export const releaseSmokeKinds = ['test-suite', 'test-totals'] as const;
