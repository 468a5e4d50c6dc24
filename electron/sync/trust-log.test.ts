import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { syncStatus } from './service';
import { checkSyncState } from './trust-log';
import { revokeKey, trustKey, trustOfFingerprint } from './trust';

// Trust decisions and device bindings are signed and chained, so that a row written behind the app's
// back shows. Each tamper is done the way an attacker would: with the sqlite3 shell on the real file.

const shell = (file: string, sql: string) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' });
const messages = (core: ReturnType<typeof laptop>) => checkSyncState(core).map((p) => `${p.location}: ${p.message}`);

async function bobTrustingAlice() {
  const alice = laptop('Alice');
  const bob = laptop('Bob');
  const audit = createAudit(alice, { name: 'Trust audit', description: '' });
  await exchange(alice, bob, audit.id);
  const fingerprint = syncStatus(bob).keys[0]!.fingerprint;
  return { alice, bob, fingerprint, file: bob.layout.databaseFile };
}

describe('trust decisions and device bindings are verifiable', () => {
  it('hold on a laptop nobody tampered with, through trust, revoke and trust again', async () => {
    const { bob, fingerprint } = await bobTrustingAlice();
    revokeKey(bob, fingerprint);
    trustKey(bob, fingerprint);
    expect(checkSyncState(bob)).toEqual([]);
  });

  it('see a planted trigger that undoes revocations', async () => {
    const { bob, fingerprint, file } = await bobTrustingAlice();
    shell(
      file,
      "CREATE TRIGGER keep_trusted AFTER UPDATE OF status ON trusted_keys WHEN NEW.status = 'revoked' BEGIN UPDATE trusted_keys SET status = 'trusted', revoked_at = NULL, revoked_by = NULL WHERE fingerprint = NEW.fingerprint; END;",
    );
    revokeKey(bob, fingerprint);
    // The attack works at run time: the key is still trusted...
    expect(trustOfFingerprint(bob, fingerprint).trust).toBe('trusted');
    // ...and verify sees it.
    expect(messages(bob)).toEqual([expect.stringMatching(/^trusted key .*: it is trusted, but the last decision made here revoked it: it was changed outside the app\.$/)]);
  });

  it('see a direct INSERT that trusts a key, binds a device, or forges a decision', async () => {
    const { bob, file } = await bobTrustingAlice();
    const mallory = 'ab'.repeat(32);
    shell(file, `INSERT INTO trusted_keys (fingerprint, certificate, subject, status, added_at, added_by) VALUES ('${mallory}', 'x', 'CN=Mallory', 'trusted', '2026-01-01T00:00:00.000Z', 'Bob');`);
    expect(messages(bob)).toEqual([expect.stringMatching(/no trust decision made here explains it: it was added outside the app/)]);
    shell(file, `INSERT INTO device_keys (device_id, fingerprint, actor, bound_at, bound_by) VALUES ('mallory-device', '${mallory}', 'Mallory', '2026-01-01T00:00:00.000Z', 'Bob');`);
    expect(messages(bob)).toContainEqual(expect.stringMatching(/^device binding mallory-device: no bundle imported here bound this device/));
    // A decision row copied from a genuine one (its signature with it) does not fit where it is put.
    shell(
      file,
      `INSERT INTO trust_log (seq, kind, subject, detail, at, by, prev_hash, hash, signed_by, signature)
       SELECT (SELECT max(seq) FROM trust_log) + 1, 'trust', '${mallory}', detail, at, by, (SELECT hash FROM trust_log ORDER BY seq DESC LIMIT 1), hash, signed_by, signature FROM trust_log WHERE kind = 'trust' LIMIT 1;`,
    );
    const after = messages(bob);
    expect(after).toContainEqual(expect.stringMatching(/^trust decision #\d+: it does not match its hash/));
    // The forged decision now "explains" Mallory's row, but is itself caught.
    expect(after.some((m) => m.includes('no trust decision made here explains it'))).toBe(false);
  });

  it('see a binding changed or removed behind the app\'s back', async () => {
    const { bob, alice, file } = await bobTrustingAlice();
    shell(file, `DROP TRIGGER device_keys_no_update; UPDATE device_keys SET fingerprint = '${'cd'.repeat(32)}' WHERE device_id = '${alice.deviceId}';`);
    expect(messages(bob)).toContainEqual(expect.stringMatching(/^device binding .*: it names another key than the one this device was bound to/));
    shell(file, `DROP TRIGGER device_keys_no_delete; DELETE FROM device_keys WHERE device_id = '${alice.deviceId}';`);
    expect(messages(bob)).toContainEqual(expect.stringMatching(/the binding is gone: it was removed outside the app/));
  });
});
