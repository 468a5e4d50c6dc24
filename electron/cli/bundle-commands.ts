import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { BundleSummary, SyncFork } from '../../shared/api/sync';
import { resolveDataDir } from '../paths';
import { argsExactly, noExtraArgs, printJson, required } from './command-kit';
import type { CliIo, CommandSpec } from './spec';
import { UsageError } from './usage';

// The sync code (zip, signatures) loads only when a bundle command runs.
const importer = () => import('../sync/import');
const sync = () => import('../sync/service');

// Sync from the command line: export an audit to a bundle file, import one, and see peers,
// keys and conflicts. Progress goes to stderr, results to stdout.

const FINGERPRINT = /^[0-9a-f]{64}$/;
const normaliseFingerprint = (text: string): string => {
  const compact = text.replace(/:/g, '').toLowerCase();
  if (!FINGERPRINT.test(compact)) throw new UsageError('A key fingerprint is 64 hex characters (colons allowed), as printed by bundle inspect.');
  return compact;
};

function bundleFile(args: string[]): string {
  argsExactly(args, 'bundle FILE');
  const file = path.resolve(args[0] as string);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `There is no file at ${file}.`);
  return file;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Progress on stderr, one line each time the stage or the whole percentage changes. */
export function progressTo(io: { err: (line: string) => void }): (stage: string, fraction: number) => void {
  let last = '';
  return (stage, fraction) => {
    const line = `${Math.round(fraction * 100).toString().padStart(3)}% ${stage}`;
    if (line !== last) io.err(line);
    last = line;
  };
}

async function printSummary(io: CliIo, summary: BundleSummary, json: boolean): Promise<number> {
  if (json) return printJson(io, summary), 0;
  const { formatFingerprint } = await importer();
  io.out(`Audit: ${summary.audit.name} (${summary.audit.id})`);
  io.out(`From: ${summary.from.actor} on device ${summary.from.deviceId}, made ${summary.createdAt}`);
  io.out(`Signed by: ${summary.signer.subject}`);
  io.out(`Key fingerprint: ${formatFingerprint(summary.signer.fingerprint)} (${summary.signer.trust})`);
  io.out(`Holds ${summary.entries} entries (${summary.newEntries} new here) and ${summary.objects} evidence file(s).`);
  if (summary.alreadyImported) io.out(`Already imported on ${summary.alreadyImported}.`);
  return 0;
}

/** Forks: relayed versions of a laptop's record that contradict the genuine one, kept aside for a person. */
async function printForks(io: CliIo, forks: SyncFork[]): Promise<void> {
  const { describeFork } = await import('../sync/forks');
  if (forks.length > 0) io.out(`${forks.length} fork(s): relayed entries that contradict the laptop's own record, kept aside (see the README, "Sync between laptops"):`);
  for (const fork of forks) {
    io.out(`  ${fork.detectedAt} ${describeFork(fork)}`);
    for (const entry of fork.entries.slice(0, 5)) {
      io.out(`      #${entry.seq} ${entry.stub ? '(an entry of another audit)' : `${entry.op} ${entry.entity} ${entry.entityId} by ${entry.actor}: ${JSON.stringify(entry.fields).slice(0, 120)}`}`);
    }
    if (fork.entries.length > 5) io.out(`      … and ${fork.entries.length - 5} more`);
  }
}

const decided = { keep: 'kept', swap: 'swapped', combine: 'both kept' } as const;

export const bundleCommands: CommandSpec[] = [
  {
    name: 'bundle export',
    synopsis: '--audit ID --out FILE [--for PEER] [--json]',
    summary: 'Write a signed bundle of the audit for another laptop',
    details: ['All of the audit, or (--for: a device id or auditor name) only what that laptop has not seen yet.'],
    options: { audit: { type: 'string' }, out: { type: 'string' }, for: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const out = required(values, 'out');
      const forPeer = typeof values.for === 'string' ? values.for.trim() : null;
      if (forPeer === '') throw new UsageError('--for needs a peer: its device id or its auditor\'s name (see bundle status).');
      const { exportBundle } = await import('../sync/export');
      const result = await exportBundle(open({ mustExist: true }), { auditId, out, forPeer }, progressTo(io));
      if (values.json) return printJson(io, result), 0;
      io.out(
        `Wrote ${result.file} (${result.bytes} bytes): ${plural(result.entries, 'entry', 'entries')}, ${plural(result.objects, 'evidence file', 'evidence files')}` +
          `${result.stubs ? `, ${plural(result.stubs, 'entry', 'entries')} of other audits left out` : ''}` +
          `${result.forPeer && !result.fromStart ? `, what ${result.forPeer.actor} has not seen` : result.forPeer ? `, the whole audit (${result.forPeer.actor} has not yet said what it holds of it)` : ', the whole audit'}.`,
      );
      return 0;
    },
  },
  {
    name: 'bundle inspect',
    synopsis: 'FILE [--json]',
    summary: 'Check a bundle without importing: signer, key fingerprint, audit, what is new',
    details: ['Works on a laptop with no data yet, and writes nothing.'],
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const file = bundleFile(args);
      const { inspectBundle, readBundleHead } = await importer();
      // A laptop with no data yet can still see who signed a bundle, and writes nothing.
      if (!fs.existsSync(path.join(resolveDataDir(values['data-dir'] as string | undefined), 'release-audit.db'))) {
        const { signer, manifest } = await readBundleHead(file);
        const fresh = {
          bundleId: manifest.bundleId,
          audit: manifest.audit,
          from: { deviceId: manifest.from.deviceId, actor: manifest.from.actor },
          createdAt: manifest.createdAt,
          signer: { fingerprint: signer.fingerprint, subject: signer.subject, name: signer.commonName, trust: 'unknown' as const, revokedAt: null },
          entries: manifest.counts.entries,
          stubs: manifest.counts.stubs,
          objects: manifest.counts.objects,
          newEntries: manifest.counts.entries,
          alreadyImported: null,
        };
        return printSummary(io, fresh, Boolean(values.json));
      }
      const summary = await inspectBundle(open({ mustExist: true }), file, {}, progressTo(io));
      return printSummary(io, summary, Boolean(values.json));
    },
  },
  {
    name: 'bundle import',
    synopsis: 'FILE [--trust FINGERPRINT] [--json]',
    summary: 'Check and merge a bundle',
    details: ["A new signer's key is trusted only with --trust and its fingerprint (compare it first with bundle inspect)."],
    options: { trust: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const file = bundleFile(args);
      const { importBundle } = await importer();
      const trust = typeof values.trust === 'string' ? normaliseFingerprint(values.trust) : undefined;
      const result = await importBundle(open(), file, trust ? { trustFingerprint: trust } : {}, progressTo(io));
      if (values.json) return printJson(io, result), 0;
      if (result.alreadyImported) {
        io.out(`This bundle was already imported on ${result.alreadyImported}: nothing changed.`);
        return 0;
      }
      io.out(
        `Imported ${plural(result.newEntries, 'new entry', 'new entries')} and ${plural(result.newObjects, 'evidence file', 'evidence files')} of "${result.audit.name}" from ${result.from.actor}: ` +
          `${result.inserted} record(s) added, ${result.updated} changed, ${result.deleted} removed.`,
      );
      if (result.conflicts > 0) io.out(`${result.conflicts} conflict(s) wait for a decision (${result.newConflicts} new): release-audit bundle conflicts`);
      if (result.newForks > 0) io.out(`${result.newForks} relayed stretch(es) of a record did not match the genuine one and were kept aside: release-audit bundle status`);
      return 0;
    },
  },
  {
    name: 'bundle status',
    synopsis: '[--json]',
    summary: 'Peers, what each has seen, trusted keys, forks',
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const [{ syncStatus }, { formatFingerprint }] = await Promise.all([sync(), importer()]);
      const status = syncStatus(open({ mustExist: true }));
      if (values.json) return printJson(io, status), 0;
      io.out(`This laptop: device ${status.deviceId}, ${status.actor}${status.identity ? `, key ${formatFingerprint(status.identity.fingerprint)}` : ' (no key yet: made on the first export)'}`);
      if (status.peers.length === 0) io.out('No bundle has been imported from another laptop yet.');
      for (const peer of status.peers) {
        io.out(`${peer.actor} (device ${peer.deviceId}, key ${peer.trust}), last bundle made ${peer.lastBundleAt}, imported ${peer.lastImportAt}`);
        for (const a of peer.audits) io.out(`  ${a.auditName}: has this laptop's record up to #${a.seenOfOurs} of #${a.ourHead}`);
      }
      for (const key of status.keys) io.out(`Key ${formatFingerprint(key.fingerprint)} ${key.status}: ${key.subject}`);
      io.out(`${status.openConflicts} conflict(s) wait for a decision.`);
      await printForks(io, status.forks);
      return 0;
    },
  },
  {
    name: 'bundle conflicts',
    synopsis: '[--audit ID] [--json]',
    summary: 'Edits that lost to a concurrent edit, with both values',
    options: { audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const [{ listConflicts, listForks }, { rowOrNotFound }] = await Promise.all([sync(), import('../rows')]);
      const core = open({ mustExist: true });
      const auditId = typeof values.audit === 'string' ? values.audit : undefined;
      if (auditId) rowOrNotFound(core, 'audits', auditId, 'audit');
      const conflicts = listConflicts(core, auditId);
      if (values.json) return printJson(io, conflicts), 0;
      const forks = values.json ? [] : listForks(core);
      if (conflicts.length === 0) io.out('No conflicts.');
      await printForks(io, forks);
      for (const c of conflicts) {
        io.out(`${c.id} [${c.kind}${c.resolution ? `, ${decided[c.resolution.decision]} by ${c.resolution.by}` : c.canCombine ? ', lists: both can be kept' : ''}] ${c.record}, ${c.fieldLabel}`);
        io.out(`    current: ${JSON.stringify(c.current.value)}${c.current.actor ? ` (${c.current.actor})` : ''}`);
        io.out(`    other:   ${JSON.stringify(c.other.value)} (${c.other.actor}, ${c.other.at})`);
      }
      return 0;
    },
  },
  {
    name: 'bundle resolve',
    synopsis: 'ID keep|swap|both',
    summary: 'Keep the current value, swap in the other, or keep both lists',
    options: {},
    async run({ open, args, io }) {
      const { resolveConflict } = await sync();
      const decision = args[1] === 'both' ? 'combine' : args[1];
      if (args.length !== 2 || (decision !== 'keep' && decision !== 'swap' && decision !== 'combine')) throw new UsageError('Give the conflict ID and keep, swap or both.');
      resolveConflict(open({ mustExist: true }), { id: args[0] as string, decision });
      io.out(decision === 'keep' ? 'Kept the current value.' : decision === 'swap' ? 'Swapped in the other value.' : 'Kept both lists in one.');
      return 0;
    },
  },
  {
    name: 'bundle revoke',
    synopsis: 'FINGERPRINT',
    summary: 'Refuse bundles signed with a key from now on',
    options: {},
    async run({ open, args, io }) {
      const { revokeKey } = await import('../sync/trust');
      if (args.length !== 1) throw new UsageError('Give the key fingerprint to revoke.');
      revokeKey(open({ mustExist: true }), normaliseFingerprint(args[0] as string));
      io.out('Revoked: bundles signed with that key are refused from now on.');
      return 0;
    },
  },
  {
    name: 'bundle trust',
    synopsis: 'FINGERPRINT',
    summary: 'Accept a revoked key again',
    options: {},
    async run({ open, args, io }) {
      const { trustKey } = await import('../sync/trust');
      if (args.length !== 1) throw new UsageError('Give the key fingerprint to trust again.');
      trustKey(open({ mustExist: true }), normaliseFingerprint(args[0] as string));
      io.out('Trusted again.');
      return 0;
    },
  },
];
