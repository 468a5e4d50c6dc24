import { createHash } from 'node:crypto';
import { newId } from '../../electron/ids';
import { transact, type Core } from '../../electron/services';

// Many evidence records at once, through the real record writer (rows and ledger entries) in one
// transaction, for the list's tests and benches. No vault file is written: the list reads rows only.

export function insertEvidenceRows(core: Core, auditId: string, count: number, options: { from?: number; capturedAt?: (i: number) => string; name?: (i: number) => string } = {}): string[] {
  const from = options.from ?? 0;
  const base = Date.parse('2026-11-20T10:00:00.000Z');
  const ids: string[] = [];
  core.sqlite.transaction(() =>
    transact(core, (records) => {
      for (let i = from; i < from + count; i += 1) {
        const id = newId();
        ids.push(id);
        records.insert('evidence', {
          id,
          auditId,
          sha256: createHash('sha256').update(`evidence ${i}`).digest('hex'),
          size: 100 + i,
          mediaType: 'text/plain',
          originalName: options.name?.(i) ?? `deploy-${String(i).padStart(5, '0')}.log`,
          capturedBy: i % 2 === 0 ? 'Ada Auditor' : 'Bo Builder',
          capturedAt: options.capturedAt?.(i) ?? new Date(base + i * 1000).toISOString(),
          refersTo: null,
          sourceSystem: i % 3 === 0 ? 'Jenkins' : 'ServiceNow',
          captureMethod: 'file',
          note: `A long note about piece ${i}. `.repeat(40),
        });
      }
    }),
  )();
  return ids;
}
