import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { createAudit } from '../audits/service';
import { listImportedFrameworks, mapRequirement } from '../library/imported';
import { loadLibrary } from '../library/library';
import { importCatalog } from './catalog-import';

// An imported framework and its mappings are library records: they reach a colleague's laptop in a
// bundle, and the same catalog and mapping made on two laptops before they sync are one record each.

const catalog = fs.readFileSync(path.resolve('tests/fixtures/oscal/handwritten-catalog.json'), 'utf8');

describe('imported frameworks between laptops', () => {
  it('travel in a bundle with their mappings, and meet the same import made elsewhere as one record', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const framework = importCatalog(alice, catalog);
    mapRequirement(alice, loadLibrary(alice.appRoot), { frameworkId: framework.id, requirementId: 'cm-2', controlId: 'RA-RFC-01' });
    // Bob imported the same catalog and made the same mapping on his own laptop before they synced.
    importCatalog(bob, catalog);
    mapRequirement(bob, loadLibrary(bob.appRoot), { frameworkId: framework.id, requirementId: 'cm-2', controlId: 'RA-RFC-01' });
    const audit = createAudit(alice, { name: 'Shared', description: '' });
    const { result } = await exchange(alice, bob, audit.id);
    expect(result).toBeDefined();
    expect(listImportedFrameworks(bob)).toEqual([expect.objectContaining({ id: framework.id, requirementCount: 5, mappingCount: 1 })]);
    const tables = ['imported_frameworks', 'framework_mappings'];
    const [a, b] = [recordsOf(alice, tables), recordsOf(bob, tables)];
    expect(b.framework_mappings?.map((m) => (m as { id: string }).id)).toEqual(a.framework_mappings?.map((m) => (m as { id: string }).id));
    // Carol had none of it: the bundle brings her the catalog and the mapping.
    const carol = laptop('Carol');
    await exchange(alice, carol, audit.id);
    expect(listImportedFrameworks(carol)).toEqual([expect.objectContaining({ id: framework.id, title: 'Acme Release Controls', requirementCount: 5, mappingCount: 1 })]);
  });
});
