import type { PackContent, Rule, RulePackDiff } from '../../shared/api/rules';
import { longestCommonSubsequence } from '../templates/diff';

// What changed between two versions of a pack, in sentences a reviewer reads: rules added, removed,
// changed (which fields) or moved, and parameters added, removed or changed.

type Change = RulePackDiff['changes'][number];

const ruleFields: Array<[keyof Rule, string]> = [
  ['title', 'title'],
  ['severity', 'severity'],
  ['control', 'control'],
  ['for', 'subject'],
  ['when', 'condition (when)'],
  ['cite', 'facts cited'],
  ['criteria', 'criteria'],
  ['condition', 'condition text'],
  ['effect', 'effect'],
  ['recommendation', 'recommendation'],
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const short = (value: unknown) => JSON.stringify(value).slice(0, 120);

export function diffPacks(from: PackContent, to: PackContent): Change[] {
  const changes: Change[] = [];
  if (from.name !== to.name) changes.push({ kind: 'changed', subject: 'pack', key: 'name', text: `Name changed from "${from.name}" to "${to.name}"` });
  if (from.description !== to.description) changes.push({ kind: 'changed', subject: 'pack', key: 'description', text: 'Description reworded' });
  const oldParams = from.parameters as Record<string, unknown>;
  const newParams = to.parameters as Record<string, unknown>;
  for (const key of Object.keys(oldParams)) if (!Object.hasOwn(newParams, key)) changes.push({ kind: 'removed', subject: 'parameter', key, text: `Removed parameter ${key}` });
  for (const [key, value] of Object.entries(newParams)) {
    if (!Object.hasOwn(oldParams, key)) changes.push({ kind: 'added', subject: 'parameter', key, text: `Added parameter ${key} = ${short(value)}` });
    else if (!same(oldParams[key], value)) changes.push({ kind: 'changed', subject: 'parameter', key, text: `Parameter ${key}: ${short(oldParams[key])} → ${short(value)}` });
  }
  const oldById = new Map(from.rules.map((r) => [r.id, r]));
  const newById = new Map(to.rules.map((r) => [r.id, r]));
  for (const rule of from.rules) if (!newById.has(rule.id)) changes.push({ kind: 'removed', subject: 'rule', key: rule.id, text: `Removed rule ${rule.id} "${rule.title}"` });
  for (const rule of to.rules) {
    const old = oldById.get(rule.id);
    if (!old) {
      changes.push({ kind: 'added', subject: 'rule', key: rule.id, text: `Added rule ${rule.id} "${rule.title}" (${rule.severity}, ${rule.control})` });
      continue;
    }
    const fields = ruleFields
      .filter(([field]) => !same(old[field], rule[field]))
      .map(([field, label]) => (field === 'severity' || field === 'control' || field === 'for' ? `${label} ${String(old[field])} → ${String(rule[field])}` : `${label} changed`));
    if (fields.length > 0) changes.push({ kind: 'changed', subject: 'rule', key: rule.id, text: `Changed rule ${rule.id}: ${fields.join('; ')}` });
  }
  const oldOrder = from.rules.map((r) => r.id).filter((id) => newById.has(id));
  const newOrder = to.rules.map((r) => r.id).filter((id) => oldById.has(id));
  const stayed = new Set(longestCommonSubsequence(oldOrder, newOrder));
  for (const id of newOrder) {
    if (!stayed.has(id)) {
      changes.push({ kind: 'moved', subject: 'rule', key: id, text: `Moved rule ${id} from position ${from.rules.findIndex((r) => r.id === id) + 1} to ${to.rules.findIndex((r) => r.id === id) + 1}` });
    }
  }
  return changes;
}
