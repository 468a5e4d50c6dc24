import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { databaseStatus, osvFile, recordsFor } from './database';
import { importDatabase } from './load';
import { goodRecords, lodashAdvisory, recordParts, writeOsvFolder, writeZip } from './osv.fixture';
import { fileSha256 } from './osv-source';

// The offline OSV database, imported from a folder or a zip as the OSV project serves them: counted,
// hashed, indexed by package; bad records named and counted; hostile zips refused with nothing written.

const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => name.includes('osv'));

describe('importing an OSV database', () => {
  it('reads an ecosystem folder: records, withdrawn ones, the newest modified time, a manifest hash; bad records are named, not fatal', async () => {
    const core = testCore();
    const dir = writeOsvFolder(tempDir(), {
      'npm/broken.json': '{"id": "GHSA-cut',
      'npm/no-id.json': JSON.stringify({ modified: '2024-01-01T00:00:00Z', affected: [] }),
      'PyPI/bad-range.json': JSON.stringify({ id: 'PYSEC-BAD', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1' }] }] }] }),
      'README.txt': 'not a record',
    });
    const phases: string[] = [];
    const status = await importDatabase(core, dir, { progress: (phase) => phases.push(phase) });
    expect(status).toMatchObject({ present: true, records: 5, withdrawn: 1, modified: '2024-03-01T12:00:00Z', badRecords: 3 });
    expect(status.problems.map((p) => `${p.name}: ${p.reason}`).sort()).toEqual([
      'PyPI/bad-range.json: affected[0].ranges[0] has no introduced event',
      expect.stringMatching(/^npm\/broken\.json: it is not JSON/),
      'npm/no-id.json: it has no id',
    ]);
    expect(status.ecosystems.map((e) => e.ecosystem).sort()).toEqual(['Debian:12', 'PyPI', 'npm']);
    expect(phases).toContain('Reading OSV records');
    // The folder's hash is its manifest's, as sha256sum prints it, sorted by path.
    const files = ['Debian/DSA-5532-1.json', 'PyPI/PYSEC-2023-74.json', 'PyPI/bad-range.json', 'npm/GHSA-35jh-r3h4-6jhm.json', 'npm/GHSA-wdrn-0000-0000.json', 'npm/GHSA-xvch-5gv4-984h.json', 'npm/broken.json', 'npm/no-id.json'];
    const lines = await Promise.all(files.map(async (f) => `${await fileSha256(path.join(dir, f))}  ${f}`));
    const { createHash } = await import('node:crypto');
    expect(status.sha256).toBe(createHash('sha256').update(`${lines.join('\n')}\n`).digest('hex'));
    // Indexed by ecosystem family and name; a withdrawn record is never offered; PyPI names are normalised.
    expect(recordsFor(core, 'npm', 'lodash').map((r) => r.id)).toEqual(['GHSA-35jh-r3h4-6jhm']);
    expect(recordsFor(core, 'pypi', 'requests').map((r) => r.id)).toEqual(['PYSEC-2023-74']);
    const plan = core.sqlite.prepare('EXPLAIN QUERY PLAN SELECT vuln FROM osv.affected WHERE base = ? AND name = ?').all('npm', 'lodash') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX affected_package/);
    expect(leftovers(core.layout.root)).toEqual(['osv.db']);
  });

  it('reads an all.zip, hashed as the file; the same advisory twice keeps the newer copy', async () => {
    const core = testCore();
    const older = { ...lodashAdvisory, modified: '2020-01-01T00:00:00Z', summary: 'old copy' };
    const zip = await writeZip(path.join(tempDir(), 'all.zip'), [...recordParts(goodRecords), { name: 'again/GHSA-35jh-r3h4-6jhm.json', data: JSON.stringify(older) }]);
    const status = await importDatabase(core, zip);
    expect(status).toMatchObject({ records: 5, badRecords: 0, sha256: await fileSha256(zip), source: 'all.zip' });
    expect(JSON.parse(recordsFor(core, 'npm', 'lodash')[0]?.record ?? '{}').summary).toBe('Command Injection in lodash');
    // A second core on the same data folder sees it: the database is this computer's.
    const again = testCore({ dataDir: core.layout.root });
    expect(databaseStatus(again).records).toBe(5);
  });

  it('refuses hostile zips in one sentence, leaving the database it had as it was', async () => {
    const core = testCore();
    const dir = tempDir();
    const first = await importDatabase(core, await writeZip(path.join(dir, 'good.zip'), recordParts(goodRecords)));
    const before = fs.readFileSync(osvFile(core));
    const traversal = async () => {
      const file = await writeZip(path.join(dir, 'slip.zip'), [...recordParts(goodRecords), { name: 'aaaaaaaaaaaaaaaa.json', data: '{}' }]);
      const bytes = fs.readFileSync(file);
      const from = Buffer.from('aaaaaaaaaaaaaaaa.json');
      const to = Buffer.from('../../../etc/x.json');
      const padded = Buffer.concat([to, Buffer.from('__')]).subarray(0, from.length);
      for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) padded.copy(bytes, at);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const symlink = () => {
      const zip = new yazl.ZipFile();
      zip.addBuffer(Buffer.from('/etc/passwd'), 'link.json', { mode: 0o120777 });
      zip.end();
      const file = path.join(dir, 'link.zip');
      return new Promise<string>((resolve) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve(file)));
    };
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['path traversal', traversal, /slip\.zip is refused: .*(relative|\.\.)/],
      ['zip bomb', () => writeZip(path.join(dir, 'bomb.zip'), [{ name: 'bomb.json', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]), /inflates \d+ times its size, as a zip bomb does/],
      ['huge entry', () => writeZip(path.join(dir, 'huge.zip'), [{ name: 'huge.json', data: Buffer.alloc(17 * 1024 * 1024, 0x20), compress: false }]), /is 17 MiB, over the 16 MiB a record may take/],
      ['symbolic link', symlink, /is a symbolic link/],
      ['not a zip', async () => { const f = path.join(dir, 'fake.zip'); fs.writeFileSync(f, 'PK\u0003\u0004 not really'); return f; }, /is not a readable zip/],
      ['no records', async () => writeZip(path.join(dir, 'empty.zip'), [{ name: 'notes.txt', data: 'hello' }]), /holds no readable OSV record/],
      ['only bad records', async () => writeZip(path.join(dir, 'bad.zip'), [{ name: 'x.json', data: '[1,2]' }]), /holds no readable OSV record \(1 could not be read\)/],
    ];
    for (const [what, make, message] of cases) {
      const file = await make();
      const error = await importDatabase(core, file).then(() => null, (e: Error) => e);
      expect(error?.message, what).toMatch(message);
      expect(error?.message.split(/(?<=\.) (?=[A-Z])/).length, `${what}: one sentence`).toBeLessThanOrEqual(2);
      expect(fs.readFileSync(osvFile(core)).equals(before), what).toBe(true);
      expect(leftovers(core.layout.root), what).toEqual(['osv.db']);
      expect(databaseStatus(core).sha256, what).toBe(first.sha256);
    }
    await expect(importDatabase(core, path.join(dir, 'nowhere'))).rejects.toThrow(/There is no file or folder at/);
    fs.writeFileSync(path.join(dir, 'plain.txt'), 'hello');
    await expect(importDatabase(core, path.join(dir, 'plain.txt'))).rejects.toThrow('plain.txt is not a zip or a folder of OSV JSON records.');
  });

  it('stops when cancelled, keeping nothing of the new database', async () => {
    const core = testCore();
    const many = Array.from({ length: 600 }, (_, i) => ({ ...lodashAdvisory, id: `GHSA-bulk-${i}` }));
    const zip = await writeZip(path.join(tempDir(), 'many.zip'), recordParts(many));
    const controller = new AbortController();
    const error = await importDatabase(core, zip, { signal: controller.signal, progress: (phase) => { if (phase === 'Reading OSV records') controller.abort(); } }).then(() => null, (e: Error) => e);
    expect(error?.message).toBe('The database import was cancelled; the database is as it was.');
    expect(databaseStatus(core).present).toBe(false);
    expect(leftovers(core.layout.root)).toEqual([]);
  });
});
