import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { VerifyProblem } from '../../shared/api/system';
import type { Vault } from './vault';

/** Who besides the app may write a path, by its permission bits (none on Windows, which has no such bits). */
function writableBy(file: string, mask = 0o222): string | null {
  if (process.platform === 'win32') return null;
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return null;
  const bits = stat.mode & mask;
  if (bits & 0o002) return 'everyone';
  if (bits & 0o020) return 'its group';
  if (bits & 0o200) return 'its owner';
  return null;
}

// Re-hashes every object in the vault and checks that every evidence record has its object.

export async function verifyVault(
  vault: Vault,
  sqlite: Database.Database,
  onProgress?: (done: number, total: number) => void,
): Promise<{ problems: VerifyProblem[]; objects: number; evidence: number }> {
  const problems: VerifyProblem[] = [];
  const entries = await vault.listEntries();
  const referenced = sqlite.prepare('SELECT sha256, count(*) AS uses FROM evidence GROUP BY sha256').all() as Array<{
    sha256: string;
    uses: number;
  }>;
  const evidenceCount = referenced.reduce((sum, r) => sum + r.uses, 0);
  const present = new Set<string>();
  let done = 0;
  for (const { folder, name } of entries) {
    done += 1;
    onProgress?.(done, entries.length);
    const where = `object ${folder ? `${folder}/` : ''}${name}`;
    if (!/^[0-9a-f]{64}$/.test(name)) {
      problems.push({ area: 'vault', location: where, message: 'this file is not named by a SHA-256 hash: it was put there outside the app.' });
      continue;
    }
    if (folder !== name.slice(0, 2)) {
      problems.push({ area: 'vault', location: where, message: `it is not in its folder (objects/${name.slice(0, 2)}/): it was moved or put there outside the app.` });
      continue;
    }
    const writable = writableBy(vault.objectPath(name));
    if (writable) problems.push({ area: 'vault', location: `object ${name}`, message: `its permissions were changed to let ${writable} write it: stored objects are read-only.` });
    const check = await vault.check(name);
    if (check.status === 'ok') present.add(name);
    else if (check.status === 'not-a-file') {
      problems.push({ area: 'vault', location: where, message: 'this is not a regular file (a folder, link or device was put there): it was replaced outside the app.' });
    } else if (check.status === 'mismatch') {
      present.add(name);
      problems.push({
        area: 'vault',
        location: `object ${name}`,
        message: `its content now hashes to ${check.actual}: the file was changed after it was stored.`,
      });
    }
  }
  for (const folder of [vault.root, path.join(vault.root, 'objects'), ...new Set(entries.filter((e) => e.folder).map((e) => path.join(vault.root, 'objects', e.folder)))]) {
    const writable = writableBy(folder, 0o022);
    if (writable) problems.push({ area: 'vault', location: `folder ${path.relative(vault.root, folder) || '.'}`, message: `its permissions let ${writable} add, remove or replace objects: it was changed outside the app.` });
  }
  for (const { sha256, uses } of referenced) {
    if (!present.has(sha256)) {
      problems.push({
        area: 'vault',
        location: `object ${sha256}`,
        message: `the file is missing from the vault, though ${uses} evidence record(s) cite it.`,
      });
    }
  }
  return { problems, objects: entries.length, evidence: evidenceCount };
}
