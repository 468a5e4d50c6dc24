import type { MaturityDiff, MaturityModelContent } from '../../shared/api/maturity';

// What changed between two versions of a maturity model, in sentences: the scale's wording, the
// practices, and each criterion (by id) added, removed, reworded or moved to another level.

type Change = MaturityDiff['changes'][number];

export function diffModels(from: MaturityModelContent, to: MaturityModelContent): Change[] {
  const changes: Change[] = [];
  if (from.name !== to.name) changes.push({ kind: 'changed', subject: 'model', key: 'name', text: `Name changed from "${from.name}" to "${to.name}"` });
  if (from.description !== to.description) changes.push({ kind: 'changed', subject: 'model', key: 'description', text: 'Description reworded' });
  const oldLevels = new Map(from.levels.map((l) => [l.level, l]));
  for (const level of to.levels) {
    const old = oldLevels.get(level.level);
    if (!old) changes.push({ kind: 'added', subject: 'level', key: String(level.level), text: `Added level ${level.level} "${level.title}"` });
    else if (JSON.stringify(old) !== JSON.stringify(level)) changes.push({ kind: 'changed', subject: 'level', key: String(level.level), text: `Level ${level.level} "${level.title}": title, meaning or source reworded` });
  }
  for (const level of from.levels) if (!to.levels.some((l) => l.level === level.level)) changes.push({ kind: 'removed', subject: 'level', key: String(level.level), text: `Removed level ${level.level} "${level.title}"` });
  const criteria = (model: MaturityModelContent) =>
    new Map(model.practices.flatMap((p) => p.levels.flatMap((l) => l.criteria.map((c) => [c.id, { practice: p.name, level: l.level, text: c.text }] as const))));
  const oldPractices = new Map(from.practices.map((p) => [p.id, p]));
  for (const practice of to.practices) {
    const old = oldPractices.get(practice.id);
    if (!old) changes.push({ kind: 'added', subject: 'practice', key: practice.id, text: `Added practice "${practice.name}"` });
    else if (old.name !== practice.name || old.purpose !== practice.purpose || old.source !== practice.source) changes.push({ kind: 'changed', subject: 'practice', key: practice.id, text: `Practice "${practice.name}": name, purpose or source reworded` });
  }
  for (const practice of from.practices) if (!to.practices.some((p) => p.id === practice.id)) changes.push({ kind: 'removed', subject: 'practice', key: practice.id, text: `Removed practice "${practice.name}"` });
  const before = criteria(from);
  const after = criteria(to);
  for (const [id, c] of after) {
    const old = before.get(id);
    if (!old) changes.push({ kind: 'added', subject: 'criterion', key: id, text: `Added ${id} to ${c.practice} level ${c.level}: "${c.text}"` });
    else {
      const fields = [old.level !== c.level ? `moved from level ${old.level} to ${c.level}` : '', old.text !== c.text ? `reworded to "${c.text}"` : ''].filter(Boolean);
      if (fields.length > 0) changes.push({ kind: 'changed', subject: 'criterion', key: id, text: `Changed ${id} (${c.practice}): ${fields.join('; ')}` });
    }
  }
  for (const [id, c] of before) if (!after.has(id)) changes.push({ kind: 'removed', subject: 'criterion', key: id, text: `Removed ${id} from ${c.practice} level ${c.level}` });
  return changes;
}
