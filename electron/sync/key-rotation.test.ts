import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { keyAndCertificate, loadIdentity } from '../identity/identity';
import type { Identity } from '../identity/p12';
import { endorseRotation, rotationsOf } from '../identity/identity-rotation';
import type { Core } from '../services';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { readParts, writeParts } from './craft';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';
import { bindingOf, trustOfFingerprint } from './trust';
import { checkSyncState, listRebindings, recordDecision } from './trust-log';
import { syncStatus } from './service';
import { verifyAll } from '../system/verify';

// A laptop that replaced its key: its old key endorses the new one, and peers that trust the old key
// move the device to the new one on that word alone. Nobody else's word moves a device.

const fingerprintOf = (core: Core) => loadIdentity(core.layout.root, core.actor)?.fingerprint as string;

async function replaceKey(core: Core): Promise<string> {
  const replaced = await dispatch(createHandlers(core), 'identity.create', { name: core.actor, role: 'Auditor', replace: true });
  expect(replaced.ok).toBe(true);
  return fingerprintOf(core);
}

async function exportOf(core: Core, auditId: string, name: string): Promise<string> {
  const out = path.join(tempDir(), name);
  await exportBundle(core, { auditId, out, forPeer: null });
  return out;
}

describe('a replaced signing key', () => {
  it('is taken by a peer that trusts the old key once a bundle carries the old key’s endorsement; a laptop that never trusted the old key still asks', async () => {
    const ada = laptop('Ada Rotate');
    const bob = laptop('Bob Rotate');
    const carol = laptop('Carol Rotate');
    const audit = createAudit(ada, { name: 'Rotation', description: '' });
    const old = fingerprintOf(ada);
    await exchange(ada, bob, audit.id);
    expect(bindingOf(bob, ada.deviceId)?.fingerprint).toBe(old);

    const now = await replaceKey(ada);
    expect(rotationsOf(ada.layout.root, ada.deviceId)).toMatchObject([{ deviceId: ada.deviceId, oldFingerprint: old, newFingerprint: now }]);
    createAudit(ada, { name: 'After the new key', description: '' });
    const after = await exportOf(ada, audit.id, 'after.rabundle');

    // No fingerprint to compare: the old key's word is enough here (and the review says so).
    await expect(inspectBundle(bob, after)).resolves.toMatchObject({ signer: { fingerprint: now, trust: 'unknown', endorsedBy: old } });
    await expect(importBundle(bob, after)).resolves.toMatchObject({ signer: { fingerprint: now, trust: 'unknown' } });
    expect(bindingOf(bob, ada.deviceId)?.fingerprint).toBe(now);
    expect(trustOfFingerprint(bob, now).trust).toBe('trusted');
    expect(listRebindings(bob)).toMatchObject([{ deviceId: ada.deviceId, from: old, to: now, actor: 'Ada Rotate', replacedAt: expect.any(String) }]);
    expect(checkSyncState(bob)).toEqual([]);
    // verify and the Sync screen say what happened.
    const sentence = new RegExp(`Device ${ada.deviceId}'s key was replaced on \\d{4}-\\d{2}-\\d{2}, endorsed by its old key`);
    const verified = await verifyAll(bob);
    expect(verified).toMatchObject({ ok: true, problems: [] });
    expect(verified.notices).toEqual([expect.stringMatching(sentence)]);
    expect(syncStatus(bob).peers.find((p) => p.deviceId === ada.deviceId)).toMatchObject({ fingerprint: now, trust: 'trusted', keyReplaced: { from: old, sentence: expect.stringMatching(sentence) } });
    // From then on the device is bound to the new key: its next bundle goes in as any other.
    await expect(importBundle(bob, await exportOf(ada, audit.id, 'next.rabundle'))).resolves.toMatchObject({ signer: { trust: 'trusted' } });
    expect(listRebindings(bob)).toHaveLength(1);

    // A laptop that never trusted the old key must still compare the new one's fingerprint.
    await expect(importBundle(carol, after)).rejects.toThrow(/whose key is not trusted here/);
    await expect(importBundle(carol, after, { trustFingerprint: now })).resolves.toBeDefined();
    expect(listRebindings(carol)).toEqual([]);

    // A rebinding in the trust log from another key than the one the device was bound to shows in verify.
    bob.sqlite.transaction(() => recordDecision(bob, 'rebind', ada.deviceId, { from: old, fingerprint: fingerprintOf(carol), actor: 'Carol Rotate', replacedAt: new Date().toISOString() }, new Date().toISOString()))();
    expect(checkSyncState(bob).map((p) => p.message)).toEqual([expect.stringMatching(/moved to a new key from another key than the one it was bound to/)]);
  });

  it('moves no device on a statement signed by another key, made for another device, or naming another new key', async () => {
    const ada = laptop('Ada Rotate');
    const adaSecond = laptop('Ada Rotate'); // a second laptop of Ada's, with the same key
    const bob = laptop('Bob Rotate');
    const mallory = laptop('Mallory Rotate');
    const audit = createAudit(ada, { name: 'Rotation attacks', description: '' });
    const old = fingerprintOf(ada);
    await exchange(ada, bob, audit.id);
    await exchange(adaSecond, bob, createAudit(adaSecond, { name: 'Second laptop', description: '' }).id);
    await exchange(mallory, bob, createAudit(mallory, { name: 'Mallory', description: '' }).id);
    const now = await replaceKey(ada);
    const genuine = await readParts(await exportOf(ada, audit.id, 'genuine.rabundle'));
    const statement = genuine.manifest.rotations?.[0];
    if (!statement) throw new Error('the bundle carries the statement');
    const adaFrom = { deviceId: ada.deviceId, actor: ada.actor };
    const dir = tempDir();

    // Mallory's key claims Ada's device with a statement it signed itself ("Ada's old key is followed by mine").
    const mine = keyAndCertificate(loadIdentity(mallory.layout.root, mallory.actor) as Identity);
    const forged = { ...endorseRotation(tempDir(), ada.deviceId, mine, mine.certificateDer), oldFingerprint: old };
    const claim = await writeParts(mallory, genuine, path.join(dir, 'forged.rabundle'), { from: { ...adaFrom, fingerprint: fingerprintOf(mallory) }, rotations: [forged] });
    await expect(importBundle(bob, claim)).rejects.toThrow(/key was replaced, but its statement naming key .* as the old one is not signed by that key/);

    // Ada's genuine statement replayed in Mallory's bundle: it names Ada's new key, not Mallory's.
    const replayed = await writeParts(mallory, genuine, path.join(dir, 'replayed.rabundle'), { from: { ...adaFrom, fingerprint: fingerprintOf(mallory) }, rotations: [statement] });
    await expect(importBundle(bob, replayed)).rejects.toThrow(/its statements end at key .*, not at the key that signed the bundle/);
    await expect(importBundle(bob, replayed, { trustFingerprint: fingerprintOf(mallory) })).rejects.toThrow(/not at the key that signed the bundle/);

    // The statement made for Ada's first laptop does not move her second one (bound to the same old key).
    const otherDevice = await writeParts(ada, genuine, path.join(dir, 'other-device.rabundle'), { from: { deviceId: adaSecond.deviceId, actor: ada.actor, fingerprint: now }, rotations: [statement] });
    await expect(importBundle(bob, otherDevice)).rejects.toThrow(/its statement was made for another device/);
    // A statement changed to name the second laptop no longer matches the old key's signature.
    const retargeted = await writeParts(ada, genuine, path.join(dir, 'retargeted.rabundle'), { from: { deviceId: adaSecond.deviceId, actor: ada.actor, fingerprint: now }, rotations: [{ ...statement, deviceId: adaSecond.deviceId }] });
    await expect(importBundle(bob, retargeted)).rejects.toThrow(/is not signed by that key/);

    // Nothing moved, nothing was trusted, and the log is whole.
    expect(bindingOf(bob, ada.deviceId)?.fingerprint).toBe(old);
    expect(bindingOf(bob, adaSecond.deviceId)?.fingerprint).toBe(old);
    expect(trustOfFingerprint(bob, now).trust).toBe('unknown');
    expect(listRebindings(bob)).toEqual([]);
    expect(checkSyncState(bob)).toEqual([]);
  });
});
