import path from 'node:path';
import type { VerifyReport } from '../../shared/api/system';
import { call, noExtraArgs, printJson } from './command-kit';
import type { CliIo, CommandSpec } from './spec';
import { UsageError } from './usage';

// The browser host, the integrity check and the generic API call.

export const serveCommand: CommandSpec = {
  name: 'serve',
  synopsis: '[--port N]',
  summary: 'Serve the app to a browser on 127.0.0.1 (prints the URL with its token)',
  details: ['Run `npm run build:renderer` once first. Press Ctrl+C to stop.'],
  options: { port: { type: 'string' } },
  async run({ open, values, args, io, appRoot }) {
    noExtraArgs(args);
    const port = values.port === undefined ? 0 : /^\d{1,5}$/.test(String(values.port)) ? Number(values.port) : -1;
    if (port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
    const core = open();
    const [{ startHost }, { createHandlers }, { createEvidenceTransfer }, { ensureDefaultTemplate }] = await Promise.all([
      import('../host/server'),
      import('../api/handlers'),
      import('../host/transfer'),
      import('../templates/service'),
    ]);
    ensureDefaultTemplate(core);
    (await import('../rules/packs')).ensureDefaultRulePack(core);
    const host = await startHost({ handlers: createHandlers(core), transfer: createEvidenceTransfer(core), staticDir: path.join(appRoot, 'dist', 'renderer'), port });
    // Syncs with the team hub in the background while it serves, when connected and reachable.
    const background = (await import('../hub/background')).startBackgroundSync(core);
    io.out(`Release Audit is served at ${host.url}`);
    io.out(`Data folder: ${core.layout.root}`);
    io.out(`Working as: ${core.actor} (set RELEASE_AUDIT_ACTOR or --actor to change it)`);
    io.out('Open the address above in a browser on this computer. Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    background.stop();
    await host.close();
    return 0;
  },
};

export const verifyCommand: CommandSpec = {
  name: 'verify',
  synopsis: '[--expect-head HASH]... [--json]',
  summary: 'Check every ledger chain, vault object and the database',
  details: [
    'Exit 0 when everything holds, 1 with each problem listed.',
    '--expect-head HASH  a ledger head printed by an earlier verify (or a report) that must still be in',
    '                    the ledger; give it more than once for several heads',
  ],
  options: { json: { type: 'boolean' }, 'expect-head': { type: 'string', multiple: true } },
  async run({ open, values, args, io }) {
    noExtraArgs(args);
    const report = (await call(() => open({ mustExist: true }), 'system.verify', { expectHeads: (values['expect-head'] as string[] | undefined) ?? [] })) as VerifyReport;
    if (values.json) printJson(io, report);
    else printVerifyReport(io, report);
    return report.ok ? 0 : 1;
  },
};

export const apiCommands: CommandSpec[] = [
  {
    name: 'api',
    synopsis: '--list | METHOD [JSON]',
    summary: 'List every API method, or call one with a JSON input',
    details: ['The same methods, checks and answers as the app; the answer is printed as JSON.', "Example: release-audit api audits.get '{\"id\":\"<AUDIT-ID>\"}'"],
    options: { list: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const { contract, isMethodName, methodNames } = await import('../../shared/api/contract');
      if (values.list) {
        noExtraArgs(args);
        for (const name of methodNames) io.out(`${name.padEnd(22)} ${contract[name].summary}`);
        return 0;
      }
      const [method, json] = args;
      if (!method) throw new UsageError('Name the API method to call, or use --list.');
      noExtraArgs(args, 2);
      const { printable } = await import('../../shared/api/format');
      if (!isMethodName(method)) throw new UsageError(`There is no API method called ${printable(method)}; see release-audit api --list.`);
      let input: unknown = {};
      if (json !== undefined) {
        const [{ parseUserJson }, { AppError }] = await Promise.all([import('../common/bounded-parse'), import('../../shared/api/errors')]);
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
  },
];

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
