import type { TemplateDiff, TemplateItem, ToleratedDeviation } from '../../shared/api/templates';
import type { VersionSnapshot } from './snapshot';

// What changed between two published versions, in sentences: items added, removed, changed or
// moved (by key), tolerated deviations added, removed or changed, and the name.

type Change = TemplateDiff['changes'][number];

export function diffSnapshots(from: VersionSnapshot, to: VersionSnapshot): Change[] {
  const changes: Change[] = [];
  if (from.name !== to.name) changes.push({ kind: 'changed', subject: 'template', key: 'name', text: `Name changed from "${from.name}" to "${to.name}"` });
  if (from.description !== to.description) changes.push({ kind: 'changed', subject: 'template', key: 'description', text: 'Description reworded' });
  changes.push(...diffItems(from.items, to.items));
  changes.push(...diffDeviations(from.deviations, to.deviations));
  return changes;
}

function diffItems(before: TemplateItem[], after: TemplateItem[]): Change[] {
  const changes: Change[] = [];
  const oldByKey = new Map(before.map((item) => [item.key, item]));
  const newByKey = new Map(after.map((item) => [item.key, item]));
  for (const item of before) {
    if (!newByKey.has(item.key)) changes.push({ kind: 'removed', subject: 'item', key: item.key, text: `Removed ${item.key} "${item.title}" (${item.stage})` });
  }
  for (const item of after) {
    const old = oldByKey.get(item.key);
    if (!old) {
      changes.push({ kind: 'added', subject: 'item', key: item.key, text: `Added ${item.key} "${item.title}" (${item.stage})` });
      continue;
    }
    const fields: string[] = [];
    if (old.title !== item.title) fields.push(`title "${old.title}" → "${item.title}"`);
    if (old.stage !== item.stage) fields.push(`stage ${old.stage} → ${item.stage}`);
    if (old.kind !== item.kind) fields.push(`kind ${old.kind} → ${item.kind}`);
    if (old.controlId !== item.controlId) fields.push(`control ${old.controlId ?? 'none'} → ${item.controlId ?? 'none'}`);
    if (old.procedure !== item.procedure) fields.push('procedure reworded');
    if (JSON.stringify(old.evidenceExpected) !== JSON.stringify(item.evidenceExpected)) fields.push('evidence expected changed');
    if (fields.length > 0) changes.push({ kind: 'changed', subject: 'item', key: item.key, text: `Changed ${item.key}: ${fields.join('; ')}` });
  }
  const oldOrder = before.map((i) => i.key).filter((key) => newByKey.has(key));
  const newOrder = after.map((i) => i.key).filter((key) => oldByKey.has(key));
  const stayed = new Set(longestCommonSubsequence(oldOrder, newOrder));
  for (const key of newOrder) {
    if (!stayed.has(key)) {
      const from = before.findIndex((i) => i.key === key) + 1;
      const to = after.findIndex((i) => i.key === key) + 1;
      changes.push({ kind: 'moved', subject: 'item', key, text: `Moved ${key} from position ${from} to ${to}` });
    }
  }
  return changes;
}

function diffDeviations(before: ToleratedDeviation[], after: ToleratedDeviation[]): Change[] {
  const changes: Change[] = [];
  const oldByKey = new Map(before.map((d) => [d.key, d]));
  const newKeys = new Set(after.map((d) => d.key));
  for (const d of before) {
    if (!newKeys.has(d.key)) changes.push({ kind: 'removed', subject: 'deviation', key: d.key, text: `Removed tolerated deviation "${d.title}"` });
  }
  for (const d of after) {
    const old = oldByKey.get(d.key);
    if (!old) changes.push({ kind: 'added', subject: 'deviation', key: d.key, text: `Added tolerated deviation "${d.title}"` });
    else if (JSON.stringify(old) !== JSON.stringify(d)) {
      const fields: string[] = [];
      if (old.title !== d.title) fields.push(`title "${old.title}" → "${d.title}"`);
      if (old.appliesTo !== d.appliesTo) fields.push(`applies to ${old.appliesTo} → ${d.appliesTo}`);
      if (old.allows !== d.allows) fields.push('what it allows reworded');
      const added = d.conditions.filter((c) => !old.conditions.includes(c));
      const dropped = old.conditions.filter((c) => !d.conditions.includes(c));
      for (const c of added) fields.push(`condition added "${c}"`);
      for (const c of dropped) fields.push(`condition removed "${c}"`);
      if (old.postFactoApprovalHours !== d.postFactoApprovalHours) {
        fields.push(`post-facto approval ${old.postFactoApprovalHours ?? 'none'} h → ${d.postFactoApprovalHours ?? 'none'} h`);
      }
      changes.push({ kind: 'changed', subject: 'deviation', key: d.key, text: `Changed tolerated deviation "${old.title}": ${fields.join('; ')}` });
    }
  }
  return changes;
}

/** The longest common subsequence of two key lists: the items that kept their relative order. */
export function longestCommonSubsequence(a: string[], b: string[]): string[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * cols + j] = a[i] === b[j] ? (table[(i + 1) * cols + j + 1] as number) + 1 : Math.max(table[(i + 1) * cols + j] as number, table[i * cols + j + 1] as number);
    }
  }
  const result: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      result.push(a[i] as string);
      i += 1;
      j += 1;
    } else if ((table[(i + 1) * cols + j] as number) >= (table[i * cols + j + 1] as number)) i += 1;
    else j += 1;
  }
  return result;
}
