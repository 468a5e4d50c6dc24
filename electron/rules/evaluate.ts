import type { Fact, FactOf } from '../../shared/api/imports';
import type { PackContent, ProofLine, Rule } from '../../shared/api/rules';
import type { Severity } from '../../shared/enums';
import { derivers, releaseDerivedOf } from './derivers';
import { allMatches, fill, holds, instant, resolve, type Scope } from './language';
import type { EvalContext, ReleaseRecord, StoredFact } from './types';

// Running a pack is a pure function of the pack, the facts and what the release's own records say:
// each rule looks at its subjects one by one (a fact, a ticket a commit names, or the release), and
// each subject its condition holds for is a match, with the facts that prove it.

export type { EvalContext, ReleaseRecord, StoredFact } from './types';

export interface Match {
  ruleId: string;
  subjectKey: string;
  severity: Severity;
  title: string;
  criteria: string;
  condition: string;
  controlId: string;
  effect: string;
  recommendation: string;
  proof: ProofLine[];
}

// The facts of each kind, indexed once per list: a rule pass over a 1M-line log's facts reads each fact once, not once per lookup.
const byKind = new WeakMap<StoredFact[], Map<string, StoredFact[]>>();
function of<K extends Fact['kind']>(facts: StoredFact[], kind: K): Array<StoredFact & { data: FactOf<K> }> {
  let index = byKind.get(facts);
  if (!index) {
    index = new Map();
    for (const fact of facts) {
      const list = index.get(fact.data.kind);
      if (list) list.push(fact);
      else index.set(fact.data.kind, [fact]);
    }
    byKind.set(facts, index);
  }
  return (index.get(kind) ?? []) as Array<StoredFact & { data: FactOf<K> }>;
}
const fold = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');
const utc = (time: { utc: string | null } | null | undefined): string | null => time?.utc ?? null;
const latest = <T>(items: T[], at: (item: T) => number | null): T | undefined =>
  items.reduce<T | undefined>((best, item) => ((at(item) ?? -Infinity) > (best === undefined ? -Infinity : (at(best) ?? -Infinity)) ? item : best), undefined);

/** The release as the rules see it: its window, emergency and approvals, from its records and its facts together. */
function releaseView(context: EvalContext, facts: StoredFact[], changes: StoredFact[]): Scope {
  const release = context.release;
  const refs = new Set((release?.tickets ?? []).map((t) => fold(t.reference)));
  const ownChanges = of(facts, 'change');
  const changeFact = ownChanges.find((c) => refs.has(fold(c.data.number))) ?? ownChanges[0] ?? of(changes, 'change').find((c) => refs.has(fold(c.data.number)));
  const numbers = new Set([...refs, ...of(facts, 'change').map((c) => fold(c.data.number))]);
  const own = new Set(facts.map((f) => f.id));
  const approvalFacts = of([...facts, ...changes.filter((c) => !own.has(c.id))], 'approval').filter((a) => numbers.has(fold(a.data.ticket)) && fold(a.data.state) === 'approved');
  const approvals: Array<{ at: string; fact: Fact | null; by: string }> = [
    ...approvalFacts.filter((a) => utc(a.data.at)).map((a) => ({ at: utc(a.data.at) as string, fact: a.data as Fact, by: a.data.approver ?? '' })),
    ...(release?.tickets ?? []).filter((t) => t.approvalStatus === 'approved' && t.approvedAt).map((t) => ({ at: t.approvedAt as string, fact: null, by: t.approvedBy })),
  ];
  const lastApproval = latest(approvals, (a) => instant(a.at));
  const runs = of(facts, 'run').filter((r) => instant(r.data.startedAt) !== null).sort((a, b) => (instant(a.data.startedAt) as number) - (instant(b.data.startedAt) as number));
  const firstRun = runs[0];
  const ends = of(facts, 'run').map((r) => instant(r.data.endedAt)).filter((t): t is number => t !== null);
  const emergency = Boolean(release?.emergency) || fold(changeFact?.data.type) === 'emergency';
  const justification = release?.emergencyJustification.trim() ?? '';
  const succeeded = of(facts, 'run').find((r) => fold(r.data.result) === 'success');
  const runbookDone = Boolean(release && release.runbook.steps > 0 && release.runbook.finished >= release.runbook.steps);
  const markedDoneBy = runbookDone
    ? `every runbook step (${release?.runbook.steps}) was marked finished in the war room`
    : succeeded
      ? `the pipeline run ${succeeded.data.name ?? succeeded.data.tool} finished as success`
      : null;
  const rollouts = of(facts, 'rollout');
  return {
    id: release?.id ?? null,
    identifier: release?.identifier ?? null,
    windowStart: release?.windowStart ?? utc(changeFact?.data.plannedStart) ?? null,
    windowEnd: release?.windowEnd ?? utc(changeFact?.data.plannedEnd) ?? null,
    windowSource: release?.windowStart || release?.windowEnd ? 'the release record' : changeFact ? `change ${changeFact.data.number}` : null,
    emergency,
    justification: justification || (changeFact?.data.justification ? `stated on change ${changeFact.data.number}` : ''),
    justified: justification !== '' || changeFact?.data.justification === true,
    changeFact: changeFact?.data ?? null,
    changeNumber: changeFact?.data.number ?? [...(release?.tickets ?? [])].map((t) => t.reference)[0] ?? null,
    approved: approvals.length > 0,
    approvedAt: lastApproval?.at ?? null,
    approvedBy: lastApproval?.by ?? null,
    approvalFact: lastApproval?.fact ?? null,
    postFactoApprovedAt: release?.postFactoApprovedAt ?? null,
    emergencyApprovedAt: release?.postFactoApprovedAt ?? lastApproval?.at ?? null,
    firstRun: firstRun?.data ?? null,
    deploymentStart: utc(firstRun?.data.startedAt) ?? null,
    deploymentEnd: ends.length > 0 ? new Date(Math.max(...ends)).toISOString() : null,
    markedDone: markedDoneBy !== null,
    markedDoneBy,
    haltContinued: (release?.haltChecks ?? []).some((h) => h.breached && h.decision === 'continue'),
    rolloutAborted: rollouts.some((r) => r.data.aborted || ['aborted', 'degraded'].includes(fold(r.data.phase))),
    rolloutProgressed: rollouts.some((r) => !r.data.aborted && ['healthy', 'progressing', 'paused'].includes(fold(r.data.phase))),
  };
}

const userOf = (triggeredBy: string | null): string | null => /(?:^|;\s*)(?:started by )?user ([^;]+)/i.exec(triggeredBy ?? '')?.[1]?.trim() ?? null;

/** What a rule can know about one fact beyond what it says: worked out from the other facts and the release. */
function derivedFor(fact: StoredFact, facts: StoredFact[], release: Scope, context: EvalContext, params: PackContent['parameters']): Scope {
  const data = fact.data;
  switch (data.kind) {
    case 'run': {
      const start = instant(data.startedAt);
      const others = of(facts, 'run').filter((r) => r.id !== fact.id);
      const earlier = others.filter((r) => start !== null && (instant(r.data.startedAt) ?? Infinity) < start);
      const lastEnd = Math.max(...others.map((r) => instant(r.data.endedAt) ?? -Infinity));
      const windowStart = instant(release.windowStart);
      const windowEnd = instant(release.windowEnd);
      const inWindow = start !== null && windowStart !== null && windowEnd !== null && start >= windowStart && start <= windowEnd;
      const user = userOf(data.triggeredBy);
      return {
        label: data.name ? `${data.tool} run ${data.name}` : `${data.tool} run`,
        user,
        manual: user !== null || /\bmanual/i.test(data.triggeredBy ?? ''),
        rerun: /Replayed #|Rebuilds build #|\bre-?run|\bretry/i.test(data.triggeredBy ?? '') || earlier.some((r) => r.data.name !== null && r.data.name === data.name && r.data.tool === data.tool),
        midDeployment: (earlier.length > 0 && start !== null && start <= lastEnd) || inWindow,
      };
    }
    case 'host-status':
    case 'task-result': {
      const node = context.release?.nodes.find((n) => fold(n.node) === fold(data.host));
      return { hostMarkedDone: fold(node?.status) === 'succeeded', nodeStatus: node?.status ?? null };
    }
    case 'analysis-metric': {
      const breached = ['failed', 'error'].includes(fold(data.phase)) || (data.failureLimit !== null && data.failed > data.failureLimit);
      const rollout = of(facts, 'rollout').find((r) => r.data.analysisRun === data.run);
      const aborted = rollout ? rollout.data.aborted || ['aborted', 'degraded'].includes(fold(rollout.data.phase)) : release.rolloutAborted === true;
      const progressed = rollout ? !aborted && ['healthy', 'progressing', 'paused'].includes(fold(rollout.data.phase)) : release.rolloutProgressed === true;
      return {
        breached,
        lastValue: data.measurements.at(-1)?.value ?? null,
        rollout: rollout?.data ?? null,
        rolloutContinued: !aborted && (progressed || release.haltContinued === true || release.markedDone === true),
      };
    }
    case 'commit':
      return { tickets: [...new Set([...data.tickets, ...allMatches(`${data.subject}`, params.ticketPatterns)])] };
    default:
      return derivers[data.kind]?.(fact, facts, release, context, params) ?? {};
  }
}

/** A ticket a commit names, as the change records and the release's tickets say it stands. */
function ticketView(id: string, changes: StoredFact[], release: ReleaseRecord | null): { view: Scope; fact: StoredFact | undefined } {
  const fact = of(changes, 'change').find((c) => fold(c.data.number) === fold(id));
  const moves = of(changes, 'transition').filter((t) => fold(t.data.ticket) === fold(id) && fold(t.data.field) === 'status');
  const lastMove = latest(moves, (t) => instant(t.data.at));
  const row = release?.tickets.find((t) => fold(t.reference) === fold(id));
  const state = lastMove?.data.to ?? fact?.data.state ?? null;
  return { view: { id, known: Boolean(fact || row), state, approvalStatus: row?.approvalStatus ?? null, fact: fact?.data ?? null }, fact };
}

interface Subject {
  key: string;
  scope: Scope;
  proof: StoredFact[];
}

function subjectsOf(rule: Rule, facts: StoredFact[], changes: StoredFact[], release: Scope, context: EvalContext, params: PackContent['parameters']): Subject[] {
  const base = { release, params, audit: context.audit ?? {} };
  if (rule.for === 'release') return context.release ? [{ key: `release:${context.release.id}`, scope: { ...base, derived: releaseDerivedOf(facts, release, context) }, proof: [] }] : [];
  if (rule.for === 'commit-ticket') {
    return of(facts, 'commit').flatMap((commit) => {
      const derived = derivedFor(commit, facts, release, context, params);
      return (derived.tickets as string[]).map((id) => {
        const ticket = ticketView(id, changes, context.release);
        return { key: `${commit.id}#${id}`, scope: { ...base, fact: commit.data, derived, ticket: ticket.view }, proof: ticket.fact ? [commit, ticket.fact] : [commit] };
      });
    });
  }
  return of(facts, rule.for)
    .map((fact) => ({ key: fact.id, scope: { ...base, fact: fact.data, derived: derivedFor(fact, facts, release, context, params) }, proof: [fact] }));
}

function proofLine(fact: StoredFact): ProofLine {
  return { factId: fact.id, importId: fact.importId, evidenceId: fact.evidenceId, kind: fact.data.kind, lines: fact.data.lines };
}

/** Every match of every rule of the pack on these facts (one release's, or those without a release). */
export function evaluatePack(pack: PackContent, facts: StoredFact[], context: EvalContext): Match[] {
  const elsewhere = context.changeFacts ?? [];
  const seen = new Set(elsewhere.map((f) => f.id));
  const changes = [...elsewhere, ...facts.filter((f) => !seen.has(f.id))].filter((f) => f.data.kind === 'change' || f.data.kind === 'transition' || f.data.kind === 'approval');
  const byData = new Map<unknown, StoredFact>([...changes, ...facts].map((f) => [f.data, f]));
  const release = releaseView(context, facts, changes);
  const matches: Match[] = [];
  for (const rule of pack.rules) {
    for (const subject of subjectsOf(rule, facts, changes, release, context, pack.parameters)) {
      if (!holds(rule.when, subject.scope)) continue;
      const cited = rule.cite.flatMap((path) => [resolve(subject.scope, path)].flat()).map((value) => byData.get(value)).filter((f): f is StoredFact => f !== undefined);
      const proof = [...new Map([...subject.proof, ...cited].map((f) => [f.id, f])).values()];
      matches.push({
        ruleId: rule.id,
        subjectKey: subject.key,
        severity: rule.severity,
        title: fill(rule.title, subject.scope).slice(0, 300),
        criteria: fill(rule.criteria, subject.scope).slice(0, 10_000),
        condition: fill(rule.condition, subject.scope).slice(0, 10_000),
        controlId: rule.control,
        effect: fill(rule.effect, subject.scope).slice(0, 10_000),
        recommendation: fill(rule.recommendation, subject.scope).slice(0, 10_000),
        proof: proof.map(proofLine),
      });
    }
  }
  return matches;
}
