import type { Fact } from '../../shared/api/imports';
import type { ComponentVulnerability, VulnerabilityPage } from '../../shared/api/vulnerabilities';
import { listFacts } from '../imports/store';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { severityOrder, vulnerabilityStates, type FactRecord, type VulnerabilityState } from './state';

// A release's vulnerabilities as the screen and the report read them: every (component,
// vulnerability) from the release's facts, with counts over the whole release and one page of rows.

const kinds: Array<Fact['kind']> = ['vulnerability', 'vex-statement', 'sbom-component'];

export function releaseFacts(core: Core, releaseId: string): FactRecord[] {
  const out: FactRecord[] = [];
  for (const kind of kinds) {
    for (let offset = 0; ; offset += 1000) {
      const page = listFacts(core, { releaseId, kind, offset, limit: 1000 });
      for (const item of page.items) out.push({ id: item.id, importId: item.importId, evidenceId: '', releaseId: item.releaseId, data: item.fact });
      if (offset + 1000 >= page.total) break;
    }
  }
  return out;
}

export function releaseVulnerabilities(core: Core, releaseId: string): VulnerabilityState[] {
  getRelease(core, releaseId);
  return vulnerabilityStates(releaseFacts(core, releaseId));
}

const stateOf = (s: VulnerabilityState) => (s.decided ? (s.vexState as string) : s.vexState ?? 'undecided');
const stateRank = (s: VulnerabilityState) => (s.decided ? 1 : 0);

export function listVulnerabilities(
  core: Core,
  input: { releaseId: string; severities?: string[]; states?: string[]; sort: 'severity' | 'state' | 'component'; offset: number; limit: number },
): VulnerabilityPage {
  const all = releaseVulnerabilities(core, input.releaseId);
  const bySeverity: Record<string, number> = {};
  const byState: Record<string, number> = {};
  for (const s of all) {
    bySeverity[s.severity] = (bySeverity[s.severity] ?? 0) + 1;
    byState[stateOf(s)] = (byState[stateOf(s)] ?? 0) + 1;
  }
  const severities = input.severities ? new Set(input.severities) : null;
  const states = input.states ? new Set(input.states) : null;
  const kept = all.filter((s) => (!severities || severities.has(s.severity)) && (!states || states.has(stateOf(s)) || (!s.decided && states.has('undecided'))));
  const bySev = (a: VulnerabilityState, b: VulnerabilityState) => (severityOrder[b.severity] as number) - (severityOrder[a.severity] as number);
  const name = (s: VulnerabilityState) => `${s.component.name ?? s.component.purl ?? ''}@${s.component.version ?? ''}`;
  if (input.sort === 'state') kept.sort((a, b) => stateRank(a) - stateRank(b) || stateOf(a).localeCompare(stateOf(b)) || bySev(a, b));
  else if (input.sort === 'component') kept.sort((a, b) => name(a).localeCompare(name(b)) || bySev(a, b));
  const items = kept.slice(input.offset, input.offset + input.limit).map(({ facts: _facts, vex: _vex, ...row }) => row);
  return { total: kept.length, offset: input.offset, items, bySeverity, byState };
}

/** The rows alone (no facts), for the report. */
export function releaseVulnerabilityRows(core: Core, releaseId: string): ComponentVulnerability[] {
  return releaseVulnerabilities(core, releaseId).map(({ facts: _facts, vex: _vex, ...row }) => row);
}
