import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createRelease } from '../releases/service';
import { verifyAll } from '../system/verify';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { importExcerpt } from './excerpt';
import { importInto } from './store';
import { fixture } from './test-files';

// An import travels in the audit's bundle like any record: the import, every fact and the raw file,
// so the other laptop shows the same facts and opens the same lines.

describe('an import in a bundle', () => {
  it('arrives whole on another laptop: the import, its facts and its file', async () => {
    const ada = laptop('ada');
    const bob = laptop('bob');
    const audit = createAudit(ada, { name: 'Carried imports', description: '' });
    const release = createRelease(ada, { auditId: audit.id, identifier: 'REL-1' });
    const outcome = await importInto(ada, fixture('servicenow-change-display.json'), { auditId: audit.id, releaseId: release.id });
    await exchange(ada, bob, audit.id);
    expect(recordsOf(bob, ['imports', 'import_facts'])).toEqual(recordsOf(ada, ['imports', 'import_facts']));
    expect(fs.readFileSync(bob.vault.objectPath(outcome.import.sha256))).toEqual(fs.readFileSync(fixture('servicenow-change-display.json')));
    const lines = await importExcerpt(bob, { importId: outcome.import.id, from: 1, to: 3 });
    expect(lines.lines.map((l) => l.n)).toEqual([1, 2, 3]);
    expect((await verifyAll(bob)).problems).toEqual([]);
  });
});
