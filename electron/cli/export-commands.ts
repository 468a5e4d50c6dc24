import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ImportedFramework } from '../../shared/api/oscal';
import { argsExactly, call, noExtraArgs, printJson, required } from './command-kit';
import { spreadsheetExportKinds } from './spreadsheet-commands';
import type { CommandContext, CommandSpec, OptionSpec } from './spec';
import { UsageError } from './usage';

// An audit out in the formats other tools read (`export KIND`), and frameworks in. Each kind of export
// is one entry below: its options and how it makes its text; checking --out and writing the file whole
// (a temp file renamed into place) is shared, so XLSX, CSV or DOCX are each one more entry.

interface ExportKind {
  kind: string;
  synopsis: string;
  summary: string;
  details: string[];
  options: Record<string, OptionSpec>;
  /** The file's bytes, made through the API (nothing is written before they are all made). */
  make: (context: CommandContext, auditId: string) => Promise<{ bytes: Buffer; what: string }>;
}

const exportKinds: ExportKind[] = [
  {
    kind: 'oscal',
    synopsis: '--audit ID --out FILE [--model results|plan] [--format json|yaml]',
    summary: 'The audit as OSCAL 1.1.3 assessment results (or its assessment plan), JSON or YAML',
    details: [
      'results (the default): observations of checklist results, interviews, war-room entries and',
      'imports, findings satisfied or not, risks for open findings, evidence named by SHA-256.',
      'plan: the scope, methodology, controls to assess, schedule and terms. The results point at the',
      'plan by its file name, so export both into one folder. The same record keeps its UUID in every export.',
    ],
    options: { model: { type: 'string' }, format: { type: 'string' } },
    async make({ open, values }, auditId) {
      const input = { auditId, ...(values.model !== undefined ? { model: values.model } : {}), ...(values.format !== undefined ? { format: values.format } : {}) };
      const exported = (await call(() => open({ mustExist: true }), 'oscal.export', input, { model: '--model', format: '--format' })) as { text: string; fileName: string };
      return { bytes: Buffer.from(exported.text, 'utf8'), what: `OSCAL ${String(values.model ?? 'results')}` };
    },
  },
  ...spreadsheetExportKinds,
  {
    kind: 'docx',
    synopsis: '--audit ID --out FILE [--kind full|summary] [--distribution internal|external]',
    summary: 'The report as an editable Word document (DOCX), for reviewers who comment in Word',
    details: [
      'The same sections and headings as the PDF report (Word headings, so the navigation pane lists',
      'them), its tables and thumbnails. Its first page says the signed PDF is the record and names the',
      'last one issued by its SHA-256 and certificate fingerprint. An external edition needs an approval.',
    ],
    options: { kind: { type: 'string' }, distribution: { type: 'string' } },
    async make({ open, values }, auditId) {
      const input = { auditId, ...(values.kind !== undefined ? { kind: values.kind } : {}), ...(values.distribution !== undefined ? { distribution: values.distribution } : {}) };
      const { DocxRequest } = await import('../../shared/api/report-docx');
      const parsed = DocxRequest.safeParse(input);
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      if (!parsed.success) throw new UsageError(`${issue?.path[0] === 'kind' ? '--kind' : issue?.path[0] === 'distribution' ? '--distribution' : '--audit'} ${issue?.message ?? 'is not valid'}.`);
      const core = open({ mustExist: true });
      const [{ requireAudit }, { makeReportDocx }] = await Promise.all([import('../rows'), import('../reports/docx/export')]);
      requireAudit(core, auditId);
      const made = await makeReportDocx(core, parsed.data);
      return { bytes: made.bytes, what: `editable DOCX of report ${made.reportId}` };
    },
  },
];

export const exportCommands: CommandSpec[] = [
  ...exportKinds.map(
    (kind): CommandSpec => ({
      name: `export ${kind.kind}`,
      synopsis: kind.synopsis,
      summary: kind.summary,
      details: kind.details,
      options: { audit: { type: 'string' }, out: { type: 'string' }, ...kind.options },
      async run(context) {
        noExtraArgs(context.args);
        const auditId = required(context.values, 'audit');
        const out = required(context.values, 'out');
        const target = writableTarget(out);
        const { bytes, what } = await kind.make(context, auditId);
        const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
        try {
          fs.writeFileSync(temp, bytes, { mode: 0o644 });
          fs.renameSync(temp, target);
        } finally {
          fs.rmSync(temp, { force: true });
        }
        context.io.out(`Wrote ${out} (${what}, ${bytes.length} bytes)`);
        return 0;
      },
    }),
  ),
  {
    name: 'import-framework',
    synopsis: 'FILE [--catalog CATALOG] [--json]',
    summary: 'Import a framework the control library can map to: an OSCAL catalog or profile, or a CISO Assistant library',
    details: [
      'The format is told from the file: an OSCAL 1.x catalog (JSON or YAML), whose groups, controls and',
      'enhancements become requirements to map library controls to (api frameworks.map) and to show',
      'coverage on (api frameworks.coverage); an OSCAL profile, resolved against the catalog its imports',
      'name (already imported, or given with --catalog); or a CISO Assistant YAML library, whose assessable',
      'requirement nodes become controls. A file that breaks the format is refused naming the path',
      '(catalog.groups[2].controls[0].id: must be a token).',
    ],
    options: { json: { type: 'boolean' }, catalog: { type: 'string' } },
    async run({ open, values, args, io }) {
      const [file] = argsExactly(args, 'framework FILE to import') as [string];
      const read = (name: string) => {
        try {
          return fs.readFileSync(name, 'utf8');
        } catch {
          throw new AppError('NOT_FOUND', `Cannot read ${name}.`);
        }
      };
      const text = read(file);
      const catalog = typeof values.catalog === 'string' ? { text: read(values.catalog), name: path.basename(values.catalog) } : undefined;
      const framework = (await call(open, 'frameworks.import', { text, name: path.basename(file), ...(catalog ? { catalog } : {}) })) as ImportedFramework;
      if (values.json) return printJson(io, framework), 0;
      const origin = framework.source === 'ciso-assistant' ? 'CISO Assistant library' : `OSCAL ${framework.source === 'oscal-profile' ? 'profile ' : ''}${framework.oscalVersion}`;
      io.out(`Imported "${framework.title}" ${framework.version} (${origin}): ${framework.requirementCount} controls, framework id ${framework.id}`);
      for (const note of framework.notes ?? []) io.out(`Note: ${note}.`);
      return 0;
    },
  },
];

/** The file --out names, checked before anything is made: a file (not a folder) in a folder that exists and can be written. */
function writableTarget(out: string): string {
  const target = path.resolve(out);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out names a file to write, and ${out} is a folder: give a file name.`);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('NOT_FOUND', `The folder ${path.dirname(target)} does not exist.`);
  try {
    fs.accessSync(path.dirname(target), fs.constants.W_OK);
    if (fs.existsSync(target)) fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new AppError('VALIDATION', `${out} cannot be written here (permission denied); nothing was exported.`);
  }
  return target;
}
