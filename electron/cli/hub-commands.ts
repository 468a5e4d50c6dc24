import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { memberRoles, type MemberRole } from '../../shared/api/hub';
import { noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec, OptionValues } from './spec';
import { UsageError } from './usage';
import type { Hub } from '../hub/hub';

// The team hub's commands, run on the hub's server: serve it, and administer who may use it and who
// is on which audit. Each opens the hub's PostgreSQL database (--database-url or
// RELEASE_AUDIT_HUB_DATABASE_URL) and its folder (--hub-dir or RELEASE_AUDIT_HUB_DIR).

export const hubOptions = { 'database-url': { type: 'string' }, 'hub-dir': { type: 'string' }, name: { type: 'string' } } as const;

export function hubSettings(values: OptionValues, env: NodeJS.ProcessEnv = process.env): { databaseUrl: string; hubDir: string; name?: string } {
  const databaseUrl = (values['database-url'] as string | undefined) ?? env.RELEASE_AUDIT_HUB_DATABASE_URL;
  const hubDir = (values['hub-dir'] as string | undefined) ?? env.RELEASE_AUDIT_HUB_DIR;
  if (!databaseUrl) throw new UsageError('Give the hub\'s PostgreSQL database with --database-url URL (or RELEASE_AUDIT_HUB_DATABASE_URL).');
  if (!hubDir) throw new UsageError('Give the folder the hub owns with --hub-dir DIR (or RELEASE_AUDIT_HUB_DIR).');
  const name = values.name as string | undefined;
  return { databaseUrl, hubDir: path.resolve(hubDir), ...(name ? { name } : {}) };
}

export async function withHub<T>(values: OptionValues, appRoot: string, work: (hub: Hub) => Promise<T>): Promise<T> {
  const { openHub } = await import('../hub/hub');
  // Administration reads or adds what it names; the copy of a stopped push to PostgreSQL is left to `hub serve`.
  const hub = await openHub({ ...hubSettings(values), appRoot, repair: false });
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}

export const adminName = (values: OptionValues): string => (values.by as string | undefined) ?? process.env.RELEASE_AUDIT_ACTOR ?? process.env.USER ?? 'hub administrator';

export const hubCommands: CommandSpec[] = [
  {
    name: 'hub serve',
    synopsis: '--database-url URL --hub-dir DIR [--port N] [--host H] [--tls-cert F --tls-key F | --self-signed] [--name NAME]',
    summary: 'Run the team hub: laptops push and pull signed bundles over HTTPS',
    details: [
      'The database (PostgreSQL 14 or newer) is created and migrated at start. The hub keeps its working copy,',
      'its signing key and (with --self-signed) a TLS certificate for testing in --hub-dir.',
      '--tls-cert F --tls-key F  the organisation\'s certificate and key (PEM)',
      '--self-signed             make (once) and use a certificate for testing; laptops pin it when connecting',
      '--host H                  the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)',
      'Its signing key\'s passphrase comes from RELEASE_AUDIT_KEY_PASSPHRASE. Stop it with Ctrl+C or SIGTERM.',
    ],
    options: { ...hubOptions, port: { type: 'string' }, host: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'self-signed': { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const settings = hubSettings(values);
      const port = values.port === undefined ? 8443 : /^\d{1,5}$/.test(String(values.port)) ? Number(values.port) : -1;
      if (port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
      const certFile = values['tls-cert'] as string | undefined;
      const keyFile = values['tls-key'] as string | undefined;
      if (!values['self-signed'] && (!certFile || !keyFile)) throw new UsageError('Give the TLS certificate and key with --tls-cert F --tls-key F, or --self-signed for testing.');
      if (values['self-signed'] && (certFile || keyFile)) throw new UsageError('Give either --tls-cert and --tls-key, or --self-signed, not both.');
      const [{ openHub }, { startHubServer }, { readTls, selfSignedTls, tlsFingerprint }, { formatFingerprint }, { departmentRoutes }] = await Promise.all([
        import('../hub/hub'),
        import('../hub/server'),
        import('../hub/tls'),
        import('../identity/certificate'),
        import('../hub/department'),
      ]);
      const tls = certFile && keyFile ? readTls(certFile, keyFile) : selfSignedTls(path.join(settings.hubDir, 'tls'), values.host ? [String(values.host)] : []);
      const hub = await openHub({ ...settings, appRoot });
      const server = await startHubServer(hub, { tls, port, host: (values.host as string | undefined) ?? '127.0.0.1', extraRoutes: departmentRoutes(hub, appRoot) });
      io.out(`Release Audit hub "${hub.info.name}" is served at ${server.url}`);
      io.out(`Signing key fingerprint: ${formatFingerprint(hub.info.fingerprint)}`);
      io.out(`TLS certificate fingerprint: ${formatFingerprint(tlsFingerprint(tls.certPem))}`);
      io.out('Auditors compare both fingerprints when they connect. Press Ctrl+C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await hub.close();
      return 0;
    },
  },
  {
    name: 'hub add-auditor',
    synopsis: 'FINGERPRINT --name NAME [--may-open-audits] --database-url URL --hub-dir DIR',
    summary: "Accept an auditor's signing key on the hub",
    details: ['The fingerprint is the one the auditor reads from their Sync screen (or `release-audit bundle keys`).', '--may-open-audits  the auditor may bring new audits to the hub (and leads them there)'],
    options: { ...hubOptions, 'may-open-audits': { type: 'boolean' }, by: { type: 'string' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args, 1);
      const [fingerprint] = args;
      if (!fingerprint) throw new UsageError('Give the auditor\'s key fingerprint.');
      const name = required(values, 'name');
      const auditor = await withHub(values, appRoot, async (hub) => (await import('../hub/members')).addAuditor(hub, { fingerprint, name, mayOpenAudits: values['may-open-audits'] === true, by: adminName(values) }));
      io.out(`${auditor.name} (${auditor.fingerprint}) may use this hub${auditor.mayOpenAudits ? ' and bring new audits to it' : ''}.`);
      return 0;
    },
  },
  {
    name: 'hub revoke-auditor',
    synopsis: 'FINGERPRINT --database-url URL --hub-dir DIR',
    summary: "Refuse an auditor's key from now on (their work already on the hub stays)",
    options: hubOptions,
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args, 1);
      const [fingerprint] = args;
      if (!fingerprint) throw new UsageError('Give the auditor\'s key fingerprint.');
      await withHub(values, appRoot, async (hub) => (await import('../hub/members')).revokeAuditor(hub, fingerprint));
      io.out('The key is revoked on this hub.');
      return 0;
    },
  },
  {
    name: 'hub auditors',
    synopsis: '[--json] --database-url URL --hub-dir DIR',
    summary: 'List the keys the hub accepts',
    options: { ...hubOptions, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const list = await withHub(values, appRoot, async (hub) => (await import('../hub/members')).listAuditors(hub));
      if (values.json) return printJson(io, list), 0;
      if (list.length === 0) io.out('No auditor may use this hub yet: add one with release-audit hub add-auditor.');
      for (const a of list) io.out(`${a.fingerprint}  ${a.name}${a.mayOpenAudits ? ' (may open audits)' : ''}${a.revokedAt ? ` REVOKED ${a.revokedAt.slice(0, 10)}` : ''}`);
      return 0;
    },
  },
  {
    name: 'hub set-member',
    synopsis: '--audit ID --fingerprint FP --name NAME --role lead|auditor|reviewer|viewer|none --database-url URL --hub-dir DIR',
    summary: 'Put an auditor on an audit with a role, change it, or take them off (role none)',
    details: ['Recorded in the hub\'s ledger and sent to the audit\'s laptops. A laptop never receives an audit its auditor is not on.'],
    options: { ...hubOptions, audit: { type: 'string' }, fingerprint: { type: 'string' }, role: { type: 'string' }, by: { type: 'string' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const fingerprint = required(values, 'fingerprint');
      const roleText = required(values, 'role');
      if (roleText !== 'none' && !memberRoles.includes(roleText as MemberRole)) throw new UsageError(`--role is one of ${memberRoles.join(', ')} or none.`);
      const role = roleText === 'none' ? null : (roleText as MemberRole);
      const name = role ? required(values, 'name') : ((values.name as string | undefined) ?? '');
      const members = await withHub(values, appRoot, async (hub) => (await import('../hub/members')).setMember(hub, { auditId, fingerprint, name, role, by: adminName(values) }));
      for (const m of members) io.out(`${m.role.padEnd(9)} ${m.name} (${m.fingerprint.slice(0, 16)}…)`);
      return 0;
    },
  },
  {
    name: 'hub members',
    synopsis: '--audit ID [--json] --database-url URL --hub-dir DIR',
    summary: "List an audit's members on the hub",
    options: { ...hubOptions, audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const members = await withHub(values, appRoot, async (hub) => {
        const m = await import('../hub/members');
        if (!m.auditKnown(hub, auditId)) throw new AppError('NOT_FOUND', `The hub holds no audit ${auditId}.`);
        return m.listMembers(hub, auditId);
      });
      if (values.json) return printJson(io, members), 0;
      for (const m of members) io.out(`${m.role.padEnd(9)} ${m.name} (${m.fingerprint}) set by ${m.setBy} ${m.setAt.slice(0, 10)}`);
      return 0;
    },
  },
];
