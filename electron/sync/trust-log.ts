import crypto from 'node:crypto';
import type { VerifyProblem } from '../../shared/api/system';
import { canonicalJson, sha256Hex } from '../ledger/canonical';
import { GENESIS_HASH } from '../ledger/ledger';
import { createSelfSignedIdentity, keyAndCertificate, listIdentities, loadIdentity } from '../identity/identity';
import type { Core } from '../services';

// The log of every trust decision (a key trusted or revoked) and every device binding (which key a
// device's own bundles are signed with) made on this laptop. device_keys keeps a device's first key
// for good; a rebinding (its key replaced, endorsed by the key it was bound to) is kept only here. Each entry is chained to the one before
// and signed with this laptop's own key (a rebinding: a device's key replaced, endorsed by its old key), and trusted_keys and device_keys must say what the log says:
// so a row written behind the app's back (a direct INSERT, a trigger undoing a revocation) shows in
// verify. What it cannot show: someone who also holds this laptop's private key and re-signs.

export type TrustKind = 'trust' | 'revoke' | 'bind' | 'rebind';

interface LogRow {
  seq: number;
  kind: string;
  subject: string;
  detail: string;
  at: string;
  by: string;
  prevHash: string;
  hash: string;
  signedBy: string | null;
  signature: string | null;
}

const logHash = (row: Omit<LogRow, 'hash' | 'signedBy' | 'signature'>): string =>
  sha256Hex(canonicalJson([row.seq, row.kind, row.subject, row.detail, row.at, row.by, row.prevHash]));

const signers = new WeakMap<Core, { fingerprint: string; privateKeyPem: string }>();

/** This laptop's own key for the acting auditor (made on first use, as for a report or a bundle). */
function ownSigner(core: Core): { fingerprint: string; privateKeyPem: string } {
  let signer = signers.get(core);
  if (!signer) {
    const identity = loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor);
    signer = { fingerprint: identity.fingerprint, privateKeyPem: keyAndCertificate(identity).privateKeyPem };
    signers.set(core, signer);
  }
  return signer;
}

/** Appends one signed decision. Call inside the transaction that writes the row it explains. */
export function recordDecision(core: Core, kind: TrustKind, subject: string, detail: Record<string, unknown>, at: string): void {
  const last = core.sqlite.prepare('SELECT seq, hash FROM trust_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  // Decisions taken over from an older version carry no hash: the signed chain starts after them.
  const row = { seq: (last?.seq ?? 0) + 1, kind, subject, detail: canonicalJson(detail), at, by: core.actor, prevHash: last?.hash || GENESIS_HASH };
  const hash = logHash(row);
  const signer = ownSigner(core);
  const signature = crypto.sign('sha256', Buffer.from(hash, 'utf8'), signer.privateKeyPem).toString('base64');
  core.sqlite
    .prepare('INSERT INTO trust_log (seq, kind, subject, detail, at, by, prev_hash, hash, signed_by, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.seq, row.kind, row.subject, row.detail, row.at, row.by, row.prevHash, hash, signer.fingerprint, signature);
}

function parseDetail(text: string): { from?: unknown; fingerprint?: unknown } {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as { from?: unknown; fingerprint?: unknown }) : {};
  } catch {
    return {};
  }
}

export interface Rebinding {
  deviceId: string;
  from: string;
  to: string;
  actor: string;
  /** When the device's owner replaced the key (its statement's time). */
  replacedAt: string;
  /** When this laptop took the new key. */
  at: string;
}

/** Every device whose key was replaced here on its old key's word, from the trust log, oldest first. */
export function listRebindings(core: Core): Rebinding[] {
  const rows = core.sqlite.prepare("SELECT subject, detail, at FROM trust_log WHERE kind = 'rebind' ORDER BY seq").all() as Array<{ subject: string; detail: string; at: string }>;
  return rows.map((row) => {
    const detail = parseDetail(row.detail) as { from?: unknown; fingerprint?: unknown; actor?: unknown; replacedAt?: unknown };
    return { deviceId: row.subject, from: String(detail.from), to: String(detail.fingerprint), actor: String(detail.actor ?? ''), replacedAt: String(detail.replacedAt ?? row.at), at: row.at };
  });
}

/** What a rebinding means, in a sentence: for verify and the Sync screen. */
export const rebindingSentence = (r: Rebinding): string =>
  `Device ${r.deviceId}'s key was replaced on ${r.replacedAt.slice(0, 10)}, endorsed by its old key (${r.actor}; taken here on ${r.at.slice(0, 10)}).`;

/** The public keys of this laptop's own identities, by fingerprint. */
function ownKeys(core: Core): Map<string, crypto.KeyObject> {
  const keys = new Map<string, crypto.KeyObject>();
  for (const identity of listIdentities(core.layout.root)) {
    try {
      keys.set(identity.fingerprint, new crypto.X509Certificate(keyAndCertificate(identity).certificateDer).publicKey);
    } catch {
      // an identity that does not open: decisions it signed are reported below
    }
  }
  return keys;
}

/**
 * Checks the trust log (order, chain, signatures) and that trusted_keys, device_keys and sync_peers
 * say what it says. For verify: each problem names the row.
 */
export function checkSyncState(core: Core): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const add = (location: string, message: string) => problems.push({ area: 'database', location, message });
  const rows = core.sqlite
    .prepare('SELECT seq, kind, subject, detail, at, by, prev_hash AS prevHash, hash, signed_by AS signedBy, signature FROM trust_log ORDER BY seq')
    .all() as LogRow[];
  const legacy = Number((core.sqlite.prepare("SELECT value FROM meta WHERE key = 'trust_log_legacy'").get() as { value: string } | undefined)?.value ?? 0);
  const keys = rows.some((r) => r.signature !== null) ? ownKeys(core) : new Map<string, crypto.KeyObject>();
  const status = new Map<string, string>();
  const bound = new Map<string, string>();
  // The key each device is bound to now: its first binding, moved by each rebinding after it.
  const current = new Map<string, string>();
  let previous = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const where = `trust decision #${row.seq}`;
    if (row.seq !== index + 1) add(where, `trust decisions are numbered without gaps: expected #${index + 1}. A decision was removed or inserted outside the app.`);
    const isLegacy = row.kind.startsWith('legacy-');
    if (isLegacy) {
      if (index >= legacy || row.signature !== null) add(where, 'it claims to come from an older version, but it was added after the upgrade: it was written outside the app.');
    } else {
      if (row.prevHash !== previous || logHash(row) !== row.hash) add(where, 'it does not match its hash or does not link to the decision before: the log was changed outside the app.');
      const key = row.signedBy ? keys.get(row.signedBy) : undefined;
      if (!row.signature || !key) add(where, 'it is not signed by a key of this laptop: it was written outside the app.');
      else if (!crypto.verify('sha256', Buffer.from(row.hash, 'utf8'), key, Buffer.from(row.signature, 'base64'))) add(where, 'its signature does not match: it was changed outside the app.');
      previous = row.hash;
    }
    const kind = row.kind.replace(/^legacy-/, '');
    if (kind === 'trust' || kind === 'trusted') status.set(row.subject, 'trusted');
    else if (kind === 'revoke' || kind === 'revoked') status.set(row.subject, 'revoked');
    else if (kind === 'bind') {
      let fingerprint: unknown;
      try {
        fingerprint = (JSON.parse(row.detail) as { fingerprint?: unknown }).fingerprint;
      } catch {
        fingerprint = undefined;
      }
      if (bound.has(row.subject)) add(where, `device ${row.subject} is bound a second time: a device keeps the key of its first bundle.`);
      else {
        bound.set(row.subject, String(fingerprint));
        current.set(row.subject, String(fingerprint));
      }
    } else if (kind === 'rebind') {
      // A device's key replaced, on the word of the key it was bound to: only from the key bound then.
      const detail = parseDetail(row.detail);
      if (!current.has(row.subject)) add(where, `device ${row.subject} is moved to a new key, but it was never bound here: it was written outside the app.`);
      else if (current.get(row.subject) !== detail.from) add(where, `device ${row.subject} is moved to a new key from another key than the one it was bound to: it was written outside the app.`);
      else current.set(row.subject, String(detail.fingerprint));
    } else add(where, `it records a decision the app does not make (${row.kind}).`);
  }
  const keyRows = core.sqlite.prepare('SELECT fingerprint, status FROM trusted_keys').all() as Array<{ fingerprint: string; status: string }>;
  for (const key of keyRows) {
    const decided = status.get(key.fingerprint);
    const where = `trusted key ${key.fingerprint.slice(0, 16)}…`;
    if (decided === undefined) add(where, 'no trust decision made here explains it: it was added outside the app.');
    else if (decided !== key.status) add(where, `it is ${key.status}, but the last decision made here ${decided === 'revoked' ? 'revoked it' : 'trusted it'}: it was changed outside the app.`);
    status.delete(key.fingerprint);
  }
  for (const fingerprint of status.keys()) add(`trusted key ${fingerprint.slice(0, 16)}…`, 'a decision was made on this key here, but its row is gone: it was removed outside the app.');
  const deviceRows = core.sqlite.prepare('SELECT device_id AS deviceId, fingerprint FROM device_keys').all() as Array<{ deviceId: string; fingerprint: string }>;
  for (const device of deviceRows) {
    const where = `device binding ${device.deviceId}`;
    const decided = bound.get(device.deviceId);
    if (decided === undefined) add(where, 'no bundle imported here bound this device to a key: it was added outside the app.');
    else if (decided !== device.fingerprint) add(where, 'it names another key than the one this device was bound to: it was changed outside the app.');
    bound.delete(device.deviceId);
  }
  for (const deviceId of bound.keys()) add(`device binding ${deviceId}`, 'this device was bound to a key here, but the binding is gone: it was removed outside the app.');
  const peers = core.sqlite
    .prepare('SELECT p.device_id AS deviceId, p.fingerprint, d.fingerprint AS boundTo FROM sync_peers p LEFT JOIN device_keys d ON d.device_id = p.device_id')
    .all() as Array<{ deviceId: string; fingerprint: string; boundTo: string | null }>;
  for (const peer of peers) {
    const expected = peer.boundTo === null ? null : (current.get(peer.deviceId) ?? peer.boundTo);
    if (expected !== peer.fingerprint) add(`peer ${peer.deviceId}`, 'its key is not the one the device is bound to: it was changed outside the app.');
  }
  return problems;
}
