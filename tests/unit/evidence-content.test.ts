import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createAudit } from '../../electron/audits/service';
import { contentDisposition } from '../../electron/evidence/content-headers';
import { addEvidenceFromStream, custodyLog } from '../../electron/evidence/service';
import { newId, utcNow } from '../../electron/ids';
import type { Core } from '../../electron/services';
import { makeWritable } from '../helpers/temp';
import { testHost } from '../helpers/host';

// Serving evidence back: whatever a stored record holds (a media type or name recorded before it
// was checked, or brought in by a bundle), every request is answered, no file stays open, and a
// view is recorded in the custody log only when the content was really served.

const openFds = () => fs.readdirSync('/proc/self/fd').length;

async function storedEvidence(core: Core, overrides: { mediaType?: string; originalName?: string } = {}): Promise<string> {
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const good = await addEvidenceFromStream(core, Readable.from([Buffer.from('deploy step 4 started\n')]), {
    auditId: audit.id,
    originalName: 'deploy.log',
    mediaType: 'text/plain',
    refersTo: null,
    sourceSystem: '',
    captureMethod: 'file',
    note: '',
    custodyDetail: 'test',
  });
  if (!overrides.mediaType && !overrides.originalName) return good.id;
  // A record as an older version (or another laptop's bundle) could have written it.
  const id = newId();
  core.sqlite
    .prepare('INSERT INTO evidence (id, audit_id, sha256, size, media_type, original_name, captured_by, captured_at, capture_method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, audit.id, good.sha256, good.size, overrides.mediaType ?? 'text/plain', overrides.originalName ?? 'deploy.log', 'someone', utcNow(), 'file');
  return id;
}

const views = (core: Core, id: string) => custodyLog(core, id).filter((c) => c.event === 'viewed').length;

describe('evidence content over the browser host', () => {
  it('serves a stored media type outside Latin-1 as plain bytes, 300 times, without leaking a file', async () => {
    const { host, core } = await testHost();
    const id = await storedEvidence(core, { mediaType: 'текст/журнал' });
    const get = () => fetch(`${host.origin}/evidence/${id}/content`, { headers: { Authorization: `Bearer ${host.token}` } });
    await (await get()).arrayBuffer();
    const before = openFds();
    for (let i = 0; i < 300; i++) {
      const response = await get();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(await response.text()).toBe('deploy step 4 started\n');
    }
    expect(openFds() - before).toBeLessThan(10);
    expect(views(core, id)).toBe(301);
  });

  it('sends any file name in a header a browser reads, lone surrogates and quotes included', async () => {
    const { host, core } = await testHost();
    const id = await storedEvidence(core, { originalName: 'rollback "plan" \ud800 Übergabe.log' });
    const response = await fetch(`${host.origin}/evidence/${id}/content`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^inline; filename="rollback _plan_ _+ _bergabe.log"; filename\*=UTF-8''rollback%20%22plan%22%20(%EF%BF%BD)+%20%C3%9Cbergabe.log$/);
    // A name that reaches the header with a lone surrogate still (SQLite replaced the one above).
    expect(contentDisposition('attachment', "a\ud800b (v2)'s.log")).toBe(`attachment; filename="a_b (v2)'s.log"; filename*=UTF-8''a%EF%BF%BDb%20%28v2%29%27s.log`);
  });

  it('answers a missing vault file with a clear error, records no view, leaks nothing, and keeps running', async () => {
    const { host, core } = await testHost();
    const id = await storedEvidence(core);
    const sha = (core.sqlite.prepare('SELECT sha256 FROM evidence WHERE id = ?').get(id) as { sha256: string }).sha256;
    makeWritable(core.vault.root);
    fs.rmSync(core.vault.objectPath(sha));
    const before = openFds();
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${host.origin}/evidence/${id}/content?head=4096`, { headers: { Authorization: `Bearer ${host.token}` } });
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/no longer holds/) });
    }
    expect(openFds() - before).toBeLessThan(10);
    expect(views(core, id)).toBe(0);
    expect((await fetch(`${host.origin}/api/audits.list`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(200);
  });

  it('answers a malformed address with 404 in plain words, and logs no stack trace', async () => {
    const { host } = await testHost();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const target of ['/evidence/%ZZ/content', '/evidence/not-an-id/content', '/reports/%ZZ/file', '/bundles/%E0%A4%A/file', '/evidence/01900000-0000-7000-8000-000000000000/content']) {
        const response = await fetch(`${host.origin}${target}`, { headers: { Authorization: `Bearer ${host.token}` } });
        expect(response.status, target).toBe(404);
        expect(((await response.json()) as { error: { code: string; message: string } }).error.message, target).toMatch(/^There is no|no longer here/);
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses an upload whose media type could not go back out in a header', async () => {
    const { host, core } = await testHost();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const query = new URLSearchParams({ auditId: audit.id, name: 'a.bin', mediaType: 'текст/журнал' });
    const response = await fetch(`${host.origin}/upload/evidence?${query}`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: 'x' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Media type must look like text\/plain/);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  });
});
