import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding } from '../findings/service';
import { verifyAll } from '../system/verify';
import { laptop, recordsOf } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';

const tables = ['audits', 'audit_plans', 'findings', 'evidence', 'custody_events', 'evidence_links'];

describe('sync bundles', () => {
  it('carries an audit, its evidence files and its ledger to another laptop, once', async () => {
    const a = laptop('Alice');
    const b = laptop('Bob');
    const audit = createAudit(a, { name: 'Q3 payments release', description: 'carried' });
    createFinding(a, { auditId: audit.id, title: 'Backout plan untested' });
    await addEvidenceText(a, { auditId: audit.id, kind: 'log-excerpt', text: 'deploy ok\n', sourceSystem: 'jenkins', sourceFile: 'deploy.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    const out = path.join(tempDir(), 'a.rabundle');
    const exported = await exportBundle(a, { auditId: audit.id, out });
    expect(exported).toMatchObject({ objects: 1, stubs: 0 });
    const summary = await inspectBundle(b, out);
    expect(summary.signer.trust).toBe('unknown');
    // An untrusted signer is refused straight after the signature check: nothing is unpacked.
    const stages = new Set<string>();
    await expect(importBundle(b, out, {}, (stage) => stages.add(stage))).rejects.toThrow(/not trusted here.*[0-9A-F]{2}:[0-9A-F]{2}/);
    expect([...stages]).toEqual(['Checking the signature']);
    await expect(importBundle(b, out, { trustFingerprint: 'f'.repeat(64) })).rejects.toThrow(/The fingerprint given to trust \(FF:FF/);
    const result = await importBundle(b, out, { trustFingerprint: summary.signer.fingerprint });
    expect(result.newEntries).toBe(exported.entries);
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    expect((await verifyAll(b)).problems).toEqual([]);
    const again = await importBundle(b, out);
    expect(again.alreadyImported).not.toBeNull();
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
  });

  it('stops an export or an import when cancelled, leaving no file and writing nothing', async () => {
    const a = laptop('Alice');
    const b = laptop('Bob');
    const audit = createAudit(a, { name: 'Cancelled', description: '' });
    const dir = tempDir();
    const stopped = new AbortController();
    stopped.abort();
    await expect(exportBundle(a, { auditId: audit.id, out: path.join(dir, 'x.rabundle') }, () => {}, stopped.signal)).rejects.toThrow(/cancelled; no bundle was written/);
    expect(fs.readdirSync(dir)).toEqual([]);
    const out = path.join(dir, 'a.rabundle');
    await exportBundle(a, { auditId: audit.id, out });
    const fingerprint = (await inspectBundle(b, out)).signer.fingerprint;
    const before = recordsOf(b, tables);
    const ledger = b.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
    await expect(importBundle(b, out, { trustFingerprint: fingerprint, signal: stopped.signal })).rejects.toThrow(/cancelled; nothing was written/);
    expect(recordsOf(b, tables)).toEqual(before);
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(ledger);
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM trusted_keys').get()).toEqual({ n: 0 });
  });
});
