import type { FactRecord, VulnerabilityState } from './state';
import { vulnerabilityStates } from './state';

// What the rules know about a vulnerability fact (derived.*): its component, the worst severity any
// source gives, the VEX state in force, whether that is a decision, whether a fix exists. A fact
// that speaks of several components is judged on the worst of them; the same vulnerability of the
// same component from several sources is judged once, on its first fact (derived.primary).

const cache = new WeakMap<readonly FactRecord[], Map<string, VulnerabilityState[]>>();

function statesByFact(facts: readonly FactRecord[]): Map<string, VulnerabilityState[]> {
  let byFact = cache.get(facts);
  if (!byFact) {
    byFact = new Map();
    for (const state of vulnerabilityStates(facts)) {
      const first = state.facts[0];
      if (!first) continue;
      const list = byFact.get(first.id) ?? [];
      list.push(state);
      byFact.set(first.id, list);
    }
    cache.set(facts, byFact);
  }
  return byFact;
}

const needsDecision = (s: VulnerabilityState) => !s.decided && (s.severity === 'critical' || s.severity === 'high');

export function deriveVulnerability(fact: FactRecord, facts: FactRecord[]): Record<string, unknown> {
  const states = statesByFact(facts).get(fact.id) ?? [];
  // Worst first already; one needing a decision comes before one that does not.
  const chosen = states.find(needsDecision) ?? states.find((s) => !s.fixAvailable && (s.vexState === 'exploitable' || s.vexState === 'affected')) ?? states[0];
  if (!chosen) return { primary: false };
  return {
    primary: true,
    component: chosen.component,
    components: states.map((s) => s.component),
    severity: chosen.severity,
    score: chosen.score,
    vexState: chosen.vexState,
    decided: chosen.decided,
    justification: chosen.justification,
    response: chosen.response,
    fixAvailable: chosen.fixAvailable,
    fixedIn: chosen.fixedIn,
    sources: chosen.sources,
    aliases: chosen.aliases,
    vexFact: chosen.vex?.data ?? null,
  };
}
