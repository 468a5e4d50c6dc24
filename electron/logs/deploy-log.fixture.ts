import { expect } from 'vitest';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { scratchDir, writeScratch } from '../imports/test-files';
import { createRelease } from '../releases/service';
import type { Core } from '../services';

// Three releases of one system, each with an imported Jenkins deploy log; the third ends in a burst of
// fourteen error lines, for the anomaly job and the report.

/** A Jenkins log of a deploy, a second a line; `errors` error lines at its end, a second apart (a burst from 10). */
function deployLog(day: number, errors: number): string {
  const start = Date.UTC(2026, 10, day, 10);
  const at = (s: number) => `[${new Date(start + s * 1000).toISOString()}]`;
  const lines = [`${at(0)} Started by user Ada Auditor`];
  for (let i = 1; i <= 40; i += 1) lines.push(`${at(i)} Deploy step ${i} of service api-${i % 5} finished in ${i * 7} ms`);
  for (let i = 0; i < errors; i += 1) lines.push(`${at(41 + i)} ERROR Health check of node ${i} failed`);
  lines.push(`${at(41 + errors)} Finished: SUCCESS`, '');
  return lines.join('\n');
}

/** The three releases, oldest first, in one new audit. */
export async function releases(core: Core) {
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const made = [];
  for (const [day, errors] of [[1, 0], [2, 1], [3, 14]] as const) {
    const r = createRelease(core, { auditId: audit.id, identifier: `pay-${day}`, system: 'payments', windowStart: new Date(Date.UTC(2026, 10, day, 9)).toISOString() });
    const outcome = await importInto(core, writeScratch(scratchDir(), `pay-${day}.log`, deployLog(day, errors)), { auditId: audit.id, releaseId: r.id });
    expect(outcome.import.kind).toBe('jenkins');
    made.push(r);
  }
  return made;
}

