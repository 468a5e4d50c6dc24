import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { addEvidenceFile, custodyLog, listEvidence } from './service';

const defaults = { refersTo: null, sourceSystem: '', captureMethod: 'file' as const, note: '' };

describe('evidence', () => {
  it('stores the file and records who captured it, when, from where and what it is', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const file = path.join(tempDir(), 'deploy-2026-11-20.log');
    fs.writeFileSync(file, '2026-11-20T22:01:03Z step 4 started\n');
    const evidence = await addEvidenceFile(core, {
      ...defaults,
      auditId: audit.id,
      path: file,
      refersTo: '2026-11-20',
      sourceSystem: 'Jenkins',
      note: 'Production deploy job #812',
    });
    expect(evidence).toMatchObject({
      auditId: audit.id,
      size: 36,
      mediaType: 'text/plain',
      originalName: 'deploy-2026-11-20.log',
      capturedBy: 'test-auditor',
      refersTo: '2026-11-20',
      sourceSystem: 'Jenkins',
      captureMethod: 'file',
      alreadyInVault: false,
    });
    expect(evidence.capturedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(core.vault.has(evidence.sha256)).toBe(true);
    expect(listEvidence(core, audit.id).map((e) => e.id)).toEqual([evidence.id]);
    expect(custodyLog(core, evidence.id)).toMatchObject([{ event: 'captured', actor: 'test-auditor' }]);
  });

  it('detects a PNG by its bytes whatever its name', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const file = path.join(tempDir(), 'screenshot');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    expect((await addEvidenceFile(core, { ...defaults, auditId: audit.id, path: file })).mediaType).toBe('image/png');
  });

  it('refuses evidence for an unknown audit before storing anything', async () => {
    const core = testCore();
    const file = path.join(tempDir(), 'x.txt');
    fs.writeFileSync(file, 'x');
    await expect(addEvidenceFile(core, { ...defaults, auditId: '01900000-0000-7000-8000-000000000000', path: file })).rejects.toThrow(
      /There is no audit with the id/,
    );
    expect(await core.vault.listObjects()).toEqual([]);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 0 });
  });

  it('says plainly when the file is missing, and writes nothing', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    await expect(addEvidenceFile(core, { ...defaults, auditId: audit.id, path: '/nope/evidence.pdf' })).rejects.toThrow(
      'There is no file at /nope/evidence.pdf.',
    );
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  });
});
