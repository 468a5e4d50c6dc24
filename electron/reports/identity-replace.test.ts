import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { exportBundle } from '../sync/export';
import { importBundle, inspectBundle } from '../sync/import';
import { trustOfFingerprint } from '../sync/trust';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { issueReport } from './archive';
import { createSelfSignedIdentity, importIdentity, loadIdentity } from './identity';
import { verifyReport } from './service';

// Replacing a signing key is never a side effect of a click: the call must say it replaces, and the
// replaced certificate stays known, so the reports and bundles it signed are still its auditor's.

describe('replacing a signing identity', () => {
  it('is refused unless asked for, in the service and through the API, and leaves the current key in place', async () => {
    const core = laptop('Ada Replace');
    const handlers = createHandlers(core);
    const before = loadIdentity(core.layout.root, core.actor)?.fingerprint;
    expect(() => createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor)).toThrow(/already signs with certificate.*Ask to replace it/);
    const refused = await dispatch(handlers, 'identity.create', { name: core.actor, role: 'Auditor' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/the old key endorses the new one, so laptops that trust the old key accept the new one/) } });
    // An organisation's PKCS#12 is a replacement too (here: another auditor's key file).
    const other = loadIdentity(laptop('Bob Peer').layout.root, 'Bob Peer');
    if (!other) throw new Error('the peer has a key');
    const p12Base64 = other.p12.toString('base64');
    expect(await dispatch(handlers, 'identity.import', { p12Base64, passphrase: other.passphrase, role: 'Auditor' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(loadIdentity(core.layout.root, core.actor)?.fingerprint).toBe(before);
    expect(importIdentity(core.layout.root, other.p12, other.passphrase, 'Auditor', core.actor, { replace: true }).fingerprint).toBe(other.fingerprint);
    expect(loadIdentity(core.layout.root, core.actor)?.fingerprint).toBe(other.fingerprint);
  });

  it('keeps the old certificate known: an earlier report still verifies, its bundles are still this laptop’s own, and what peers refuse is what the confirmation says', async () => {
    const ada = laptop('Ada Replace');
    const bob = laptop('Bob Peer');
    const handlers = createHandlers(ada);
    const old = loadIdentity(ada.layout.root, ada.actor)?.fingerprint as string;
    const audit = createAudit(ada, { name: 'Key change', description: '' });
    const issued = await issueReport(ada, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: true });
    const pdf = fs.readFileSync(ada.vault.objectPath(issued.sha256));
    const first = await exchange(ada, bob, audit.id);

    const replaced = await dispatch(handlers, 'identity.create', { name: ada.actor, role: 'Lead auditor', replace: true });
    expect(replaced.ok).toBe(true);
    const now = loadIdentity(ada.layout.root, ada.actor)?.fingerprint as string;
    expect(now).not.toBe(old);
    const listed = await dispatch(handlers, 'identity.list', {});
    const keys = (listed.ok ? listed.value : []) as Array<{ fingerprint: string; current: boolean; retiredAt: string | null }>;
    expect(keys.find((i) => i.fingerprint === old)).toMatchObject({ current: false, retiredAt: expect.any(String) });
    expect(keys.find((i) => i.fingerprint === now)).toMatchObject({ current: true, retiredAt: null });

    // The report signed before the replacement still verifies here, as issued.
    expect(await verifyReport(pdf, ada)).toMatchObject({ ok: true, certificateFingerprint: old, signerKnown: true });
    expect(await dispatch(handlers, 'reports.list', { auditId: audit.id })).toMatchObject({ ok: true, value: [{ signature: 'valid', certificateFingerprint: old }] });
    // A bundle signed with the old key is still this laptop's own, and still Ada's on the peer.
    expect(trustOfFingerprint(ada, old).trust).toBe('own');
    await expect(importBundle(ada, first.file)).resolves.toBeDefined();
    expect(trustOfFingerprint(bob, old).trust).toBe('trusted');
    await expect(importBundle(bob, first.file)).resolves.toBeDefined();

    // As the confirmation says: a laptop that trusts the old key takes the new one on its endorsement, unasked.
    const second = path.join(tempDir(), 'after.rabundle');
    await exportBundle(ada, { auditId: audit.id, out: second, forPeer: null });
    await expect(inspectBundle(bob, second)).resolves.toMatchObject({ signer: { fingerprint: now } });
    await expect(importBundle(bob, second)).resolves.toMatchObject({ signer: { fingerprint: now } });
    expect(trustOfFingerprint(bob, now).trust).toBe('trusted');

    // Going back to the old key (chosen by fingerprint) makes it current again and retires the other.
    expect(await dispatch(handlers, 'identity.use', { fingerprint: old })).toMatchObject({ ok: true, value: { fingerprint: old } });
    const after = await dispatch(handlers, 'identity.list', {});
    const back = (after.ok ? after.value : []) as Array<{ fingerprint: string; current: boolean; retiredAt: string | null }>;
    expect(back.find((i) => i.fingerprint === old)).toMatchObject({ current: true, retiredAt: null });
    expect(back.find((i) => i.fingerprint === now)).toMatchObject({ current: false, retiredAt: expect.any(String) });
  });
});
