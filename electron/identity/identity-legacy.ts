import fs from 'node:fs';
import path from 'node:path';
import type forge from 'node-forge';
import { describe, openP12, withPassphrase, type Identity } from './p12';

// The old layout: identity/<slug of the actor's name>/ with the passphrase in plain text in
// identity.json. Two names with the same slug ("Jo Smith", "jo.smith") shared one folder and one key,
// and a name with no Latin letters had none. Read only to move each key to the new layout.

interface LegacyMeta {
  name: string;
  role: string;
  passphrase: string;
}

/** The old name-to-folder rule, kept only to recognise which actor an old folder was made for. */
export const legacySlug = (actor: string) => actor.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'auditor';

export function legacyFolders(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => {
      const file = path.join(dir, 'identity.json');
      if (!fs.existsSync(file) || !fs.existsSync(path.join(dir, 'identity.p12'))) return false;
      return typeof (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LegacyMeta>).passphrase === 'string';
    });
}

export function readLegacy(dir: string): { identity: Identity; key: forge.pki.rsa.PrivateKey; certs: forge.pki.Certificate[] } {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity.json'), 'utf8')) as LegacyMeta;
  const p12 = fs.readFileSync(path.join(dir, 'identity.p12'));
  const { key, cert, certs } = openP12(p12, meta.passphrase);
  const identity = withPassphrase(describe(path.basename(dir), meta.name, meta.role, p12, cert), () => meta.passphrase);
  return { identity, key, certs: [cert, ...certs.filter((c) => c !== cert)] };
}

/**
 * Whether an actor with no identity yet takes over a key moved from the old folder `slug`, made with the
 * display name `name`: the folder must be the actor's old one, and not another spelling's. A key named
 * "Jo Smith" in folder jo-smith belongs to "Jo Smith", not to "jo.smith"; a key named "Ada Lovelace" in
 * folder ada was made by the actor whose folder that was.
 */
export function claimable(slug: string, name: string, actor: string): boolean {
  if (legacySlug(actor) !== slug) return false;
  return name.normalize('NFC') === actor.normalize('NFC') || legacySlug(name) !== slug;
}
