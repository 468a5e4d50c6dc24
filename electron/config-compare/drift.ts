import { diffTrees, type RawDifference } from './diff';
import { isDefaulted, isServerManaged, withoutServerManaged } from './managed-fields';
import { impactOf, lastKey, shownValue, type Impact } from './policy';
import { readConfig } from './read-config';
import { resourceLabel, resourcesOf, type Resource } from './resources';

// Drift: the desired state (manifests, Helm-rendered YAML, a Terraform plan) against the live
// state captured before and after the deployment window. Per resource and path it says whether
// the live state differed before (and the deployment brought it to what was desired), still
// differs after, or changed during the window to something not desired, and whether the
// release's runbook or war room mentions it.

export const driftWhen = ['before', 'after', 'during'] as const;
export type DriftWhen = (typeof driftWhen)[number];

export interface DriftChange {
  resource: string;
  path: string;
  desired: string | null;
  before: string | null;
  after: string | null;
  when: DriftWhen;
  explained: boolean;
  /** Why it counts as explained (the desired state, a runbook step, a war-room entry), or null. */
  explanation: string | null;
  impact: Impact;
  lineDesired: number | null;
  lineAfter: number | null;
}

export interface DriftInput {
  desired: { name: string; bytes: Buffer };
  before: { name: string; bytes: Buffer } | null;
  after: { name: string; bytes: Buffer };
}

/** The runbook steps and war-room entries of the release, as text a change can be looked up in. */
export interface Mentions {
  texts: Array<{ source: string; text: string }>;
}

const WHOLE = '(resource)';

function filtered(diffs: RawDifference[], desiredSide: 'a' | 'b' | null, unknown: string[]): RawDifference[] {
  return diffs.filter((d) => {
    if (isServerManaged(d.path)) return false;
    if (unknown.some((u) => d.path === u || d.path.startsWith(`${u}.`) || d.path.startsWith(`${u}[`))) return false;
    // A field the desired state leaves out and the API server filled with its default is not drift.
    if (desiredSide === 'a' && d.change === 'added' && d.b && isDefaulted(d.path, d.b)) return false;
    if (desiredSide === 'b' && d.change === 'removed' && d.a && isDefaulted(d.path, d.a)) return false;
    return true;
  });
}

const key = (r: { kind: string; name: string }) => `${r.kind}/${r.name}`;

function stripped(list: Resource[]): Resource[] {
  return list.map((r) => ({ ...r, body: withoutServerManaged(r.body) ?? { type: 'map', entries: new Map(), line: r.body.line } }));
}

function find(list: Resource[], desired: Resource): Resource | undefined {
  const same = list.filter((r) => key(r) === key(desired));
  return same.find((r) => (r.namespace ?? 'default') === (desired.namespace ?? 'default')) ?? (desired.namespace === null ? same[0] : undefined);
}

function explain(resource: Resource, path: string, value: string | null, mentions: Mentions): string | null {
  const name = resource.name.toLowerCase();
  const field = lastKey(path).toLowerCase();
  const hit = mentions.texts.find(({ text }) => {
    const t = text.toLowerCase();
    return t.includes(name) && ((field !== '' && field !== WHOLE && t.includes(field)) || (value !== null && value.length >= 3 && t.includes(value.toLowerCase())));
  });
  return hit ? hit.source : null;
}

export function driftOf(input: DriftInput, mentions: Mentions): DriftChange[] {
  const desired = stripped(resourcesOf(readConfig(input.desired.name, input.desired.bytes), 'desired'));
  const before = input.before ? stripped(resourcesOf(readConfig(input.before.name, input.before.bytes), 'live')) : null;
  const after = stripped(resourcesOf(readConfig(input.after.name, input.after.bytes), 'live'));
  const out: DriftChange[] = [];
  for (const want of desired) {
    const was = before ? find(before, want) : undefined;
    const now = find(after, want);
    const label = resourceLabel({ ...want, namespace: want.namespace ?? now?.namespace ?? null });
    const base = { resource: label, impact: 'none' as Impact };
    if (!now) {
      const explanation = explain(want, WHOLE, null, mentions);
      out.push({ ...base, path: WHOLE, desired: 'present', before: before ? (was ? 'present' : 'missing') : null, after: 'missing', when: before && was ? 'during' : 'after', explained: explanation !== null, explanation, lineDesired: want.body.line, lineAfter: null });
      continue;
    }
    const toAfter = new Map(filtered(diffTrees(want.body, now.body), 'a', want.unknown).map((d) => [d.path, d]));
    const toBefore = was ? new Map(filtered(diffTrees(want.body, was.body), 'a', want.unknown).map((d) => [d.path, d])) : new Map<string, RawDifference>();
    const during = was ? new Map(filtered(diffTrees(was.body, now.body), null, want.unknown).map((d) => [d.path, d])) : new Map<string, RawDifference>();
    for (const [path, d] of toAfter) {
      const changed = during.get(path);
      const when: DriftWhen = changed ? 'during' : 'after';
      const afterValue = shownValue(d.b, path);
      const explanation = explain(want, path, afterValue, mentions);
      out.push({
        ...base,
        path,
        desired: shownValue(d.a, path),
        before: before === null ? null : changed ? shownValue(changed.a, path) : was ? afterValue : 'missing',
        after: afterValue,
        when,
        explained: explanation !== null,
        explanation,
        impact: impactOf(path, d.a, d.b).impact,
        lineDesired: d.a?.line ?? null,
        lineAfter: d.b?.line ?? null,
      });
    }
    // What differed before and the deployment set as desired: the release itself, explained by the desired state.
    for (const [path, d] of toBefore) {
      if (toAfter.has(path)) continue;
      out.push({ ...base, path, desired: shownValue(d.a, path), before: shownValue(d.b, path), after: shownValue(d.a, path), when: 'before', explained: true, explanation: 'the desired state', impact: impactOf(path, d.a, d.b).impact, lineDesired: d.a?.line ?? null, lineAfter: null });
    }
  }
  // Live resources the desired state does not hold are outside this comparison (a cluster holds many); a removed desired resource is said above.
  return out;
}
