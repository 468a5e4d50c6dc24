import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { isObject, str, type Json, type Locator, type Path } from './structured';
import { readIso } from './time';

// Jira REST v2/v3 issues: one issue, or a search result ({issues: […]}), with `expand=changelog`
// giving status transitions (changelog.histories[].items[] with field "status").

const nameOf = (value: unknown): string | null => (isObject(value) ? str(value.name) ?? str(value.value) ?? str(value.displayName) : str(value));

function issue(sink: FactSink, loc: Locator, value: Json, path: Path): void {
  const key = str(value.key);
  const fields = isObject(value.fields) ? value.fields : {};
  if (!key) return;
  const links = (Array.isArray(fields.issuelinks) ? fields.issuelinks : []).flatMap((link) => {
    if (!isObject(link)) return [];
    const other = isObject(link.outwardIssue) ? link.outwardIssue : isObject(link.inwardIssue) ? link.inwardIssue : {};
    return str(other.key) ? [str(other.key) as string] : [];
  });
  const components = (Array.isArray(fields.components) ? fields.components : []).map(nameOf).filter((c): c is string => c !== null);
  sink.add({
    kind: 'change', lines: loc.lines(path), system: 'jira', number: key, type: nameOf(fields.issuetype), state: nameOf(fields.status),
    risk: nameOf(fields.priority), summary: str(fields.summary), plannedStart: null, plannedEnd: readIso(str(fields.duedate)),
    backoutPlan: null, testPlan: null, justification: null, configurationItems: components, links, createdAt: readIso(str(fields.created)),
  });
  const histories = isObject(value.changelog) && Array.isArray(value.changelog.histories) ? value.changelog.histories : [];
  histories.forEach((history, h) => {
    if (!isObject(history)) return;
    const items = Array.isArray(history.items) ? history.items : [];
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      const field = str(item.field) ?? str(item.fieldId) ?? '';
      if (!/^(status|resolution|approvals?|assignee|fix ?version)$/i.test(field)) return;
      sink.add({
        kind: 'transition', lines: loc.lines([...path, 'changelog', 'histories', h, 'items', i]), ticket: key, field,
        from: str(item.fromString) ?? str(item.from), to: str(item.toString) ?? str(item.to),
        by: isObject(history.author) ? str(history.author.displayName) ?? str(history.author.name) : null, at: readIso(str(history.created)),
      });
    });
  });
}

export function parseJira(value: unknown, loc: Locator, sink: FactSink): void {
  if (isObject(value) && Array.isArray(value.issues)) value.issues.forEach((item, i) => isObject(item) && issue(sink, loc, item, ['issues', i]));
  else if (Array.isArray(value)) value.forEach((item, i) => isObject(item) && issue(sink, loc, item, [i]));
  else if (isObject(value)) issue(sink, loc, value, []);
  if (sink.facts.length === 0) throw new AppError('VALIDATION', 'This JSON is not a Jira issue export: no issue with a key was found in it.');
}
