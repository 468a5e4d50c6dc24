import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { CHUNK_SIZE } from '../vault/vault';
import { addEvidenceFile, custodyLog } from './service';
import { stageEvidenceFile } from './staged-file';

const defaults = { refersTo: null, sourceSystem: 'Jenkins', captureMethod: 'cli' as const, note: '' };
const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const tmpOf = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'vault', 'tmp'));

describe('a file staged before the data folder is opened (the CLI’s evidence add)', () => {
  it('is taken into the vault as it was copied, recorded as a file stored from its real path', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const dir = tempDir();
    const content = crypto.randomBytes(2 * CHUNK_SIZE + 11);
    fs.writeFileSync(path.join(dir, 'deploy.log'), content);
    fs.symlinkSync(path.join(dir, 'deploy.log'), path.join(dir, 'latest.log'));
    const named = path.join(dir, 'latest.log');
    const staged = await stageEvidenceFile(core.layout.root, named);
    expect(staged).toMatchObject({ named, realPath: path.join(dir, 'deploy.log') });
    // Changed after it was copied: what is stored is what was copied, under its own hash.
    fs.writeFileSync(path.join(dir, 'deploy.log'), 'rewritten since');
    const evidence = await addEvidenceFile(core, { ...defaults, auditId: audit.id, path: named }, { staged });
    expect(evidence).toMatchObject({ sha256: sha(content), size: content.length, alreadyInVault: false, originalName: 'latest.log' });
    expect(fs.readFileSync(core.vault.objectPath(evidence.sha256)).equals(content)).toBe(true);
    expect(custodyLog(core, evidence.id)[0]?.detail).toBe(`Stored from ${path.join(dir, 'deploy.log')} (named as ${named}).`);
    await staged?.discard();
    expect(tmpOf(core.layout.root)).toEqual([]);
  });

  it('stages nothing where the usual path must refuse or say what is wrong, and leaves nothing behind', async () => {
    const core = testCore();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.log'), '');
    fs.writeFileSync(path.join(dir, 'ok.log'), 'fine');
    const nowhere = path.join(tempDir(), 'never-created');
    expect(await stageEvidenceFile(nowhere, path.join(dir, 'ok.log'))).toBeUndefined();
    expect(fs.existsSync(nowhere)).toBe(false);
    for (const named of [
      path.join(dir, 'empty.log'),
      path.join(dir, 'missing.log'),
      dir,
      'relative.log',
      '/proc/self/environ',
      core.layout.databaseFile,
      path.join(core.layout.root, 'vault', 'tmp'),
    ]) {
      expect(await stageEvidenceFile(core.layout.root, named), named).toBeUndefined();
    }
    // A hard link to the database is the database.
    fs.linkSync(core.layout.databaseFile, path.join(dir, 'innocent.log'));
    expect(await stageEvidenceFile(core.layout.root, path.join(dir, 'innocent.log'))).toBeUndefined();
    expect(tmpOf(core.layout.root)).toEqual([]);
  });

  it('is not used for another file or another data folder, and its copy is dropped when the record is refused', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.log'), 'content of a');
    fs.writeFileSync(path.join(dir, 'b.log'), 'content of b');
    const staged = await stageEvidenceFile(core.layout.root, path.join(dir, 'a.log'));
    const other = await addEvidenceFile(core, { ...defaults, auditId: audit.id, path: path.join(dir, 'b.log') }, { staged });
    expect(other.sha256).toBe(sha(Buffer.from('content of b')));
    const elsewhere = testCore();
    const theirs = createAudit(elsewhere, { name: 'Other laptop', description: '' });
    const stored = await addEvidenceFile(elsewhere, { ...defaults, auditId: theirs.id, path: path.join(dir, 'a.log') }, { staged });
    expect(stored.sha256).toBe(sha(Buffer.from('content of a')));
    expect(tmpOf(core.layout.root)).toHaveLength(1);
    await expect(addEvidenceFile(core, { ...defaults, auditId: '01900000-0000-7000-8000-000000000000', path: path.join(dir, 'a.log') }, { staged })).rejects.toThrow();
    await staged?.discard();
    expect(tmpOf(core.layout.root)).toEqual([]);
    expect(core.vault.has(sha(Buffer.from('content of a')))).toBe(false);
  });
});
