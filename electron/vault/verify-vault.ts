import type Database from 'better-sqlite3';
import type { VerifyProblem } from '../../shared/api/system';
import type { Vault } from './vault';

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
