import { noExtraArgs, printJson, required } from './command-kit';
import { adminName, hubOptions, withHub } from './hub-commands';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// Links to the department's read-only view (served by `hub serve` under /department/): made for a
// named viewer, shown once, listed and revoked by the hub's administrator.

export const hubViewerCommands: CommandSpec[] = [
  {
    name: 'hub viewer-link',
    synopsis: '--name NAME [--host H] [--port N] --database-url URL --hub-dir DIR',
    summary: "Make a link to the department's read-only view for a viewer (shown once)",
    details: [
      'The link carries a random token; the hub keeps only its SHA-256, so it cannot show the link again.',
      '--host H --port N  the address people reach `hub serve` at (default 127.0.0.1 and 8443), put in the link',
      'Revoke it with release-audit hub revoke-viewer NAME|ID.',
    ],
    options: { ...hubOptions, host: { type: 'string' }, port: { type: 'string' }, by: { type: 'string' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const name = required(values, 'name');
      const port = values.port === undefined ? 8443 : /^\d{1,5}$/.test(String(values.port)) ? Number(values.port) : -1;
      if (port < 1 || port > 65535) throw new UsageError('--port must be a whole number from 1 to 65535.');
      const host = String(values.host ?? '127.0.0.1');
      if (!/^[\w.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(host)) throw new UsageError('--host is a host name or an address (an IPv6 address in brackets).');
      const { viewer, token } = await withHub(values, appRoot, async (hub) => (await import('../hub/department-viewers')).addViewer(hub, { name, by: adminName(values) }));
      io.out(`A department link for ${viewer.name} (id ${viewer.id}); it is shown only now:`);
      io.out(`https://${host}:${port}/department/#token=${token}`);
      return 0;
    },
  },
  {
    name: 'hub viewers',
    synopsis: '[--json] --database-url URL --hub-dir DIR',
    summary: "List who has a link to the department's view",
    options: { ...hubOptions, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const list = await withHub(values, appRoot, async (hub) => (await import('../hub/department-viewers')).listViewers(hub));
      if (values.json) return printJson(io, list), 0;
      if (list.length === 0) io.out('No one has a department link yet: make one with release-audit hub viewer-link --name NAME.');
      for (const v of list) io.out(`${v.id}  ${v.name}  made by ${v.createdBy} ${v.createdAt.slice(0, 10)}${v.revokedAt ? `  REVOKED ${v.revokedAt.slice(0, 10)}` : ''}`);
      return 0;
    },
  },
  {
    name: 'hub revoke-viewer',
    synopsis: 'NAME|ID --database-url URL --hub-dir DIR',
    summary: "Revoke a viewer's department link (their open session ends at its next request)",
    options: hubOptions,
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args, 1);
      const [given] = args;
      if (!given) throw new UsageError("Give the viewer's name or id (from release-audit hub viewers).");
      const revoked = await withHub(values, appRoot, async (hub) => (await import('../hub/department-viewers')).revokeViewer(hub, given));
      for (const v of revoked) io.out(`Revoked the department link of ${v.name} (id ${v.id}).`);
      return 0;
    },
  },
];
