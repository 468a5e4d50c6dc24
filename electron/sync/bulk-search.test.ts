import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, discardFinding, updateFinding } from '../findings/service';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { tempDir, testCore } from '../../tests/helpers/temp';
import type { Core } from '../services';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';
import { mergeTuning } from './apply';

// The merge fills the search index of the rows it inserts in one statement after them instead of one
// trigger run per row (apply.ts). Imported into two copies of the same laptop, once each way, a bundle
// must leave the same records, field clocks, ledger, search documents (ids included) and search hits.

afterEach(() => {
  mergeTuning.bulkSearchIndex = true;
});

const words = ['backout', 'approval', 'rollback', 'outage', 'deploy', 'hotfix', 'cab', 'runbook'];
const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

/** What a person can see of a laptop after the import, search included. */
function stateOf(core: Core) {
  const hits = Object.fromEntries(
    words.map((word) => [word, core.sqlite.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank, rowid').pluck().all(word)]),
  );
  core.sqlite.prepare("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')").run();
  return {
    records: recordsOf(core, ['findings', 'evidence', 'audits']),
    clocks: core.sqlite.prepare('SELECT * FROM field_clocks ORDER BY entity, entity_id, field').all(),
    ledger: core.sqlite.prepare('SELECT device_id, seq, hash FROM ledger ORDER BY device_id, seq').all(),
    docs: core.sqlite.prepare('SELECT * FROM search_docs ORDER BY id').all(),
    hits,
  };
}

/** Two copies of one laptop's data folder, open. */
function twins(core: Core): [Core, Core] {
  core.close();
  const copies = [tempDir(), tempDir()].map((dir) => {
    fs.cpSync(core.layout.root, dir, { recursive: true });
    return testCore({ dataDir: dir, actor: 'Bob' });
  });
  return copies as [Core, Core];
}

describe('the search index of an import, filled in bulk', () => {
  it('leaves the same records, clocks, ledger, documents and hits as the per-row triggers, on an empty laptop and on one holding records of its own and of an earlier import', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          findings: fc.array(fc.record({ title: text, cause: text, edited: fc.option(text, { nil: null }), discard: fc.boolean() }), { minLength: 2, maxLength: 8 }),
          notes: fc.array(text, { maxLength: 3 }),
          own: fc.nat({ max: 3 }),
          earlier: fc.nat({ max: 3 }),
        }),
        async ({ findings, notes, own, earlier }) => {
          const alice = laptop('Alice');
          const bob = laptop('Bob');
          const mine = createAudit(bob, { name: "Bob's audit", description: '' });
          for (let i = 0; i < own; i += 1) createFinding(bob, { auditId: mine.id, title: `rollback ${i}` });
          const audit = createAudit(alice, { name: 'Payments', description: '' });
          // Bob holds the first `earlier` findings already (then the bundle updates or discards them, and inserts the rest).
          const make = (f: (typeof findings)[number]) => ({ ...f, id: createFinding(alice, { auditId: audit.id, title: f.title, cause: f.cause }).id });
          const made = findings.slice(0, earlier).map(make);
          if (earlier > 0) await exchange(alice, bob, audit.id);
          made.push(...findings.slice(earlier).map(make));
          for (const f of made) {
            if (f.edited !== null) updateFinding(alice, { id: f.id, condition: f.edited });
            else if (f.discard) discardFinding(alice, f.id);
          }
          for (const note of notes) {
            await addEvidenceText(alice, { auditId: audit.id, kind: 'log-excerpt', text: `${note}\n`, sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note, links: [] });
          }
          const [bulk, perRow] = twins(bob);
          const dir = tempDir();
          const file = path.join(dir, 'bundle.rabundle');
          await exportBundle(alice, { auditId: audit.id, out: file });
          const fingerprint = (await inspectBundle(bulk, file)).signer.fingerprint;
          const fast = await importBundle(bulk, file, { trustFingerprint: fingerprint });
          mergeTuning.bulkSearchIndex = false;
          const slow = await importBundle(perRow, file, { trustFingerprint: fingerprint });
          mergeTuning.bulkSearchIndex = true;
          expect(fast.newEntries).toBeGreaterThan(0);
          expect({ ...fast, bundleId: '' }).toEqual({ ...slow, bundleId: '' });
          expect(stateOf(bulk)).toEqual(stateOf(perRow));
          // And the bulk path indexed what the bundle brought: every finding still held is found by its title.
          for (const f of made) {
            const held = bulk.sqlite.prepare('SELECT 1 FROM findings WHERE id = ?').get(f.id) !== undefined;
            const found = bulk.sqlite.prepare("SELECT 1 FROM search_docs d JOIN search_fts ON search_fts.rowid = d.id WHERE search_fts MATCH ? AND d.record_id = ?").get(`title:${f.title.split(' ')[0]}`, f.id) !== undefined;
            expect({ id: f.id, found }).toEqual({ id: f.id, found: held });
          }
          // Importing it again changes nothing.
          expect((await importBundle(bulk, file, { trustFingerprint: fingerprint })).newEntries).toBe(0);
          alice.close();
          bulk.close();
          perRow.close();
        },
      ),
      { numRuns: 5 },
    );
  }, 60_000);

  it('an import into an empty laptop indexes every finding it brings', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const audit = createAudit(alice, { name: 'Payments', description: '' });
    for (let i = 0; i < 5; i += 1) createFinding(alice, { auditId: audit.id, title: `Backout ${i}`, cause: 'hotfix' });
    await exchange(alice, bob, audit.id);
    expect(bob.sqlite.prepare("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'hotfix'").pluck().get()).toBe(5);
    // The trigger the merge lifted is back, exactly as the migration made it.
    expect(bob.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_findings_ai'").pluck().get()).toBe(alice.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_findings_ai'").pluck().get());
  });
});
