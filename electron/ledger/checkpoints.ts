import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { VerifyProblem } from '../../shared/api/system';
import { canonicalJson } from './canonical';

// Signed checkpoints: a device's chain head (its newest entry's number and hash) signed with the key
// of the auditor working on it, in the spirit of RFC 9162's signed tree heads. Every entry's hash
// covers the one before it, so the hash at #n stands for the whole chain up to #n: rewriting any of
// those entries and recomputing the hashes after it yields another hash at #n, which only the holder
// of the signing key can sign again. Checkpoints are made when an audit is finalised, a report is
// issued and a bundle is exported; reports and bundles carry them, so the signed head leaves the laptop.

export const checkpointReasons = ['finalise', 'report', 'bundle'] as const;
export type CheckpointReason = (typeof checkpointReasons)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A checkpoint as it travels in reports and bundles (and as it is stored): checked like any untrusted input. */
export const Checkpoint = z.strictObject({
  deviceId: z.string().min(1).max(64),
  seq: z.number().int().positive(),
  hash: hex64,
  sealedAt: z.string().max(40),
  clock: z.string().max(80),
  reason: z.enum(checkpointReasons),
  signer: z.string().max(400),
  fingerprint: hex64,
  certificate: z.string().max(16_384),
  signature: z.string().max(2048),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export interface CheckpointSigner {
  name: string;
  privateKeyPem: string;
  certificateDer: Buffer;
}

/** What is signed: a fixed label, so a checkpoint's signature can never pass for a report's or a bundle's. */
function statement(cp: Omit<Checkpoint, 'fingerprint' | 'certificate' | 'signature'>): Buffer {
  return Buffer.from(canonicalJson(['release-audit/ledger-checkpoint/v1', cp.deviceId, cp.seq, cp.hash, cp.sealedAt, cp.clock, cp.reason, cp.signer]), 'utf8');
}

const fingerprintOf = (der: Buffer) => crypto.createHash('sha256').update(der).digest('hex');

/**
 * Signs the device's current head and stores the checkpoint. Call inside the transaction of the change
 * it seals, so the two land together. `clock` is a clock value the device has just issued: every entry
 * it writes later carries a later one, so an entry after the head with an earlier clock is not its own.
 * Returns null when the device has written nothing yet.
 */
export function sealHead(sqlite: Database.Database, deviceId: string, signer: CheckpointSigner, reason: CheckpointReason, clock: string, now: Date = new Date()): Checkpoint | null {
  const head = sqlite.prepare('SELECT seq, hash FROM ledger_heads WHERE device_id = ?').get(deviceId) as { seq: number; hash: string } | undefined;
  if (!head) return null;
  const fingerprint = fingerprintOf(signer.certificateDer);
  const unsigned = { deviceId, seq: head.seq, hash: head.hash, sealedAt: now.toISOString(), clock, reason, signer: signer.name };
  const checkpoint: Checkpoint = {
    ...unsigned,
    fingerprint,
    certificate: signer.certificateDer.toString('base64'),
    signature: crypto.sign('sha256', statement(unsigned), signer.privateKeyPem).toString('base64'),
  };
  // The first seal of a head by a key is the one kept here; the fresh one (its clock later) is what travels.
  storeCheckpoint(sqlite, checkpoint);
  return checkpoint;
}

/** Stores a checkpoint (a received one too); one already held is kept as it is. */
export function storeCheckpoint(sqlite: Database.Database, cp: Checkpoint): void {
  sqlite
    .prepare(
      `INSERT OR IGNORE INTO ledger_checkpoints (device_id, seq, hash, sealed_at, clock, reason, signer, fingerprint, certificate, signature)
       VALUES (@deviceId, @seq, @hash, @sealedAt, @clock, @reason, @signer, @fingerprint, @certificate, @signature)`,
    )
    .run(cp);
}

const selectCheckpoints = `SELECT device_id AS deviceId, seq, hash, sealed_at AS sealedAt, clock, reason, signer, fingerprint, certificate, signature FROM ledger_checkpoints`;

export function listCheckpoints(sqlite: Database.Database, deviceId?: string): Checkpoint[] {
  return (deviceId === undefined
    ? sqlite.prepare(`${selectCheckpoints} ORDER BY device_id, seq`).all()
    : sqlite.prepare(`${selectCheckpoints} WHERE device_id = ? ORDER BY seq`).all(deviceId)) as Checkpoint[];
}

/** Why a checkpoint's signature does not hold, or null when it does (whoever the signer is). */
export function checkpointSignatureProblem(cp: Checkpoint): string | null {
  const parsed = Checkpoint.safeParse(cp);
  if (!parsed.success) return 'it is not a well-formed checkpoint.';
  let der: Buffer;
  let certificate: crypto.X509Certificate;
  try {
    der = Buffer.from(cp.certificate, 'base64');
    certificate = new crypto.X509Certificate(der);
  } catch {
    return 'its certificate cannot be read.';
  }
  if (fingerprintOf(der) !== cp.fingerprint) return 'its certificate is not the one its fingerprint names.';
  const { fingerprint: _f, certificate: _c, signature, ...unsigned } = cp;
  let valid = false;
  try {
    valid = crypto.verify('sha256', statement(unsigned), certificate.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? null : 'its signature does not match what it states: the checkpoint was altered.';
}

/**
 * Where a signed head stands against the chain this laptop holds: the same hash at that number
 * (held), another one (rewritten), or a chain that no longer reaches it (removed).
 */
export function headAgainstChain(sqlite: Database.Database, cp: Pick<Checkpoint, 'deviceId' | 'seq' | 'hash'>): 'held' | 'rewritten' | 'removed' | 'unknown-device' {
  const row = (sqlite.prepare('SELECT hash FROM ledger WHERE device_id = ? AND seq = ?').get(cp.deviceId, cp.seq) ??
    sqlite.prepare('SELECT hash FROM ledger_stubs WHERE device_id = ? AND seq = ?').get(cp.deviceId, cp.seq)) as { hash: string } | undefined;
  if (row) return row.hash === cp.hash ? 'held' : 'rewritten';
  const known = sqlite.prepare('SELECT 1 FROM ledger_heads WHERE device_id = ?').get(cp.deviceId);
  return known ? 'removed' : 'unknown-device';
}

export const shortFingerprint = (fingerprint: string) => fingerprint.slice(0, 16).replace(/(.{4})(?=.)/g, '$1:');

/** A sentence naming a checkpoint: its place in the chain, when, and by whom (with the key's fingerprint). */
export function describeCheckpoint(cp: Checkpoint): string {
  return `#${cp.seq} sealed ${cp.sealedAt.slice(0, 19).replace('T', ' ')} UTC (${cp.reason}) by ${cp.signer}, key ${shortFingerprint(cp.fingerprint)}`;
}

export interface CheckpointVerification {
  problems: VerifyProblem[];
  checkpoints: number;
}

/**
 * Checks every stored checkpoint: its signature, that its signer is a key this laptop knows, and that the
 * chain still holds the head it signed. Then that every finalisation and issued report this laptop wrote
 * is covered by a checkpoint made no earlier than it, so removing checkpoints is seen as well.
 */
export function verifyCheckpoints(sqlite: Database.Database, options: { thisDevice: string; knownSigners: Set<string> }): CheckpointVerification {
  const problems: VerifyProblem[] = [];
  const all = listCheckpoints(sqlite);
  const newestValid = new Map<string, number>();
  for (const cp of all) {
    const location = `device ${cp.deviceId}, checkpoint #${cp.seq}`;
    const signatureProblem = checkpointSignatureProblem(cp);
    if (signatureProblem) {
      problems.push({ area: 'ledger', location, message: signatureProblem });
      continue;
    }
    if (!options.knownSigners.has(cp.fingerprint)) {
      problems.push({
        area: 'ledger',
        location,
        message: `it is signed by a key this laptop does not know (${cp.signer}, fingerprint ${cp.fingerprint}): it was added outside the app.`,
      });
      continue;
    }
    // Validly signed by a known key: it covers what it sealed, whatever has happened to the chain since (said below).
    newestValid.set(cp.deviceId, Math.max(newestValid.get(cp.deviceId) ?? 0, cp.seq));
    const standing = headAgainstChain(sqlite, cp);
    if (standing === 'rewritten') {
      problems.push({
        area: 'ledger',
        location,
        message: `the chain up to #${cp.seq} no longer has the head signed at ${describeCheckpoint(cp)}: entries up to it were rewritten after they were sealed.`,
      });
    } else if (standing === 'removed' || standing === 'unknown-device') {
      problems.push({
        area: 'ledger',
        location,
        message: `the chain no longer reaches #${cp.seq}, signed at ${describeCheckpoint(cp)}: entries were removed after they were sealed.`,
      });
    }
  }
  // Every finalisation and issued report written on this laptop is sealed in the same transaction.
  const sealedEvents = sqlite
    .prepare(
      `SELECT seq, entity FROM ledger WHERE device_id = ? AND (
         (entity = 'audits' AND op = 'update' AND json_extract(fields, '$.status') = 'finalised') OR (entity = 'reports' AND op = 'insert'))
       ORDER BY seq`,
    )
    .all(options.thisDevice) as Array<{ seq: number; entity: string }>;
  const covered = newestValid.get(options.thisDevice) ?? 0;
  // Written by the migration that brought checkpoints: what came before it was never sealed.
  const sinceRow = sqlite.prepare("SELECT value FROM meta WHERE key = 'checkpoints_since'").get() as { value: string } | undefined;
  const since = Number(sinceRow?.value ?? Number.NaN);
  const firstOwn = all.find((cp) => cp.deviceId === options.thisDevice)?.seq;
  if (!Number.isInteger(since) || since < 0 || (firstOwn !== undefined && since > firstOwn)) {
    problems.push({
      area: 'ledger',
      location: 'meta checkpoints_since',
      message: 'the note of where signed checkpoints began is missing or was moved past the first checkpoint: it was changed outside the app.',
    });
  }
  const exempt = Number.isInteger(since) && since >= 0 ? Math.min(since, firstOwn ?? since) : 0;
  for (const event of sealedEvents) {
    if (event.seq > covered && event.seq > exempt) {
      problems.push({
        area: 'ledger',
        location: `device ${options.thisDevice}, entry #${event.seq}`,
        message: `this ${event.entity === 'audits' ? 'finalisation' : 'issued report'} has no valid signed checkpoint at or after it: the checkpoint was removed, or the chain was rewritten.`,
      });
    }
  }
  return { problems, checkpoints: all.length };
}

/** The most checkpoints one bundle may carry; a bundle with more is refused before anything is written. */
export const MAX_BUNDLE_CHECKPOINTS = 10_000;

/** The checkpoints to send with a bundle: those of each device it carries, up to the entry it carries last. */
export function checkpointsForBundle(sqlite: Database.Database, ranges: Array<{ deviceId: string; to: number }>): Checkpoint[] {
  const select = sqlite.prepare(`${selectCheckpoints} WHERE device_id = ? AND seq <= ? ORDER BY seq DESC LIMIT ?`);
  const out: Checkpoint[] = [];
  for (const range of ranges) out.push(...((select.all(range.deviceId, range.to, MAX_BUNDLE_CHECKPOINTS) as Checkpoint[]).reverse()));
  return out.slice(-MAX_BUNDLE_CHECKPOINTS);
}

/**
 * Checks the checkpoints a bundle carries against the entries it carries and what this laptop holds,
 * and returns those to keep. `hashAt` answers the hash of a device's entry #seq once the bundle is in
 * (its own entries first, then what is held), or undefined. A checkpoint that is forged, or whose signed
 * head contradicts the entries, refuses the bundle; one by a key this laptop does not know is left out.
 */
export function checkIncomingCheckpoints(
  sqlite: Database.Database,
  incoming: unknown,
  hashAt: (deviceId: string, seq: number) => string | undefined,
  knownSigners: Set<string>,
): Checkpoint[] {
  if (incoming === undefined) return [];
  const parsed = z.array(Checkpoint).max(MAX_BUNDLE_CHECKPOINTS).safeParse(incoming);
  if (!parsed.success) throw new CheckpointRefusal('The bundle’s signed ledger heads are malformed or too many. Nothing was imported.');
  const held = sqlite.prepare('SELECT hash FROM ledger_checkpoints WHERE device_id = ? AND seq = ?');
  const keep: Checkpoint[] = [];
  for (const cp of parsed.data) {
    const problem = checkpointSignatureProblem(cp);
    if (problem) throw new CheckpointRefusal(`The bundle’s signed head of device ${cp.deviceId} #${cp.seq} does not hold: ${problem} Nothing was imported.`);
    const hash = hashAt(cp.deviceId, cp.seq);
    if (hash !== undefined && hash !== cp.hash) {
      throw new CheckpointRefusal(
        `Device ${cp.deviceId} signed its entry #${cp.seq} as ${cp.hash.slice(0, 12)}… (${describeCheckpoint(cp)}), but the entries now offered say ${hash.slice(0, 12)}…: one laptop's history was rewritten. Nothing was imported.`,
      );
    }
    for (const other of held.all(cp.deviceId, cp.seq) as Array<{ hash: string }>) {
      if (other.hash !== cp.hash) {
        throw new CheckpointRefusal(`Device ${cp.deviceId} has two signed heads at #${cp.seq} that differ: its history was rewritten after one of them. Nothing was imported.`);
      }
    }
    if (knownSigners.has(cp.fingerprint)) keep.push(cp);
  }
  return keep;
}

/** A bundle refused for its checkpoints (the caller turns it into its own error type). */
export class CheckpointRefusal extends Error {}
