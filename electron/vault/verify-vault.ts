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
  const names = await vault.listObjects();
  const referenced = sqlite.prepare('SELECT sha256, count(*) AS uses FROM evidence GROUP BY sha256').all() as Array<{
    sha256: string;
    uses: number;
  }>;
  const evidenceCount = referenced.reduce((sum, r) => sum + r.uses, 0);
  const present = new Set<string>();
  let done = 0;
  for (const name of names) {
    done += 1;
    if (!/^[0-9a-f]{64}$/.test(name)) {
      problems.push({ area: 'vault', location: `object ${name}`, message: 'this file is not named by a SHA-256 hash: it was put there outside the app.' });
      continue;
    }
    const check = await vault.check(name);
    if (check.status === 'ok') present.add(name);
    else if (check.status === 'mismatch') {
      present.add(name);
      problems.push({
        area: 'vault',
        location: `object ${name}`,
        message: `its content now hashes to ${check.actual}: the file was changed after it was stored.`,
      });
    }
    onProgress?.(done, names.length);
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
  return { problems, objects: names.length, evidence: evidenceCount };
}
