import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import { progressTo } from './bundle-commands';
import { noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// A pipeline's own logs and change records into an audit: `release-audit import FILE --audit ID`.
// The kind is read from the content (or forced with --as); the raw file becomes evidence and its
// facts records, all or nothing. Results go to stdout, progress (for big files) to stderr.

/** Files from this size on report their progress on stderr. */
const PROGRESS_FROM_BYTES = 8 * 1024 * 1024;
type KindName = ImportOutcome['import']['kind'];

export const importCommands: CommandSpec[] = [
  {
    name: 'import',
    synopsis: 'FILE --audit ID [--release ID] [--as KIND] [--range A..B] [--json] | --kinds [--json]',
    summary: "Import a pipeline log, deployment output, change record or git history into an audit's facts",
    details: [
      'FILE is a file (its kind read from its content) or a git repository folder (read with git log;',
      '--range v1.2.0..v1.3.0 limits it). --as KIND reads it as that kind; --kinds lists the kinds.',
      'The raw file is kept as evidence and its facts under the release; the same file again changes nothing.',
      'Exit 0 imported (or already there), 2 refused (a file of no known kind, damaged, bad arguments), 1 other errors.',
    ],
    options: { audit: { type: 'string' }, release: { type: 'string' }, as: { type: 'string' }, range: { type: 'string' }, kinds: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const { importKindList } = await import('../../shared/api/import-methods');
      const kindNames = importKindList.map((k) => k.kind as string);
      if (values.kinds) {
        noExtraArgs(args);
        if (values.json) return printJson(io, importKindList), 0;
        for (const { kind, label } of importKindList) io.out(`${kind.padEnd(18)} ${label}`);
        return 0;
      }
      if (args.length === 0) throw new UsageError('Name the FILE to import (or --kinds to list the kinds).');
      noExtraArgs(args, 1);
      const auditId = required(values, 'audit');
      const kind = values.as;
      if (typeof kind === 'string' && !kindNames.includes(kind)) throw new UsageError(`--as must be one of ${kindNames.join(', ')}.`);
      const file = path.resolve(args[0] as string);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) throw new AppError('NOT_FOUND', `There is no file or folder at ${file}.`);
      if (typeof values.range === 'string' && !stat.isDirectory()) throw new UsageError('--range is for a git repository folder; FILE is a file.');
      if (stat.isDirectory() && typeof kind === 'string' && kind !== 'git-log') throw new UsageError('A folder is read as a git repository: --as can only be git-log.');
      const core = open({ mustExist: true });
      const { importInto } = await import('../imports/store');
      const releaseId = typeof values.release === 'string' ? values.release : null;
      const progress = stat.isDirectory() || stat.size >= PROGRESS_FROM_BYTES ? progressTo(io) : () => undefined;
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let outcome: ImportOutcome;
      try {
        outcome = await importInto(
          core,
          file,
          { auditId, releaseId },
          { signal: controller.signal, ...(typeof kind === 'string' ? { kind: kind as KindName } : {}), ...(typeof values.range === 'string' ? { range: values.range } : {}) },
          progress,
        );
        // The audit's rule pack drafts its findings, and the lines are indexed for search before the command ends.
        const { afterImport } = await import('../intake/after-import');
        outcome = await afterImport(core, outcome, { index: 'await', progress });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      const { import: imported, alreadyImported, drafted, notes } = outcome;
      const summary = {
        importId: imported.id,
        kind: imported.kind,
        kindLabel: imported.kindLabel,
        detection: imported.detection,
        name: imported.name,
        sha256: imported.sha256,
        evidenceId: imported.evidenceId,
        auditId: imported.auditId,
        releaseId: imported.releaseId,
        lines: imported.lines,
        facts: imported.factCount,
        factKinds: imported.factKinds,
        warnings: imported.warnings,
        alreadyImported,
        drafted,
        notes,
      };
      if (values.json) return printJson(io, summary), 0;
      io.out(`${alreadyImported ? 'Already imported (the same bytes), nothing changed' : 'Imported'}: ${imported.name} as ${imported.kindLabel} (${imported.kind}).`);
      io.out(`Evidence SHA-256: ${imported.sha256}`);
      const kinds = Object.entries(imported.factKinds).map(([k, n]) => `${n} ${k}`).join(', ');
      io.out(`Facts: ${imported.factCount}${kinds ? ` (${kinds})` : ''}`);
      if (!alreadyImported) io.out(`Drafted findings: ${drafted}${drafted > 0 ? ' (release-audit check --audit ID lists them)' : ''}`);
      for (const warning of imported.warnings) io.out(`Warning: ${warning}`);
      for (const note of notes) io.out(`Note: ${note}`);
      io.out(`Import ${imported.id}${imported.releaseId ? ` under release ${imported.releaseId}` : ' under the audit (no release named)'}.`);
      return 0;
    },
  },
];
