import { noExtraArgs, printJson } from './command-kit';
import { withHub } from './hub-commands';
import type { CommandSpec, OptionValues } from './spec';
import { UsageError } from './usage';

// The team hub's checks, run on the hub's server: verify the hub (its working copy and PostgreSQL),
// read the access log, list the archive. Each takes the hub's database (--database-url or
// RELEASE_AUDIT_HUB_DATABASE_URL) and, but for the access log, its folder (--hub-dir or RELEASE_AUDIT_HUB_DIR).

const hubOptions = { 'database-url': { type: 'string' }, 'hub-dir': { type: 'string' }, name: { type: 'string' } } as const;

function databaseUrlOf(values: OptionValues): string {
  const url = (values['database-url'] as string | undefined) ?? process.env.RELEASE_AUDIT_HUB_DATABASE_URL;
  if (!url) throw new UsageError("Give the hub's PostgreSQL database with --database-url URL (or RELEASE_AUDIT_HUB_DATABASE_URL).");
  return url;
}

function limitOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(String(value))) throw new UsageError('--limit must be a whole number from 1 to 10,000.');
  return Number(value);
}

export const hubAdminCommands: CommandSpec[] = [
  {
    name: 'hub migrate',
    synopsis: "--database-url OWNER-URL",
    summary: "Create or bring up to date the hub's database, as its owner (before running the hub as a login role of the app)",
    details: [
      '`hub serve` migrates at start when its database user owns the database. When it runs as a login role',
      'granted release_audit_hub_writer (which can create nothing), run this with the owner\'s connection string',
      'first, at installation and after each upgrade. One hub or migration at a time holds the lock.',
    ],
    options: { 'database-url': { type: 'string' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const url = databaseUrlOf(values);
      const { openHubDatabase, hubMigrationsFolder, describeUrl } = await import('../hub/db/database');
      const database = await openHubDatabase(url, { migrationsFolder: hubMigrationsFolder(appRoot), max: 1 });
      await database.close();
      io.out(`The hub's database at ${describeUrl(url)} is up to date.`);
      return 0;
    },
  },
  {
    name: 'hub verify',
    synopsis: '[--json] --database-url URL --hub-dir DIR',
    summary: "Check the hub: its working copy as `verify` does, and every entry, object and archived report in PostgreSQL",
    details: [
      'Each entry in PostgreSQL is recomputed from its signed contents, linked to the one before in its',
      "device's chain (across a gap, through the working copy's stub) and compared with the working copy;",
      "each object's pieces are read back and hashed; each archived report must have its object and its",
      'retention; the protections (triggers, the writer role without delete) must be as the hub made them.',
      'Exit 0 when everything holds, 1 with each problem listed.',
    ],
    options: { ...hubOptions, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const report = await withHub(values, appRoot, async (hub) => (await import('../hub/verify')).verifyHub(hub));
      if (values.json) return printJson(io, report), report.ok ? 0 : 1;
      const c = report.checked;
      const w = report.workingCopy.checked;
      io.out(`Working copy: ${w.ledgerEntries} ledger entries of ${w.devices} devices, ${w.records} records, ${w.vaultObjects} vault objects.`);
      io.out(`PostgreSQL: ${c.entries} entries of ${c.devices} devices, ${c.objects} objects (${(c.bytes / 1024 / 1024).toFixed(1)} MB), ${c.archived} archived reports, ${c.retained} retention rows.`);
      if (report.ok) io.out('Everything holds.');
      else {
        io.out(`${report.problems.length} problem(s):`);
        for (const p of report.problems) io.out(`  [${p.area}] ${p.location}: ${p.message}`);
      }
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'hub access-log',
    synopsis: '[--audit ID] [--since ISO] [--limit N] [--json] --database-url URL',
    summary: 'Show who asked the hub for what, accepted or refused, newest first',
    details: [
      'Every request the hub answers is logged, and the log can be neither changed nor removed.',
      '--audit ID     only the requests about this audit',
      '--since ISO    only requests at or after this date (2026-12-01) or moment (2026-12-01T08:00:00Z)',
      '--limit N      the newest N (default 100, at most 10,000)',
    ],
    options: { 'database-url': { type: 'string' }, 'hub-dir': { type: 'string' }, audit: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const url = databaseUrlOf(values);
      const limit = limitOf(values.limit);
      const [{ readAccessLog, accessLine, parseSince }, { openHubDatabase, hubMigrationsFolder }] = await Promise.all([import('../hub/access-log'), import('../hub/db/database')]);
      const since = values.since as string | undefined;
      if (since !== undefined) parseSince(since);
      const database = await openHubDatabase(url, { migrationsFolder: hubMigrationsFolder(appRoot), max: 2 });
      try {
        const rows = await readAccessLog(database.pool, { auditId: values.audit as string | undefined, since, limit });
        if (values.json) return printJson(io, rows), 0;
        if (rows.length === 0) io.out('No request matches.');
        for (const r of rows) io.out(accessLine(r));
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  {
    name: 'hub archive',
    synopsis: '[--audit ID] [--json] --database-url URL --hub-dir DIR',
    summary: 'List the issued reports archived on the hub and until when each is kept',
    options: { ...hubOptions, audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, args, io, appRoot }) {
      noExtraArgs(args);
      const list = await withHub(values, appRoot, async (hub) => (await import('../hub/archive')).listArchive(hub, values.audit as string | undefined));
      if (values.json) return printJson(io, list), 0;
      if (list.length === 0) io.out('The hub has archived no report yet.');
      for (const r of list) io.out(`${r.reportId}  audit ${r.auditId}  ${r.kind.padEnd(7)} kept until ${r.retainUntil}  archived ${r.archivedAt.slice(0, 10)}  sha256 ${r.sha256}`);
      return 0;
    },
  },
];
