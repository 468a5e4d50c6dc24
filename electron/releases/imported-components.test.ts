import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { fixture, scratchDir, writeScratch } from '../imports/test-files';
import { verifyAll } from '../system/verify';
import { createRelease, getRelease, saveComponents } from './service';

// The release's components list filled from its SBOM: imported rows marked with their import, kept
// apart from rows typed by hand, replaced by the release's next SBOM, unchanged by the same one.

const rows = (core: ReturnType<typeof testCore>, releaseId: string) => getRelease(core, releaseId).components.map((c) => [c.name, c.version, c.licence, c.importedFrom ? 'imported' : 'typed']).sort();

describe("a release's components from its SBOM", () => {
  it('are filled, marked imported, replaced by a new SBOM, never by the same one, and never touch typed rows', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'SBOM', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'payments 3.4.0' });
    saveComponents(core, release.id, [{ name: 'vendored-zlib', version: '1.3', licence: 'Zlib', vulnerabilityStatus: 'none-known', notes: 'typed by hand' }]);
    const first = await importInto(core, fixture('cyclonedx-1.5.json'), { auditId: audit.id, releaseId: release.id });
    expect(rows(core, release.id)).toEqual([
      ['express', '4.18.2', 'MIT', 'imported'], ['qs', '6.11.0', 'BSD-3-Clause', 'imported'], ['sharp', '0.32.6', 'Apache-2.0 AND LGPL-3.0-or-later', 'imported'], ['vendored-zlib', '1.3', 'Zlib', 'typed'],
    ]);
    expect(getRelease(core, release.id).components.find((c) => c.name === 'qs')?.importedFrom).toBe(first.import.id);
    const entries = () => (core.sqlite.prepare("SELECT count(*) AS n FROM ledger WHERE entity = 'release_components'").get() as { n: number }).n;
    const before = entries();
    expect((await importInto(core, fixture('cyclonedx-1.5.json'), { auditId: audit.id, releaseId: release.id })).alreadyImported).toBe(true);
    expect(entries()).toBe(before);

    // The screen sends the list back with an imported row changed and another left out: the imported rows stay as the SBOM said.
    const listed = getRelease(core, release.id).components;
    saveComponents(core, release.id, listed.filter((c) => c.name !== 'express').map((c) => (c.name === 'qs' ? { ...c, licence: 'MIT' } : c)));
    expect(rows(core, release.id)).toContainEqual(['qs', '6.11.0', 'BSD-3-Clause', 'imported']);
    expect(rows(core, release.id)).toContainEqual(['express', '4.18.2', 'MIT', 'imported']);

    // A new SBOM of the release replaces the imported rows; the typed row stays.
    await importInto(core, fixture('cyclonedx-1.6.json'), { auditId: audit.id, releaseId: release.id });
    expect(rows(core, release.id)).toEqual([
      ['AES-256-GCM', '', '', 'imported'], ['PyQt5', '5.15.9', 'GPL-3.0-only', 'imported'], ['chardet', '5.2.0', 'LGPL-2.1-or-later OR MIT', 'imported'], ['requests', '2.31.0', 'Apache-2.0', 'imported'], ['vendored-zlib', '1.3', 'Zlib', 'typed'],
    ]);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('a broken SBOM writes nothing: no import, no fact, no component', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'SBOM', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'r1' });
    const file = writeScratch(scratchDir(), 'broken.cdx.json', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [{ type: 'library', name: 'a', purl: 7 }] }));
    await expect(importInto(core, file, { auditId: audit.id, releaseId: release.id })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/components\[0\]\.purl must be a string/) });
    const count = (table: string) => (core.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('imports'), count('import_facts'), count('release_components'), count('evidence')]).toEqual([0, 0, 0, 0]);
  });
});
