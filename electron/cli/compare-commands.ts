import path from 'node:path';
import { noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// Configuration parity and drift from a pipeline: `release-audit compare FILE_A FILE_B --audit ID`
// and `release-audit drift DESIRED LIVE_AFTER [--before LIVE_BEFORE] --audit ID`. Both files and the
// comparison document become evidence, each difference a fact the audit's rule pack reads.

const named = (file: string, role: string) => ({ file: path.resolve(file), name: path.basename(file), role });

export const compareCommands: CommandSpec[] = [
  {
    name: 'compare',
    synopsis: 'FILE_A FILE_B --audit ID [--release ID] [--json]',
    summary: "Compare two environments' configuration files (YAML, JSON, .env, .properties) and keep the comparison",
    details: [
      'Paths differ where values do (spec.containers[name=api].image); the audit\'s ignore list marks',
      'hosts, URLs and replica counts (or what the auditor set); secrets are masked, never printed.',
      '--json lists {"differences":[{"path","a","b","change","impact","ignored"}], …}.',
      'Exit 0 compared (differences or not), 2 refused (a damaged or hostile file, bad arguments), 1 other errors.',
    ],
    options: { audit: { type: 'string' }, release: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      if (args.length < 2) throw new UsageError('Name the two files to compare: FILE_A FILE_B.');
      noExtraArgs(args, 2);
      const auditId = required(values, 'audit');
      const core = open({ mustExist: true });
      const { compareForAudit } = await import('../config-compare/service');
      const { afterImport } = await import('../intake/after-import');
      const target = { auditId, releaseId: typeof values.release === 'string' ? values.release : null };
      const result = await compareForAudit(core, target, named(args[0] as string, 'A'), named(args[1] as string, 'B'));
      const outcome = await afterImport(core, result.outcome, { index: 'await' });
      const differences = result.differences.map((d) => ({ path: d.path, a: d.a, b: d.b, change: d.change, impact: d.impact, ignored: d.ignored, ignoredBy: d.ignoredBy, reason: d.reason, lineA: d.lineA, lineB: d.lineB }));
      if (values.json) {
        return printJson(io, { a: result.a, b: result.b, ignores: result.ignores, differences, importId: outcome.import.id, evidenceId: outcome.import.evidenceId, alreadyImported: outcome.alreadyImported, drafted: outcome.drafted, notes: outcome.notes }), 0;
      }
      const shown = (v: string | null) => (v === null ? '(not set)' : v);
      io.out(`${result.a.name} (${result.a.format}) against ${result.b.name} (${result.b.format}): ${differences.length} difference(s), ${differences.filter((d) => !d.ignored).length} not ignored.`);
      for (const d of differences) io.out(`${d.ignored ? `  ignored (${d.ignoredBy}): ` : d.impact === 'none' ? '  ' : `! ${d.impact}: `}${d.path}: ${d.change}, A ${shown(d.a)} | B ${shown(d.b)}`);
      if (!outcome.alreadyImported) io.out(`Drafted findings: ${outcome.drafted}`);
      for (const note of outcome.notes) io.out(`Note: ${note}`);
      io.out(`${outcome.alreadyImported ? 'Already compared (the same files and ignore list), nothing changed' : 'Kept as evidence'}: import ${outcome.import.id}.`);
      return 0;
    },
  },
  {
    name: 'drift',
    synopsis: 'DESIRED LIVE_AFTER [--before LIVE_BEFORE] --audit ID [--release ID] [--json]',
    summary: 'Compare a desired state (manifests, Helm-rendered YAML, a Terraform plan JSON) with the live state after (and before) the window',
    details: [
      'Server-managed and defaulted fields are left out; a change the release\'s runbook or war room does',
      'not mention is unexplained. --json lists {"changes":[{"resource","path","desired","before","after","when","explained"}], …}.',
      'Exit 0 compared, 2 refused (a damaged file, one with no resource, bad arguments), 1 other errors.',
    ],
    options: { audit: { type: 'string' }, release: { type: 'string' }, before: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      if (args.length < 2) throw new UsageError('Name the desired state and the live state after the window: DESIRED LIVE_AFTER.');
      noExtraArgs(args, 2);
      const auditId = required(values, 'audit');
      const core = open({ mustExist: true });
      const { driftForAudit } = await import('../config-compare/service');
      const { afterImport } = await import('../intake/after-import');
      const target = { auditId, releaseId: typeof values.release === 'string' ? values.release : null };
      const before = typeof values.before === 'string' ? named(values.before, 'live state before') : null;
      const result = await driftForAudit(core, target, { desired: named(args[0] as string, 'desired state'), before, after: named(args[1] as string, 'live state after') });
      const outcome = await afterImport(core, result.outcome, { index: 'await' });
      if (values.json) return printJson(io, { changes: result.changes, importId: outcome.import.id, alreadyImported: outcome.alreadyImported, drafted: outcome.drafted, notes: outcome.notes }), 0;
      io.out(`${result.changes.length} difference(s) from the desired state, ${result.changes.filter((c) => !c.explained).length} not explained.`);
      for (const c of result.changes) io.out(`${c.explained ? '  ' : '! '}[${c.when}] ${c.resource} ${c.path}: desired ${c.desired ?? '(not set)'}, before ${c.before ?? '(not captured)'}, after ${c.after ?? '(not set)'}${c.explained ? ` (explained by ${c.explanation})` : ''}`);
      if (!outcome.alreadyImported) io.out(`Drafted findings: ${outcome.drafted}`);
      io.out(`${outcome.alreadyImported ? 'Already compared, nothing changed' : 'Kept as evidence'}: import ${outcome.import.id}.`);
      return 0;
    },
  },
];
