import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { addEvidenceFile, addEvidenceText, custodyLog, evidenceForTarget, listEvidence } from './service';
import { createEvidenceTransfer } from '../host/transfer';

// The same file added twice to one audit: one record, linked where the second copy was meant to go.

const bytes = () => Readable.from([Buffer.from('2026-11-20T22:01:03Z step 4 started\n')]);

describe('the same content added twice', () => {
  it('is not recorded again: the existing record is linked to the new target, and the answer says so', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const finding = createFinding(core, { auditId: audit.id, title: 'Backout untested' });
    const transfer = createEvidenceTransfer(core);
    const first = await transfer.upload({ auditId: audit.id, name: 'deploy.log', method: 'drop' }, bytes(), {});
    expect(first.alreadyRecorded).toBeUndefined();

    const again = await transfer.upload({ auditId: audit.id, name: 'copy of deploy.log', method: 'file' }, bytes(), {});
    expect(again).toMatchObject({ id: first.id, originalName: 'deploy.log', alreadyRecorded: 'in-audit' });
    expect(listEvidence(core, audit.id).map((e) => e.id)).toEqual([first.id]);

    const linked = await transfer.upload({ auditId: audit.id, name: 'deploy.log', method: 'drop', linkType: 'finding', linkId: finding.id }, bytes(), {});
    expect(linked).toMatchObject({ id: first.id, alreadyRecorded: 'linked-here' });
    expect(evidenceForTarget(core, { targetType: 'finding', targetId: finding.id }).map((e) => e.id)).toEqual([first.id]);
    expect(custodyLog(core, first.id).map((c) => c.event)).toEqual(['captured', 'linked']);

    const pasted = await addEvidenceText(core, {
      auditId: audit.id,
      kind: 'log-excerpt',
      text: '2026-11-20T22:01:03Z step 4 started\n',
      sourceSystem: 'Jenkins',
      sourceFile: '',
      lineStart: null,
      lineEnd: null,
      url: '',
      refersTo: null,
      note: '',
      links: [{ targetType: 'finding', targetId: finding.id }],
    });
    expect(pasted).toMatchObject({ id: first.id, alreadyRecorded: 'already-linked' });
    expect(listEvidence(core, audit.id)).toHaveLength(1);
    expect(custodyLog(core, first.id)).toHaveLength(2);
  });

  it('is recorded separately in another audit (evidence never crosses audits), and again on purpose from the command line', async () => {
    const core = testCore();
    const q4 = createAudit(core, { name: 'Q4', description: '' });
    const q1 = createAudit(core, { name: 'Q1', description: '' });
    const transfer = createEvidenceTransfer(core);
    const first = await transfer.upload({ auditId: q4.id, name: 'deploy.log' }, bytes(), {});
    const other = await transfer.upload({ auditId: q1.id, name: 'deploy.log' }, bytes(), {});
    expect(other.id).not.toBe(first.id);
    expect(other.alreadyRecorded).toBeUndefined();
    const file = path.join(tempDir(), 'deploy.log');
    fs.writeFileSync(file, '2026-11-20T22:01:03Z step 4 started\n');
    const cli = await addEvidenceFile(core, { auditId: q4.id, path: file, refersTo: null, sourceSystem: '', captureMethod: 'cli', note: '' });
    expect(cli).toMatchObject({ alreadyInVault: true });
    expect(cli.id).not.toBe(first.id);
  });
});
