import path from 'node:path';
import { contract, isMethodName, methodNames } from '../../shared/api/contract';
import type { VerifyReport } from '../../shared/api/system';
import { parseUserJson } from '../api/bounded-parse';
import { printable } from '../../shared/api/format';
import { createHandlers } from '../api/handlers';
import { AppError } from '../../shared/api/errors';
import { createEvidenceTransfer } from '../evidence/transfer';
import { startHost } from '../host/server';
import { sourceRoot } from '../paths';
import { call, noExtraArgs, printJson, required, type Command } from './command-kit';
import type { CliIo } from './main';
import { bundleCommands } from './bundle-commands';
import { reportCommands } from './report-commands';
import { templateCommands } from './template-commands';
import { UsageError } from './usage';

// Each CLI command calls the API through the same dispatcher as IPC and HTTP.

/** The options each command takes, besides --data-dir, --actor and --help. */
export const commandOptions: Record<string, string[]> = {
  serve: ['port'],
  'audit create': ['name', 'description', 'json'],
  'audit list': ['json'],
  'evidence add': ['audit', 'refers-to', 'source-system', 'note', 'json'],
  verify: ['json', 'expect-head'],
  api: ['list'],
  'library list': ['json'],
  'template list': ['json'],
  'template export': ['out'],
  'template import': ['reason', 'json'],
  report: ['audit', 'out', 'summary', 'distribution', 'sign'],
  'verify-report': ['json', 'expect-signer'],
  'bundle export': ['audit', 'out', 'for', 'json'],
  'bundle inspect': ['json'],
  'bundle import': ['trust', 'json'],
  'bundle status': ['json'],
  'bundle conflicts': ['audit', 'json'],
  'bundle resolve': [],
  'bundle revoke': [],
  'bundle trust': [],
};

export const commands: Record<string, Command> = {
  ...templateCommands,
  ...reportCommands,
  ...bundleCommands,
  async serve({ open, values, args, io }) {
    noExtraArgs(args);
    const port = values.port === undefined ? 0 : /^\d{1,5}$/.test(String(values.port)) ? Number(values.port) : -1;
    if (port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
    const core = open();
    const host = await startHost({ handlers: createHandlers(core), transfer: createEvidenceTransfer(core), staticDir: path.join(sourceRoot, 'dist', 'renderer'), port });
    io.out(`Release Audit is served at ${host.url}`);
    io.out(`Data folder: ${core.layout.root}`);
    io.out(`Working as: ${core.actor} (set RELEASE_AUDIT_ACTOR or --actor to change it)`);
    io.out('Open the address above in a browser on this computer. Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    return 0;
  },

  async 'audit create'({ open, values, args, io }) {
    noExtraArgs(args);
    const input = {
      name: required(values, 'name'),
      ...(typeof values.description === 'string' ? { description: values.description } : {}),
    };
    const audit = (await call(open, 'audits.create', input)) as { id: string; name: string };
    if (values.json) printJson(io, audit);
    else io.out(`Created audit ${audit.id} (${audit.name})`);
    return 0;
  },

  async 'audit list'({ open, values, args, io }) {
    noExtraArgs(args);
    const audits = (await call(() => open({ mustExist: true }), 'audits.list', {})) as Array<{ id: string; name: string; status: string; createdAt: string }>;
    if (values.json) printJson(io, audits);
    else if (audits.length === 0) io.out('No audits yet. Create one with: release-audit audit create --name NAME');
    else for (const a of audits) io.out(`${a.id}  ${a.status.padEnd(10)}  ${a.createdAt}  ${a.name}`);
    return 0;
  },

  async 'evidence add'({ open, values, args, io }) {
    if (args.length !== 1) throw new UsageError(args.length === 0 ? 'Name the FILE to add.' : `Unexpected argument: ${args[1]}`);
    const input = {
      auditId: required(values, 'audit'),
      path: path.resolve(args[0] as string),
      captureMethod: 'cli',
      ...(typeof values['refers-to'] === 'string' ? { refersTo: values['refers-to'] } : {}),
      ...(typeof values['source-system'] === 'string' ? { sourceSystem: values['source-system'] } : {}),
      ...(typeof values.note === 'string' ? { note: values.note } : {}),
    };
    const evidence = (await call(() => open({ mustExist: true }), 'evidence.addFile', input)) as { sha256: string; id: string; size: number; alreadyInVault: boolean };
    if (values.json) printJson(io, evidence);
    else {
      io.out(evidence.sha256);
      io.err(`Stored ${evidence.size} bytes as evidence ${evidence.id}${evidence.alreadyInVault ? ' (identical content was already in the vault)' : ''}.`);
    }
    return 0;
  },

  async verify({ open, values, args, io }) {
    noExtraArgs(args);
    const report = (await call(() => open({ mustExist: true }), 'system.verify', { expectHeads: (values['expect-head'] as string[] | undefined) ?? [] })) as VerifyReport;
    if (values.json) printJson(io, report);
    else printVerifyReport(io, report);
    return report.ok ? 0 : 1;
  },

  async api({ open, values, args, io }) {
    if (values.list) {
      noExtraArgs(args);
      for (const name of methodNames) io.out(`${name.padEnd(22)} ${contract[name].summary}`);
      return 0;
    }
    const [method, json] = args;
    if (!method) throw new UsageError('Name the API method to call, or use --list.');
    noExtraArgs(args, 2);
    if (!isMethodName(method)) throw new UsageError(`There is no API method called ${printable(method)}; see release-audit api --list.`);
    let input: unknown = {};
    if (json !== undefined) {
      try {
        input = parseUserJson(json);
      } catch (error) {
        throw new UsageError(error instanceof AppError ? `The input is refused: ${error.message}.` : 'The input is not valid JSON.');
      }
    }
    // Only a method that creates something from nothing may start a new data folder; any other, on
    // a mistyped --data-dir, says there is no data there instead of answering from an empty one.
    printJson(io, await call(() => open({ mustExist: contract[method].startsDataFolder !== true }), method, input));
    return 0;
  },
};

function printVerifyReport(io: CliIo, report: VerifyReport): void {
  const c = report.checked;
  io.out(
    `Checked ${c.ledgerEntries} ledger entries on ${c.devices} device(s), ${c.records} records, ${c.vaultObjects} vault objects and ${c.evidence} evidence records.`,
  );
  for (const head of report.ledgerHeads) io.out(`Ledger head of device ${head.deviceId}: #${head.seq} ${head.hash}`);
  io.out(`Checked ${report.checkpoints} signed checkpoint(s) of the ledger.`);
  for (const notice of report.notices) io.out(notice);
  if (report.ok) {
    io.out('Everything holds.');
    return;
  }
  io.out(`${report.problems.length} problem(s) found:`);
  for (const p of report.problems) io.out(`  ✗ [${p.area}] ${p.location}: ${p.message}`);
}
