import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { transact } from '../services';
import { testCore } from '../../tests/helpers/temp';
import { listFindings } from './list';
import { sameRootCause } from './repeats';

// Repeat detection looks earlier findings up by control and compares each distinct cause once; it
// must find what comparing every earlier finding one by one finds.

const words = ['approval', 'missing', 'emergency', 'path', 'policy', 'rollback', 'skipped', 'ticket'];
const controls = ['RA-RFC-01', 'RA-RFC-02'];

describe('repeat findings', () => {
  it('count and link the same findings as a one-by-one comparison with every earlier finding', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ control: fc.constantFrom(...controls), cause: fc.subarray(words, { minLength: 2, maxLength: 4 }), open: fc.boolean() }), { maxLength: 5 }),
          { minLength: 1, maxLength: 4 },
        ),
        (auditsSpec) => {
          const core = testCore();
          const made: Array<{ id: string; auditId: string; auditCreated: string; auditIndex: number; controlId: string; cause: string; status: string }> = [];
          auditsSpec.forEach((spec, auditIndex) => {
            const audit = createAudit(core, { name: `Audit ${auditIndex}`, description: '' });
            // Audit creation times strictly increase, as audits made one after another do.
            const auditCreated = new Date(Date.UTC(2026, 0, 1 + auditIndex)).toISOString();
            core.sqlite.prepare('UPDATE audits SET created_at = ? WHERE id = ?').run(auditCreated, audit.id);
            transact(core, (records) => {
              for (const [i, f] of spec.entries()) {
                const row = records.insert('findings', {
                  id: `${audit.id.slice(0, 30)}-${i}`, auditId: audit.id, title: `F${auditIndex}.${i}`, severity: 'major', status: f.open ? 'open' : 'draft', controlId: f.control,
                  stage: null, criteria: '', condition: '', cause: f.cause.join(' '), effect: '', recommendation: '', ownerRole: '', ownerName: '', dueAt: null, confidential: false,
                  acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: auditCreated, updatedAt: auditCreated,
                });
                made.push({ id: row.id, auditId: audit.id, auditCreated, auditIndex, controlId: f.control, cause: f.cause.join(' '), status: f.open ? 'open' : 'draft' });
              }
            });
          });
          for (const [auditIndex] of auditsSpec.entries()) {
            const auditId = made.find((m) => m.auditIndex === auditIndex)?.auditId;
            if (!auditId) continue;
            for (const finding of listFindings(core, auditId)) {
              const mine = made.find((m) => m.id === finding.id)!;
              const matches = made.filter((m) => m.auditIndex < mine.auditIndex && m.controlId === mine.controlId && m.status !== 'draft' && sameRootCause(m.cause, mine.cause));
              expect(finding.repeatCount).toBe(matches.length);
              const newest = Math.max(-1, ...matches.map((m) => m.auditIndex));
              expect(finding.repeatOf ? made.find((m) => m.id === finding.repeatOf!.id)!.auditIndex : -1).toBe(newest);
            }
          }
          core.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
