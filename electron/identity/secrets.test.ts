import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { createSelfSignedIdentity, keyAndCertificate, listIdentities, loadIdentity } from './identity';
import { PASSPHRASE_ENV, sealerFromSafeStorage, useKeychain, useSealer } from './secrets';

// Where the signing key's passphrase goes: never into a file beside the key.

const testPassphrase = process.env[PASSPHRASE_ENV] as string;
const searchPath = process.env.PATH;

afterEach(() => {
  process.env[PASSPHRASE_ENV] = testPassphrase;
  process.env.PATH = searchPath;
  useSealer(null);
  useKeychain(undefined);
});

/** Every byte under a folder, as one text, to search for a secret. */
function everything(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

/** A data folder as the old layout left it: identity/<slug>/identity.p12 with the passphrase in identity.json. */
function legacyFolder(dataDir: string, slug: string, name: string, passphrase: string): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer([{ name: 'commonName', value: name }]);
  cert.sign(key, forge.md.sha256.create());
  const dir = path.join(dataDir, 'identity', slug);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'identity.p12'), Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' })).getBytes(), 'binary'));
  fs.writeFileSync(path.join(dir, 'identity.json'), JSON.stringify({ name, role: 'Auditor', passphrase }));
  return crypto.createHash('sha256').update(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')).digest('hex');
}

/** A secret-tool of our own on PATH: the real command line, a keyring kept in a folder. */
function fakeSecretTool(): string {
  const bin = tempDir();
  const store = tempDir();
  fs.writeFileSync(
    path.join(bin, 'secret-tool'),
    `#!/bin/sh\nstore="${store}"\ncase "$1" in\n  lookup) f="$store/$5"; [ -f "$f" ] && cat "$f" || exit 1 ;;\n  store) cat > "$store/$6" ;;\nesac\n`,
    { mode: 0o755 },
  );
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
  return store;
}

describe('signing key passphrases', () => {
  it('are never written beside the key: a passphrase the person chose is read from RELEASE_AUDIT_KEY_PASSPHRASE', () => {
    const dir = tempDir();
    const identity = createSelfSignedIdentity(dir, 'Ada Auditor', 'Lead');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity', identity.id, 'identity.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).not.toHaveProperty('passphrase');
    expect(meta.secret).toEqual({ place: 'person' });
    expect(everything(dir)).not.toContain(testPassphrase);
    expect(keyAndCertificate(loadIdentity(dir, 'Ada Auditor')!).privateKeyPem).toMatch(/BEGIN RSA PRIVATE KEY/);
    // Another passphrase does not open it, and says so.
    process.env[PASSPHRASE_ENV] = 'another one';
    expect(() => loadIdentity(dir, 'Ada Auditor')!.passphrase).toThrow(/does not open the signing key of Ada Auditor/);
    // Without one, and no terminal to ask at, the person is told what to do; listing needs none.
    delete process.env[PASSPHRASE_ENV];
    useKeychain(null);
    expect(() => loadIdentity(dir, 'Ada Auditor')!.passphrase).toThrow(/Set RELEASE_AUDIT_KEY_PASSPHRASE to it/);
    expect(listIdentities(dir).map((i) => i.fingerprint)).toEqual([identity.fingerprint]);
  });

  it('are sealed by the desktop app’s safe storage when the shell provides it', () => {
    const dir = tempDir();
    delete process.env[PASSPHRASE_ENV];
    useKeychain(null);
    const sealedWith = crypto.randomBytes(32);
    const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ (sealedWith[i % 32] as number)));
    useSealer({ seal: (plain) => xor(Buffer.from(plain, 'utf8')), open: (sealed) => xor(sealed).toString('utf8') });
    const identity = createSelfSignedIdentity(dir, 'Ada Auditor', 'Lead');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity', identity.id, 'identity.json'), 'utf8')) as { secret: { place: string } };
    expect(meta.secret).toMatchObject({ place: 'sealed', keychain: false });
    expect(everything(dir)).not.toContain(identity.passphrase);
    expect(keyAndCertificate(loadIdentity(dir, 'Ada Auditor')!).privateKeyPem).toMatch(/PRIVATE KEY/);
    // The command line cannot open the app's safe storage, and says so plainly.
    useSealer(null);
    expect(() => loadIdentity(dir, 'Ada Auditor')!.passphrase).toThrow(/kept in the desktop app's safe storage, which only the app can open/);
  });

  it('use safe storage only where it protects something', () => {
    const storage = (backend: string) => ({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => backend, encryptString: (p: string) => Buffer.from(p), decryptString: (b: Buffer) => b.toString() });
    expect(sealerFromSafeStorage(storage('gnome_libsecret'), 'linux')).not.toBeNull();
    expect(sealerFromSafeStorage(storage('basic_text'), 'linux')).toBeNull();
    expect(sealerFromSafeStorage({ ...storage(''), isEncryptionAvailable: () => false }, 'darwin')).toBeNull();
    expect(sealerFromSafeStorage(storage('unknown'), 'darwin')).not.toBeNull();
  });

  it('go to the OS keychain where one is found (secret-tool here), and to nothing when there is none', () => {
    const keyring = fakeSecretTool();
    delete process.env[PASSPHRASE_ENV];
    useKeychain(undefined);
    const dir = tempDir();
    const identity = createSelfSignedIdentity(dir, '张伟', 'Auditor');
    expect(fs.readdirSync(keyring)).toEqual([identity.id]);
    const secret = fs.readFileSync(path.join(keyring, identity.id), 'utf8');
    expect(everything(dir)).not.toContain(secret);
    expect(keyAndCertificate(loadIdentity(dir, '张伟')!).privateKeyPem).toMatch(/PRIVATE KEY/);

    // A key made by the desktop app is sealed and copied to the keychain, so the CLI here can sign with it.
    useSealer({ seal: (plain) => Buffer.from(plain, 'utf8').reverse(), open: (sealed) => Buffer.from(sealed).reverse().toString('utf8') });
    const app = createSelfSignedIdentity(dir, 'Ada Auditor', 'Auditor');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity', app.id, 'identity.json'), 'utf8')) as { secret: unknown };
    expect(meta.secret).toMatchObject({ place: 'sealed', keychain: true });
    useSealer(null);
    expect(keyAndCertificate(loadIdentity(dir, 'Ada Auditor')!).privateKeyPem).toMatch(/PRIVATE KEY/);
    expect(everything(dir)).not.toContain(fs.readFileSync(path.join(keyring, app.id), 'utf8'));

    useKeychain(null);
    const bare = tempDir();
    expect(() => createSelfSignedIdentity(bare, 'Ada Auditor', 'Auditor')).toThrow(/no safe place here for the signing key's passphrase.*Set RELEASE_AUDIT_KEY_PASSPHRASE/);
    expect(listIdentities(bare)).toEqual([]);
  });
});

describe('identities of the old layout', () => {
  it('move their plain-text passphrase into the store on first use, keep the key, and go to the actor they were made for', () => {
    const dir = tempDir();
    const jo = legacyFolder(dir, 'jo-smith', 'Jo Smith', 'old plain passphrase 1');
    const ada = legacyFolder(dir, 'ada', 'Ada Lovelace', 'old plain passphrase 2');
    // Listing reads them as they are, writing nothing.
    expect(listIdentities(dir).map((i) => i.fingerprint).sort()).toEqual([jo, ada].sort());
    expect(fs.existsSync(path.join(dir, 'identity', 'jo-smith'))).toBe(true);
    // jo.smith's old folder name was Jo Smith's: it is not theirs.
    expect(loadIdentity(dir, 'jo.smith')).toBeNull();
    const text = everything(dir);
    expect(text).not.toContain('old plain passphrase');
    expect(fs.existsSync(path.join(dir, 'identity', 'jo-smith'))).toBe(false);
    expect(loadIdentity(dir, 'Jo Smith')?.fingerprint).toBe(jo);
    expect(loadIdentity(dir, 'ada')?.fingerprint).toBe(ada);
    expect(keyAndCertificate(loadIdentity(dir, 'ada')!).privateKeyPem).toMatch(/PRIVATE KEY/);
    expect(loadIdentity(dir, 'ADA')).toBeNull();
  });

  it('are left as they are, with a plain message, when there is no safe place to move the passphrase to', () => {
    const dir = tempDir();
    legacyFolder(dir, 'jo-smith', 'Jo Smith', 'old plain passphrase');
    delete process.env[PASSPHRASE_ENV];
    useKeychain(null);
    expect(() => loadIdentity(dir, 'Jo Smith')).toThrow(/identity\/jo-smith keeps its passphrase in plain text beside it.*Set RELEASE_AUDIT_KEY_PASSPHRASE/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'identity', 'jo-smith', 'identity.json'), 'utf8'))).toMatchObject({ passphrase: 'old plain passphrase' });
    expect(fs.readdirSync(path.join(dir, 'identity'))).toEqual(['jo-smith']);
  });
});
