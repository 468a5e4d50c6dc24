import crypto from 'node:crypto';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { AppError } from '../../shared/api/errors';

// Where a signing key's passphrase lives, so that it is never in plain text next to the key: sealed by
// the desktop app's safe storage (Electron safeStorage, injected by the shell), in the OS keychain
// (libsecret's secret-tool, macOS security), or known to the person (RELEASE_AUDIT_KEY_PASSPHRASE or
// typed at a terminal prompt). Each identity records which of these holds its passphrase.

export const PASSPHRASE_ENV = 'RELEASE_AUDIT_KEY_PASSPHRASE';

/** Encrypts and decrypts with a key only this user's session can use (Electron's safeStorage). */
export interface PassphraseSealer {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

/** What identity.json says about where its passphrase is; never the passphrase itself. */
export type SecretRecord =
  | { place: 'sealed'; sealed: string; keychain: boolean }
  | { place: 'keychain' }
  | { place: 'person' };

interface Keychain {
  name: string;
  get(account: string): string | null;
  set(account: string, secret: string, label: string): void;
}

const SERVICE = 'release-audit';
let sealer: PassphraseSealer | null = null;
let promptAllowed = false;
let keychainOverride: Keychain | null | undefined;
let detected: Keychain | null | undefined;

/** The desktop shell hands over its safe storage; nothing else imports Electron. */
export function useSealer(next: PassphraseSealer | null): void {
  sealer = next;
}

/** The part of Electron's safeStorage the shell passes in (typed here, so nothing else imports Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * A sealer over safeStorage, or null where it protects nothing: on Linux with no keyring, Electron
 * falls back to a fixed key ("basic_text"), and a passphrase sealed that way is as good as plain text.
 */
export function sealerFromSafeStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): PassphraseSealer | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return { seal: (plain) => safeStorage.encryptString(plain), open: (sealed) => safeStorage.decryptString(sealed) };
}

/** A command run by a person at a terminal may ask for the passphrase; the app and the host never do. */
export function allowPassphrasePrompt(allowed: boolean): void {
  promptAllowed = allowed;
}

/** For tests: a keychain other than the one detected (null: none). */
export function useKeychain(next: Keychain | null | undefined): void {
  keychainOverride = next;
  detected = undefined;
}

// Generous: the keychain may ask its owner to unlock it first.
function run(command: string, args: string[], input?: string): { ok: boolean; out: string } {
  const result = spawnSync(command, args, { input, encoding: 'utf8', timeout: 120_000, stdio: ['pipe', 'pipe', 'pipe'] });
  return { ok: !result.error && result.status === 0 && !result.stderr.trim(), out: result.stdout ?? '' };
}

/** The OS keychain, if this computer has one the app can reach: detected once, never assumed. */
export function keychain(): Keychain | null {
  if (keychainOverride !== undefined) return keychainOverride;
  if (detected !== undefined) return detected;
  detected = null;
  if (process.platform === 'darwin') {
    const probe = spawnSync('security', ['list-keychains'], { encoding: 'utf8', timeout: 20_000 });
    if (!probe.error && probe.status === 0) {
      detected = {
        name: 'the macOS keychain',
        get: (account) => {
          const r = run('security', ['find-generic-password', '-s', SERVICE, '-a', account, '-w']);
          return r.ok ? r.out.replace(/\n$/, '') : null;
        },
        set: (account, secret, label) => {
          if (!run('security', ['add-generic-password', '-U', '-s', SERVICE, '-a', account, '-l', label, '-w', secret]).ok) throw noKeychainWrite('the macOS keychain');
        },
      };
    }
  } else if (process.platform !== 'win32') {
    // secret-tool exits 1 with nothing on stderr for a secret it does not have; with no secret service
    // running (no D-Bus session, no keyring) it says so on stderr.
    const probe = spawnSync('secret-tool', ['lookup', 'service', SERVICE, 'account', 'probe'], { encoding: 'utf8', timeout: 20_000 });
    if (!probe.error && !probe.stderr.trim()) {
      detected = {
        name: 'the keyring (secret-tool)',
        get: (account) => {
          const r = run('secret-tool', ['lookup', 'service', SERVICE, 'account', account]);
          return r.ok && r.out !== '' ? r.out : null;
        },
        set: (account, secret, label) => {
          if (!run('secret-tool', ['store', `--label=${label}`, 'service', SERVICE, 'account', account], secret).ok) throw noKeychainWrite('the keyring');
        },
      };
    }
  }
  return detected;
}

const noKeychainWrite = (where: string) => new AppError('INTEGRITY', `The signing key's passphrase could not be saved in ${where}; nothing was written.`);

function envPassphrase(): string | null {
  const value = process.env[PASSPHRASE_ENV];
  return value !== undefined && value !== '' ? value : null;
}

const noPlace =
  `There is no safe place here for the signing key's passphrase: no desktop safe storage, no keychain the app can use, ` +
  `and no terminal to ask you. Set ${PASSPHRASE_ENV} to a passphrase of your choice (the same one every time) and run again.`;

/**
 * A passphrase for a new key, and where it is kept. Order: the desktop app's safe storage; an explicit
 * RELEASE_AUDIT_KEY_PASSPHRASE (CI, tests, the browser host); the OS keychain; a prompt at a terminal.
 */
export function newSecret(account: string, label: string): { passphrase: string; record: SecretRecord } {
  const random = () => crypto.randomBytes(24).toString('base64url');
  if (sealer) {
    const passphrase = random();
    // A copy in the keychain lets the command line on this computer sign with the app's key; without
    // one the app still signs, and the command line says where the passphrase is.
    let copied = false;
    const chain = keychain();
    if (chain) {
      try {
        chain.set(account, passphrase, label);
        copied = true;
      } catch {
        copied = false;
      }
    }
    return { passphrase, record: { place: 'sealed', sealed: sealer.seal(passphrase).toString('base64'), keychain: copied } };
  }
  const fromEnv = envPassphrase();
  if (fromEnv) return { passphrase: fromEnv, record: { place: 'person' } };
  const chain = keychain();
  if (chain) {
    const passphrase = chain.get(account) ?? random();
    chain.set(account, passphrase, label);
    return { passphrase, record: { place: 'keychain' } };
  }
  if (canPrompt()) {
    const first = prompt(`Choose a passphrase for the signing key of ${label}: `);
    if (first.length < 8) throw new AppError('VALIDATION', 'The passphrase must be at least 8 characters.');
    if (prompt('Type it again: ') !== first) throw new AppError('VALIDATION', 'The two passphrases differ; nothing was written.');
    return { passphrase: first, record: { place: 'person' } };
  }
  throw new AppError('LOCKED', noPlace);
}

/** The passphrase of an existing key, from where its record says it is kept. */
export function passphraseFor(record: SecretRecord, account: string, label: string): string {
  if (record.place === 'sealed') {
    if (sealer) return sealer.open(Buffer.from(record.sealed, 'base64'));
    const chain = record.keychain ? keychain() : null;
    const found = chain?.get(account) ?? null;
    if (found !== null) return found;
    throw new AppError('LOCKED', `The passphrase of ${label}'s signing key is kept in the desktop app's safe storage, which only the app can open. Sign from the app.`);
  }
  if (record.place === 'keychain') {
    const chain = keychain();
    const found = chain?.get(account) ?? null;
    if (found !== null) return found;
    throw new AppError(
      'LOCKED',
      chain
        ? `The passphrase of ${label}'s signing key is not in ${chain.name} of this computer (entry "${SERVICE}", account ${account}).`
        : `The passphrase of ${label}'s signing key is kept in an OS keychain that cannot be reached here.`,
    );
  }
  const fromEnv = envPassphrase();
  if (fromEnv) return fromEnv;
  if (canPrompt()) return prompt(`Passphrase of the signing key of ${label}: `);
  throw new AppError('LOCKED', `The signing key of ${label} is protected by a passphrase you chose. Set ${PASSPHRASE_ENV} to it, or run the command at a terminal to be asked.`);
}

function canPrompt(): boolean {
  return promptAllowed && Boolean(process.stdin.isTTY) && process.platform !== 'win32';
}

/** Reads one line from the terminal with echo off: synchronous, since signing is. */
function prompt(question: string): string {
  const tty = fs.openSync('/dev/tty', 'r+');
  const stty = (arg: string) => spawnSync('stty', [arg], { stdio: [tty, 'ignore', 'ignore'] });
  try {
    // Echo off before the question: an answer typed (or pasted) at once is never shown.
    stty('-echo');
    fs.writeSync(tty, question);
    const chunks: Buffer[] = [];
    const byte = Buffer.alloc(1);
    while (fs.readSync(tty, byte, 0, 1, null) === 1 && byte[0] !== 0x0a) chunks.push(Buffer.from(byte));
    return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
  } finally {
    stty('echo');
    fs.writeSync(tty, '\n');
    fs.closeSync(tty);
  }
}
