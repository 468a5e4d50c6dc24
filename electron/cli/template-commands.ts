import fs from 'node:fs';
import path from 'node:path';
import type { ControlLibrary } from '../../shared/api/library';
import type { Template, TemplateVersion } from '../../shared/api/templates';
import { AppError } from '../../shared/api/errors';
import { argsExactly, call, noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// The control library and checklist templates from the command line, for teams that keep their
// templates in version control.

export const templateCommands: CommandSpec[] = [
  {
    name: 'library list',
    synopsis: '[--json]',
    summary: 'The control library, with framework mappings',
    details: ['The library ships with the app: listing it needs no data folder.'],
    options: { json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const { loadLibrary } = await import('../library/library');
      const library = loadLibrary(appRoot).controls as ControlLibrary;
      if (values.json) return printJson(io, library), 0;
      io.out(`Control library ${library.library} v${library.version}: ${library.controls.length} controls`);
      for (const stage of library.stages) {
        io.out(`\n${stage.title}`);
        for (const c of library.controls.filter((control) => control.stage === stage.id)) {
          const maps = `ITIL ${c.mappings.itil4.join(',')} · COBIT ${c.mappings.cobit2019.join(',')} · ISO ${c.mappings.iso20000.join(',')} · SOX ${c.mappings.soxitgc.join(',')}`;
          io.out(`  ${c.id.padEnd(10)} ${c.automation.padEnd(9)} ${c.title}\n  ${' '.repeat(10)} ${maps}`);
        }
      }
      return 0;
    },
  },
  {
    name: 'template list',
    synopsis: '[--json]',
    summary: 'Checklist templates and their published versions',
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const templates = (await call(() => open({ mustExist: true }), 'templates.list', {})) as Template[];
      if (values.json) return printJson(io, templates), 0;
      for (const t of templates) {
        const latest = t.versions[0];
        const state = latest ? `v${latest.version} (${latest.items} items, ${latest.publishedAt})` : 'not published';
        io.out(`${t.id}  ${t.name}  ${state}${t.hasUnpublishedChanges ? '  [unpublished changes]' : ''}`);
        for (const v of t.versions) io.out(`    v${v.version}  ${v.id}  ${v.publishedBy}: ${v.reason}`);
      }
      return 0;
    },
  },
  {
    name: 'template export',
    synopsis: 'ID --out FILE',
    summary: 'Write a template (its latest version, or the version ID) as YAML or JSON, by FILE\'s extension',
    options: { out: { type: 'string' } },
    async run({ open, values, args, io }) {
      argsExactly(args, 'template (or template version) ID to export');
      const out = required(values, 'out');
      const format = /\.json$/i.test(out) ? 'json' : /\.ya?ml$/i.test(out) ? 'yaml' : null;
      if (!format) throw new UsageError('--out must name a .yaml, .yml or .json file.');
      if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new AppError('NOT_FOUND', `The folder ${path.dirname(path.resolve(out))} does not exist.`);
      const read = () => open({ mustExist: true });
      const id = args[0] as string;
      let versionId = id;
      try {
        const template = (await call(read, 'templates.get', { id })) as Template;
        const latest = template.versions[0];
        if (!latest) throw new AppError('VALIDATION', `"${template.name}" has no published version yet; publish it first.`);
        versionId = latest.id;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      }
      const file = (await call(read, 'templates.export', { versionId, format })) as { text: string };
      fs.writeFileSync(out, file.text);
      io.out(`Wrote ${out}`);
      return 0;
    },
  },
  {
    name: 'template import',
    synopsis: 'FILE [--reason TEXT] [--json]',
    summary: 'Import a template file and publish it as a new version',
    options: { reason: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      argsExactly(args, 'template FILE to import');
      const file = args[0] as string;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        throw new AppError('NOT_FOUND', `Cannot read ${file}.`);
      }
      const version = (await call(open, 'templates.import', {
        text,
        fileName: path.basename(file),
        ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
      })) as TemplateVersion;
      if (values.json) return printJson(io, version), 0;
      io.out(`Imported "${version.templateName}" as v${version.version} (${version.content.items.length} items), version id ${version.id}`);
      return 0;
    },
  },
];
