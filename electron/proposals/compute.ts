import { createHash } from 'node:crypto';
import { TemplateContent, type TemplateItem } from '../../shared/api/templates';
import type { Proposal, ProposalFailure, ProposalFinding, ProposalKind, ProposalThresholds } from '../../shared/api/proposals';
import { sameRootCause } from '../findings/repeats';
import { loadLibrary } from '../library/library';
import type { Core } from '../services';
import { diffSnapshots } from '../templates/diff';
import { parseSnapshot } from '../templates/snapshot';

// Proposals are computed from what the app already keeps: finding_cause_groups (one row per control,
// cause and audit, kept by triggers) for repeat findings, and the checklist results that failed on a
// release. Nothing is stored until the auditor decides.

/** A root cause in raised findings of 2 or more audits; a checklist item failed in 3 or more releases. */
export const proposalThresholds: ProposalThresholds = { repeatAudits: 2, failedReleases: 3 };

const PUBLISH_REASON_MAX = 2000;

interface CauseGroup {
  control: string;
  cause: string;
  auditId: string;
  auditName: string;
  createdAt: string;
  templateId: string | null;
}

interface FailedResult {
  resultId: string;
  auditId: string;
  auditName: string;
  releaseId: string;
  releaseIdentifier: string;
  itemKey: string;
  note: string;
  versionId: string;
  templateId: string;
  content: unknown;
}

interface TemplateRow {
  id: string;
  name: string;
  description: string;
  draft: string | null;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Every proposal the data supports, decided or not (the service leaves out the decided ones). */
export function computeProposals(core: Core): Proposal[] {
  const templates = new Map((core.sqlite.prepare('SELECT id, name, description, draft FROM checklist_templates').all() as TemplateRow[]).map((t) => [t.id, t]));
  const drafts = new Map<string, TemplateContent>();
  const draftOf = (templateId: string): TemplateContent | null => {
    const row = templates.get(templateId);
    if (!row) return null;
    let draft = drafts.get(templateId);
    if (!draft) {
      draft = TemplateContent.parse(row.draft ? JSON.parse(row.draft) : { items: [], deviations: [] });
      drafts.set(templateId, draft);
    }
    return draft;
  };
  const proposals: Proposal[] = [];
  const make = (templateId: string, kind: ProposalKind, key: string, parts: Omit<Proposal, 'key' | 'kind' | 'templateId' | 'templateName' | 'diff' | 'publishReason'>) => {
    const row = templates.get(templateId) as TemplateRow;
    const draft = draftOf(templateId) as TemplateContent;
    const changed = applyChange(draft, parts.before, parts.after);
    const snapshot = (content: TemplateContent) => ({ name: row.name, description: row.description, ...content });
    proposals.push({
      key,
      kind,
      templateId,
      templateName: row.name,
      ...parts,
      diff: diffSnapshots(snapshot(draft), snapshot(changed)),
      publishReason: publishReason(parts.summary, parts.findings, parts.failures),
    });
  };
  for (const p of repeatProposals(core, draftOf)) make(p.templateId, p.kind, p.key, p.parts);
  for (const p of failureProposals(core, draftOf)) make(p.templateId, p.kind, p.key, p.parts);
  return proposals;
}

type Draft = (templateId: string) => TemplateContent | null;
type Made = { templateId: string; kind: ProposalKind; key: string; parts: Omit<Proposal, 'key' | 'kind' | 'templateId' | 'templateName' | 'diff' | 'publishReason'> };

/** The draft with `after` in place of `before`, or (a new item) after the last item of its stage. */
export function applyChange(draft: TemplateContent, before: TemplateItem | null, after: TemplateItem): TemplateContent {
  const items = [...draft.items];
  if (before) {
    const at = items.findIndex((item) => item.key === before.key);
    if (at >= 0) items[at] = after;
    return { ...draft, items };
  }
  let at = -1;
  items.forEach((item, index) => {
    if (item.stage === after.stage) at = index;
  });
  items.splice(at < 0 ? items.length : at + 1, 0, after);
  return { ...draft, items };
}

function repeatProposals(core: Core, draftOf: Draft): Made[] {
  const rows = core.sqlite
    .prepare(
      `SELECT g.control_key AS control, g.cause, g.audit_id AS auditId, a.name AS auditName, g.audit_created_at AS createdAt, v.template_id AS templateId
       FROM finding_cause_groups g JOIN audits a ON a.id = g.audit_id LEFT JOIN template_versions v ON v.id = a.template_version_id
       ORDER BY g.control_key, g.audit_created_at, g.cause`,
    )
    .all() as CauseGroup[];
  // Per control, the causes that are the same root cause (as repeat detection compares them), grouped.
  const clusters: Array<{ control: string; rows: CauseGroup[] }> = [];
  for (const row of rows) {
    const cluster = clusters.find((c) => c.control === row.control && c.rows.some((r) => sameRootCause(r.cause, row.cause)));
    if (cluster) cluster.rows.push(row);
    else clusters.push({ control: row.control, rows: [row] });
  }
  const library = loadLibrary(core.appRoot);
  const findingsOf = core.sqlite.prepare(
    `SELECT f.id, f.audit_id AS auditId, a.name AS auditName, f.title, f.cause, f.status, f.confidential
     FROM findings f JOIN audits a ON a.id = f.audit_id
     WHERE lower(f.control_id) = ? AND f.status != 'draft' AND f.cause IN (SELECT value FROM json_each(?)) ORDER BY a.created_at, f.created_at, f.id`,
  );
  const made: Made[] = [];
  for (const cluster of clusters) {
    const audits = new Set(cluster.rows.map((r) => r.auditId));
    if (audits.size < proposalThresholds.repeatAudits) continue;
    // The template the newest of those audits used is the one to change.
    const templateId = [...cluster.rows].reverse().find((r) => r.templateId)?.templateId;
    const draft = templateId ? draftOf(templateId) : null;
    if (!templateId || !draft) continue;
    const causes = [...new Set(cluster.rows.map((r) => r.cause))];
    const findings = (findingsOf.all(cluster.control, JSON.stringify(causes)) as Array<ProposalFinding & { confidential: number }>).map(({ confidential, ...f }) =>
      confidential ? { ...f, title: '(confidential finding)', cause: '(confidential)' } : f,
    );
    const cause = cluster.rows[0]?.cause as string;
    const key = `repeat:${templateId}:${cluster.control}:${digest(cause)}`;
    const existing = draft.items.find((item) => item.controlId?.toLowerCase() === cluster.control);
    const why = `The same root cause ("${cause}") was found for this control in ${audits.size} audits (${[...new Set(cluster.rows.map((r) => r.auditName))].join(', ')}); a proposal is made from ${proposalThresholds.repeatAudits} audits.`;
    if (existing) {
      const line = `Recurring deficiency, found in ${audits.size} audits: "${cause}". Check specifically that it did not happen in this release, and keep the evidence that shows it.`;
      if (existing.procedure.includes(`"${cause}"`)) continue;
      const procedure = `${existing.procedure}${existing.procedure ? '\n\n' : ''}${line}`.slice(0, 5000);
      made.push({
        templateId,
        kind: 'stronger-wording',
        key,
        parts: { controlId: existing.controlId, summary: `Stronger wording for ${existing.key} "${existing.title}"`, why, findings, failures: [], before: existing, after: { ...existing, procedure } },
      });
      continue;
    }
    const control = [...library.controlsById.values()].find((c) => c.id.toLowerCase() === cluster.control);
    if (!control) continue;
    if (draft.items.some((item) => item.key === control.id)) continue;
    const after: TemplateItem = {
      key: control.id,
      stage: control.stage,
      kind: 'control',
      controlId: control.id,
      title: control.title,
      procedure: `${control.testProcedure}\n\nAdded because of a recurring deficiency, found in ${audits.size} audits: "${cause}".`.slice(0, 5000),
      evidenceExpected: control.evidenceExpected,
    };
    made.push({ templateId, kind: 'new-item', key, parts: { controlId: control.id, summary: `New item ${control.id} "${control.title}"`, why, findings, failures: [], before: null, after } });
  }
  return made;
}

function failureProposals(core: Core, draftOf: Draft): Made[] {
  const rows = core.sqlite
    .prepare(
      `SELECT r.id AS resultId, r.audit_id AS auditId, a.name AS auditName, r.release_id AS releaseId, rel.identifier AS releaseIdentifier, r.item_key AS itemKey, r.note,
              v.id AS versionId, v.template_id AS templateId, v.content
       FROM checklist_results r JOIN audits a ON a.id = r.audit_id JOIN releases rel ON rel.id = r.release_id JOIN template_versions v ON v.id = r.template_version_id
       WHERE r.result = 'fail' AND r.release_id IS NOT NULL ORDER BY a.created_at, rel.window_start, rel.created_at, r.id`,
    )
    .all() as FailedResult[];
  const itemsOf = new Map<string, Map<string, TemplateItem>>();
  const itemOf = (row: FailedResult) => {
    let items = itemsOf.get(row.versionId);
    if (!items) itemsOf.set(row.versionId, (items = new Map(parseSnapshot(JSON.parse(row.content as string)).items.map((i) => [i.key, i]))));
    return items.get(row.itemKey);
  };
  // The same item across versions and audits: by its control when it has one, else by its key.
  const groups = new Map<string, { templateId: string; item: TemplateItem; rows: FailedResult[] }>();
  for (const row of rows) {
    const item = itemOf(row);
    if (!item) continue;
    const id = `${row.templateId}:${item.controlId ? item.controlId.toLowerCase() : `item:${item.key}`}`;
    const group = groups.get(id);
    if (group) {
      group.rows.push(row);
      group.item = item;
    } else groups.set(id, { templateId: row.templateId, item, rows: [row] });
  }
  const made: Made[] = [];
  for (const [id, group] of groups) {
    const releases = [...new Set(group.rows.map((r) => r.releaseIdentifier))];
    if (new Set(group.rows.map((r) => r.releaseId)).size < proposalThresholds.failedReleases) continue;
    const draft = draftOf(group.templateId);
    if (!draft) continue;
    const base = draft.items.find((item) => (group.item.controlId ? item.controlId === group.item.controlId : item.key === group.item.key)) ?? group.item;
    const itemKey = `${base.key.slice(0, 76)}-cp`;
    if (draft.items.some((item) => item.key === itemKey)) continue;
    const failures: ProposalFailure[] = group.rows.map(({ versionId: _v, templateId: _t, content: _c, ...failure }) => failure);
    const after: TemplateItem = {
      key: itemKey,
      stage: base.stage,
      kind: 'control-point',
      controlId: null,
      title: `Control point: ${base.title}`.slice(0, 300),
      procedure: `"${base.title}" failed in ${releases.length} releases (${releases.join(', ')}). Hold the release at this point until it is shown to pass, and keep the evidence before going on.`.slice(0, 5000),
      evidenceExpected: base.evidenceExpected,
    };
    made.push({
      templateId: group.templateId,
      kind: 'new-control-point',
      key: `failure:${id}`,
      parts: {
        controlId: base.controlId,
        summary: `New control point ${itemKey} after ${base.key} "${base.title}"`,
        why: `${base.key} failed in ${releases.length} releases (${releases.join(', ')}) across ${new Set(group.rows.map((r) => r.auditId)).size} audits; a proposal is made from ${proposalThresholds.failedReleases} releases.`,
        findings: [],
        failures,
        before: null,
        after,
      },
    });
  }
  return made;
}

/** The reason the next version is published with: what changed, and every finding and failure behind it by id and title. */
export function publishReason(summary: string, findings: ProposalFinding[], failures: ProposalFailure[]): string {
  const cited = [
    ...findings.map((f) => `finding ${f.id} "${f.title}" (${f.auditName})`),
    ...failures.map((f) => `failed in release ${f.releaseIdentifier} (${f.auditName}, result ${f.resultId})`),
  ];
  const head = `Template proposal accepted: ${summary}. Behind it: `;
  let text = head;
  for (const [index, part] of cited.entries()) {
    const next = `${index === 0 ? '' : '; '}${part}`;
    const rest = cited.length - index;
    if (text.length + next.length + 1 > PUBLISH_REASON_MAX - 20) return `${text}; and ${rest} more.`;
    text += next;
  }
  return `${text}.`;
}
