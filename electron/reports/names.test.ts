import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { commonName } from '../identity/certificate';
import { createSelfSignedIdentity, loadIdentity } from '../identity/identity';
import { renderPdf } from './render';
import { checkSignature, signPdf } from './sign';

// Any name a person can have is an actor with a key of its own: no name is lost, none shares a key.

const name = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '' && !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(s));

describe('actor names', () => {
  it('each get their own key, found again by the same name, with the name in the certificate as written', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        fc.pre(a.normalize('NFC') !== b.normalize('NFC'));
        const dir = tempDir();
        const first = createSelfSignedIdentity(dir, a, 'Auditor');
        const second = createSelfSignedIdentity(dir, b, 'Auditor');
        expect(first.fingerprint).not.toBe(second.fingerprint);
        expect(loadIdentity(dir, a)?.fingerprint).toBe(first.fingerprint);
        expect(loadIdentity(dir, b)?.fingerprint).toBe(second.fingerprint);
        expect(loadIdentity(dir, a.normalize('NFD'))?.fingerprint).toBe(first.fingerprint);
        const cert = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(first.p12.toString('binary')), first.passphrase).getBags({ bagType: forge.pki.oids.certBag as string })[forge.pki.oids.certBag as string]?.[0]?.cert;
        expect(cert && commonName(cert)).toBe(a);
      }),
      { numRuns: 8 },
    );
  });

  it('sign PDFs that verify, naming the signer as written', async () => {
    const pdf = await renderPdf({ content: 'A page' });
    await fc.assert(
      fc.asyncProperty(name, async (actor) => {
        const identity = createSelfSignedIdentity(tempDir(), actor, 'Аудитор');
        const check = checkSignature(await signPdf(pdf, identity, `Report for ${actor}`));
        expect(check).toMatchObject({ valid: true, signer: actor, certificateFingerprint: identity.fingerprint });
      }),
      { numRuns: 4 },
    );
  });
});
