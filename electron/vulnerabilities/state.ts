import type { Fact, FactOf } from '../../shared/api/imports';
import type { ComponentVulnerability } from '../../shared/api/vulnerabilities';

// Where a release stands on each (component, vulnerability): the vulnerability facts of every
// source (the SBOM's own list, VEX documents, the OSV match) joined by id and aliases, and the VEX
// statements that name the vulnerability (or an alias) and the component (by purl or ref). A pure
// function of the facts, so the rules and the release's list say the same.

/** A fact as stored (the rules' StoredFact has this shape). */
export interface FactRecord {
  id: string;
  importId: string;
  evidenceId: string;
  releaseId: string | null;
  data: Fact;
}

type Vuln = FactRecord & { data: FactOf<'vulnerability'> };
type Vex = FactRecord & { data: FactOf<'vex-statement'> };
type Affects = FactOf<'vulnerability'>['affects'][number];

export interface VulnerabilityState extends ComponentVulnerability {
  facts: Vuln[];
  /** The VEX statement in force, as its fact says it (the rules cite it). */
  vex: Vex | null;
}

const severityRank: Record<string, number> = { unknown: 0, none: 1, low: 2, medium: 3, high: 4, critical: 5 };
const sourceRank: Record<string, number> = { sbom: 0, vex: 1, osv: 2 };
const undecidedStates = new Set(['in_triage', 'under_investigation']);
const fixResponses = new Set(['update', 'rollback', 'workaround_available']);

const fold = (s: string) => s.trim().toLowerCase();
/** A purl as compared: no qualifiers or subpath, lower case, the @ of a scope decoded. */
export const purlKey = (purl: string): string => fold(purl).replace(/[?#].*$/, '').replace(/%40/g, '@');
const withoutVersion = (key: string) => key.replace(/@[^@/]*$/, '');

class Names {
  private readonly parent = new Map<string, string>();
  find(name: string): string {
    const key = fold(name);
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    if (!this.parent.has(key)) this.parent.set(key, key);
    this.parent.set(key, root);
    return root;
  }
  join(names: string[]): void {
    const roots = names.map((n) => this.find(n));
    const first = roots[0];
    if (first === undefined) return;
    for (const r of roots) this.parent.set(r, first);
  }
}

const at = (fact: Vex) => (fact.data.at?.utc ? Date.parse(fact.data.at.utc) : -Infinity);

function componentOf(affects: Affects, refs: Map<string, FactOf<'sbom-component'>>): ComponentVulnerability['component'] {
  const known = affects.ref !== null ? refs.get(affects.ref) : undefined;
  return {
    ref: affects.ref,
    purl: affects.purl ?? known?.purl ?? null,
    name: affects.name ?? known?.name ?? null,
    version: affects.version ?? known?.version ?? null,
  };
}

const componentKey = (c: ComponentVulnerability['component']) => (c.purl ? `purl:${purlKey(c.purl)}` : c.ref ? `ref:${c.ref}` : `name:${fold(c.name ?? '')}@${c.version ?? ''}`);

function speaksOf(statement: Vex, component: ComponentVulnerability['component']): boolean {
  if (statement.data.products.length === 0) return true;
  return statement.data.products.some((product) => {
    if (component.ref !== null && product === component.ref) return true;
    if (!component.purl || !fold(product).startsWith('pkg:')) return false;
    const p = purlKey(product);
    const c = purlKey(component.purl);
    // A product named without a version speaks of every version of the package.
    return p === c || (withoutVersion(p) === p && withoutVersion(c) === p);
  });
}

/** One row per (component, vulnerability) of these facts, worst first. */
export function vulnerabilityStates(facts: readonly FactRecord[]): VulnerabilityState[] {
  const vulns = facts.filter((f): f is Vuln => f.data.kind === 'vulnerability');
  const statements = facts.filter((f): f is Vex => f.data.kind === 'vex-statement');
  const refs = new Map<string, FactOf<'sbom-component'>>();
  for (const f of facts) if (f.data.kind === 'sbom-component' && f.data.ref !== null && !refs.has(f.data.ref)) refs.set(f.data.ref, f.data);
  const names = new Names();
  for (const v of vulns) names.join([v.data.id, ...v.data.aliases]);
  for (const s of statements) names.join([s.data.vulnerability, ...s.data.aliases]);
  const groups = new Map<string, { component: ComponentVulnerability['component']; facts: Vuln[] }>();
  for (const v of vulns) {
    const root = names.find(v.data.id);
    const list = v.data.affects.length > 0 ? v.data.affects : [{ ref: null, purl: null, name: null, version: null }];
    for (const affects of list) {
      const component = componentOf(affects, refs);
      const key = `${root}|${componentKey(component)}`;
      const group = groups.get(key) ?? { component, facts: [] };
      if (!group.facts.includes(v)) group.facts.push(v);
      groups.set(key, group);
    }
  }
  const rows: VulnerabilityState[] = [];
  for (const [key, group] of groups) {
    const root = key.slice(0, key.indexOf('|'));
    const ordered = [...group.facts].sort((a, b) => (sourceRank[a.data.source] as number) - (sourceRank[b.data.source] as number));
    const all = new Set<string>();
    for (const f of ordered) for (const n of [f.data.id, ...f.data.aliases]) all.add(n);
    const worst = ordered.reduce((best, f) => ((severityRank[f.data.severity] as number) > (severityRank[best.data.severity] as number) ? f : best), ordered[0] as Vuln);
    const scored = ordered.filter((f) => f.data.score !== null).sort((a, b) => (b.data.score as number) - (a.data.score as number))[0];
    const vex = statements
      .filter((s) => names.find(s.data.vulnerability) === root && speaksOf(s, group.component))
      .reduce<Vex | null>((latest, s) => (latest === null || at(s) >= at(latest) ? s : latest), null);
    const fixedIn = [...new Set(ordered.flatMap((f) => f.data.fixedIn))];
    const response = vex?.data.response ?? [];
    const primary = ordered.find((f) => f.data.id.toUpperCase().startsWith('CVE-')) ?? ordered[0] as Vuln;
    rows.push({
      key,
      vulnerability: primary.data.id,
      aliases: [...all].filter((n) => n !== primary.data.id),
      sources: [...new Set(ordered.map((f) => f.data.source))],
      severity: worst.data.severity,
      score: scored?.data.score ?? null,
      vector: scored?.data.vector ?? null,
      component: group.component,
      vexState: vex?.data.state ?? null,
      justification: vex?.data.justification ?? null,
      response,
      decided: vex !== null && !undecidedStates.has(vex.data.state),
      fixAvailable: fixedIn.length > 0 || response.some((r) => fixResponses.has(fold(r))),
      fixedIn,
      summary: ordered.find((f) => f.data.summary)?.data.summary ?? null,
      factIds: [...ordered.map((f) => f.id), ...(vex ? [vex.id] : [])],
      facts: ordered,
      vex,
    });
  }
  return rows.sort((a, b) => (severityRank[b.severity] as number) - (severityRank[a.severity] as number) || (b.score ?? -1) - (a.score ?? -1) || (a.key < b.key ? -1 : 1));
}

export const severityOrder = severityRank;
