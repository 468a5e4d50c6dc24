import { plural } from '../../shared/plural';
import type { HubConnection, HubProbeResult, HubStatus, HubSyncReport } from '../../shared/api/hub-sync';
import { progressTo } from './bundle-commands';
import { argsExactly, call, noExtraArgs, printJson } from './command-kit';
import type { CliIo, CommandSpec } from './spec';

// A laptop's team hub from the command line (the hub's own commands are in hub-commands.ts): connect
// after comparing both fingerprints with the administrator's, sync (progress on stderr), and status.

/** One line per audit: what went to the hub and what came back. */
export function describeReport(report: HubSyncReport): string[] {
  if (report.outcome !== 'synced') return [`${report.at} ${report.outcome}: ${report.message ?? ''}`.trim()];
  const lines = [`Synced at ${report.at}: ${plural(report.audits.length, 'audit')} you are on.`];
  for (const audit of report.audits) {
    const sent = audit.pushed ? `sent ${plural(audit.pushed.newEntries, 'new entry', 'new entries')} and ${plural(audit.pushed.objects, 'evidence file')}` : 'nothing to send';
    const got = audit.pulled ? `received ${plural(audit.pulled.newEntries, 'new entry', 'new entries')} and ${plural(audit.pulled.newObjects, 'evidence file')}${audit.pulled.conflicts ? `, ${plural(audit.pulled.conflicts, 'conflict')} to decide` : ''}` : 'nothing new received';
    lines.push(`  ${audit.auditName} (${audit.role}): ${sent}; ${got}.`);
  }
  for (const audit of report.notTaken) lines.push(`  Not taken by the hub: ${audit.auditName}: ${audit.reason}`);
  return lines;
}

function printConnection(io: CliIo, connection: HubConnection): void {
  io.out(`Hub: ${connection.name} at ${connection.url}`);
  io.out(`Connected ${connection.connectedAt} by ${connection.connectedBy}; background sync ${connection.background ? 'on' : 'off'}.`);
  io.out(`Last sync: ${connection.lastSyncAt ?? 'never'}`);
  if (connection.lastResult) for (const line of describeReport(connection.lastResult)) io.out(line);
}

export const hubLaptopCommands: CommandSpec[] = [
  {
    name: 'hub connect',
    synopsis: 'URL --accept-fingerprint FP --accept-tls FP [--json]',
    summary: "Connect this laptop to a team hub once you compared its two fingerprints with the administrator's",
    details: [
      'Without the two flags: prints the hub\'s name, signing key fingerprint and TLS certificate fingerprint, and',
      'exits 1 asking you to compare them with what the hub\'s administrator reads out. Then run it again with both',
      '(colons and spaces allowed). Refused, and nothing stored, unless the hub still shows exactly those two.',
    ],
    options: { 'accept-fingerprint': { type: 'string' }, 'accept-tls': { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [url] = argsExactly(args, 'URL');
      const fingerprint = values['accept-fingerprint'] as string | undefined;
      const tlsFingerprint = values['accept-tls'] as string | undefined;
      if (!fingerprint || !tlsFingerprint) {
        const probe = (await call(open, 'hub.probe', { url })) as HubProbeResult;
        if (values.json) printJson(io, probe);
        else {
          io.out(`Hub: ${probe.name} at ${probe.url} (version ${probe.appVersion})`);
          io.out(`Signing key fingerprint:     ${probe.fingerprintText}`);
          io.out(`TLS certificate fingerprint: ${probe.tlsFingerprintText}`);
        }
        io.err('Compare both fingerprints with the ones the hub\'s administrator reads out, then run again with');
        io.err(`  --accept-fingerprint ${probe.fingerprint} --accept-tls ${probe.tlsFingerprint}`);
        return 1;
      }
      const connection = (await call(open, 'hub.connect', { url, fingerprint, tlsFingerprint }, { fingerprint: '--accept-fingerprint', tlsFingerprint: '--accept-tls' })) as HubConnection;
      if (values.json) printJson(io, connection);
      else io.out(`Connected to the hub ${connection.name} at ${connection.url}. Sync with: release-audit hub sync`);
      return 0;
    },
  },
  {
    name: 'hub sync',
    synopsis: '[--json]',
    summary: 'Sync every audit you are on with the team hub (progress on stderr)',
    details: ['Exit 0 when synced; 1 when the hub cannot be reached (nothing is lost: work goes on here) or refused.'],
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const { runHubSync } = await import('../hub/sync-job');
      const report = await runHubSync(open({ mustExist: true }), progressTo(io));
      if (values.json) printJson(io, report);
      else for (const line of describeReport(report)) (report.outcome === 'synced' ? io.out : io.err)(line);
      return report.outcome === 'synced' ? 0 : 1;
    },
  },
  {
    name: 'hub status',
    synopsis: '[--audit ID] [--json]',
    summary: "This laptop's team hub, its last sync, and (--audit) the members the hub set on an audit",
    options: { audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const status = (await call(open, 'hub.status', values.audit ? { auditId: values.audit } : {}, { auditId: '--audit' })) as HubStatus;
      if (values.json) return printJson(io, status), 0;
      if (!status.connection) io.out('Not connected to a team hub. Connect with: release-audit hub connect URL');
      else printConnection(io, status.connection);
      if (values.audit) {
        io.out(status.members.length === 0 ? 'The hub has set no members on this audit (or it has not synced yet).' : 'Members, as the hub set them:');
        for (const member of status.members) io.out(`  ${member.role.padEnd(8)} ${member.name} (${member.fingerprint.slice(0, 16)}…), set by ${member.setBy} on ${member.setAt}`);
      }
      return 0;
    },
  },
];
