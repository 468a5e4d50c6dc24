import type { Audit } from '../../shared/api/audits';
import type { ChecklistResult, ChecklistResultPage } from '../../shared/api/checklist';
import type { Release } from '../../shared/api/releases';
import type { Template, TemplateVersion } from '../../shared/api/templates';
import { AppError } from '../../shared/api/errors';
import { checklistResults } from '../../shared/enums';
import { argsExactly, call, fieldsFrom, flagNames, noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec } from './spec';

// Releases and the checklist run from the command line: the audit's pinned checklist, item by
// item, and a result recorded for an item, on a release or for the whole audit.

const releaseFlags = { auditId: 'audit', identifier: 'identifier', system: 'system' };
const resultWords: Record<string, string> = { na: 'not-applicable', 'n/a': 'not-applicable', nt: 'not-tested' };

export const checklistCommands: CommandSpec[] = [
  {
    name: 'release list',
    synopsis: '--audit ID [--json]',
    summary: "An audit's releases: id, identifier, system, window",
    options: { audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const releases = (await call(() => open({ mustExist: true }), 'releases.list', { auditId: required(values, 'audit') }, { auditId: '--audit' })) as Release[];
      if (values.json) return printJson(io, releases), 0;
      if (releases.length === 0) io.out('No releases yet. Add one with: release-audit release create --audit ID --identifier NAME');
      for (const r of releases) io.out(`${r.id}  ${r.identifier}${r.system ? `  ${r.system}` : ''}${r.windowStart ? `  ${r.windowStart} – ${r.windowEnd ?? '?'} (${r.timeZone})` : ''}${r.emergency ? '  [emergency]' : ''}`);
      return 0;
    },
  },
  {
    name: 'release create',
    synopsis: '--audit ID --identifier NAME [--system NAME] [--json]',
    summary: 'Add a release to an audit (the rest of its fields: the app, or api releases.update)',
    options: { audit: { type: 'string' }, identifier: { type: 'string' }, system: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const input = { ...fieldsFrom(values, releaseFlags), auditId: required(values, 'audit'), identifier: required(values, 'identifier') };
      const release = (await call(() => open({ mustExist: true }), 'releases.create', input, flagNames(releaseFlags))) as Release;
      if (values.json) return printJson(io, release), 0;
      io.out(`Added release ${release.identifier} (${release.id})`);
      return 0;
    },
  },
  {
    name: 'checklist pin',
    synopsis: '--audit ID --template ID',
    summary: 'Pin the audit to a checklist: a template (its latest version) or one version ID',
    details: ['See the templates and their versions with: release-audit template list'],
    options: { audit: { type: 'string' }, template: { type: 'string' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const id = required(values, 'template');
      const read = () => open({ mustExist: true });
      let versionId = id;
      try {
        const template = (await call(read, 'templates.get', { id }, { id: '--template' })) as Template;
        const latest = template.versions[0];
        if (!latest) throw new AppError('VALIDATION', `"${template.name}" has no published version yet; publish it first.`);
        versionId = latest.id;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      }
      const audit = (await call(read, 'audits.pinTemplate', { auditId, templateVersionId: versionId }, { auditId: '--audit', templateVersionId: '--template' })) as Audit;
      io.out(`"${audit.name}" is pinned to ${audit.pinnedTemplate?.name} v${audit.pinnedTemplate?.version}.`);
      return 0;
    },
  },
  {
    name: 'checklist list',
    synopsis: '--audit ID [--release ID] [--json]',
    summary: "The audit's checklist, item by item, with the results recorded",
    details: ['Without --release, each item shows its result on every release (and for the whole audit).'],
    options: { audit: { type: 'string' }, release: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const read = () => open({ mustExist: true });
      const auditId = required(values, 'audit');
      const releaseId = typeof values.release === 'string' ? values.release : undefined;
      const fields = { auditId: '--audit', releaseId: '--release', id: '--audit' };
      const audit = (await call(read, 'audits.get', { id: auditId }, fields)) as Audit;
      if (!audit.pinnedTemplate) {
        if (values.json) return printJson(io, { template: null, items: [] }), 0;
        io.out(`No checklist is pinned to "${audit.name}" yet: release-audit checklist pin --audit ${audit.id} --template ID`);
        return 0;
      }
      const version = (await call(read, 'templates.version', { id: audit.pinnedTemplate.versionId })) as TemplateVersion;
      // The results come in pages, item by item: read them all.
      const results: ChecklistResult[] = [];
      for (let cursor: string | null = null; ; ) {
        const page = (await call(read, 'checklist.results', { auditId, ...(releaseId ? { releaseId } : {}), limit: 1000, cursor }, fields)) as ChecklistResultPage;
        results.push(...page.rows);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const releases = new Map(((await call(read, 'releases.list', { auditId })) as Release[]).map((r) => [r.id, r.identifier]));
      if (releaseId && !releases.has(releaseId)) throw new AppError('NOT_FOUND', `--release: there is no release ${releaseId} in "${audit.name}".`);
      const byItem = new Map<string, ChecklistResult[]>();
      for (const r of results) byItem.set(r.itemKey, [...(byItem.get(r.itemKey) ?? []), r]);
      const items = version.content.items.map((item) => ({ ...item, results: byItem.get(item.key) ?? [] }));
      if (values.json) return printJson(io, { template: audit.pinnedTemplate, items }), 0;
      io.out(`${version.templateName} v${version.version}: ${items.length} items${releaseId ? ` on release ${releases.get(releaseId)}` : ''}`);
      for (const item of items) {
        const recorded = item.results.map((r) => (releaseId ? r.result : `${r.releaseId ? releases.get(r.releaseId) : 'audit'}: ${r.result}`)).join(', ');
        io.out(`  ${item.key.padEnd(14)} ${(recorded || '—').padEnd(releaseId ? 14 : 24)} ${item.title}`);
        for (const r of item.results) if (r.note) io.out(`  ${' '.repeat(14)} note${releaseId ? '' : ` (${r.releaseId ? releases.get(r.releaseId) : 'audit'})`}: ${r.note}`);
      }
      return 0;
    },
  },
  {
    name: 'checklist record',
    synopsis: `--audit ID ITEM ${checklistResults.join('|')} [--release ID] [--note TEXT] [--json]`,
    summary: 'Record the result of one checklist item (again: replaces it; the ledger keeps the earlier one)',
    details: ['ITEM is the item key shown by checklist list. "na" means not-applicable and "nt" not-tested.', 'Without --release the result is for the whole audit.'],
    options: { audit: { type: 'string' }, release: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [itemKey, word] = argsExactly(args, 'ITEM (its key, from checklist list)', `result: ${checklistResults.join(', ')}`);
      const input = {
        auditId: required(values, 'audit'),
        itemKey,
        result: resultWords[(word as string).toLowerCase()] ?? word,
        ...(typeof values.release === 'string' ? { releaseId: values.release } : {}),
        ...(typeof values.note === 'string' ? { note: values.note } : {}),
      };
      const fields = { auditId: '--audit', releaseId: '--release', itemKey: 'ITEM', result: 'The result', note: '--note' };
      const result = (await call(() => open({ mustExist: true }), 'checklist.record', input, fields)) as ChecklistResult;
      if (values.json) return printJson(io, result), 0;
      io.out(`Recorded ${result.itemKey}: ${result.result}${result.releaseId ? ` on release ${result.releaseId}` : ' for the whole audit'}.`);
      return 0;
    },
  },
];
