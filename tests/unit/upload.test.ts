import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../../electron/audits/service';
import { custodyLog } from '../../electron/evidence/service';
import { testHost } from '../helpers/host';

describe('evidence over the browser host', () => {
  it('streams an upload into the vault, links it, and serves it back for preview with custody', async () => {
    const { host, core } = await testHost();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const body = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(3 * 1024 * 1024 + 17)]);
    const query = new URLSearchParams({ auditId: audit.id, name: 'deploy-screenshot.png', mediaType: 'image/png', method: 'clipboard', sourceSystem: 'Grafana' });
    const response = await fetch(`${host.origin}/upload/evidence?${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/octet-stream' },
      body,
    });
    expect(response.status).toBe(200);
    const { value } = (await response.json()) as { value: { id: string; sha256: string; size: number; captureMethod: string } };
    expect(value).toMatchObject({ sha256: crypto.createHash('sha256').update(body).digest('hex'), size: body.length, captureMethod: 'clipboard' });
    expect(core.vault.has(value.sha256)).toBe(true);

    const content = await fetch(`${host.origin}/evidence/${value.id}/content`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await content.arrayBuffer()).equals(body)).toBe(true);
    expect(custodyLog(core, value.id).map((c) => c.event)).toEqual(['captured', 'viewed']);

    // A label is not proof: text sent as "image/png" is stored as what its bytes are.
    const fake = await fetch(`${host.origin}/upload/evidence?${new URLSearchParams({ auditId: audit.id, name: 'fake.png', mediaType: 'image/png' })}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: 'this is not an image',
    });
    expect(((await fake.json()) as { value: { mediaType: string } }).value.mediaType).toBe('application/octet-stream');
  });

  it('refuses an upload without the token, with bad parameters, or for an unknown audit, storing nothing', async () => {
    const { host, core } = await testHost();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const post = (query: string, auth = true) =>
      fetch(`${host.origin}/upload/evidence?${query}`, { method: 'POST', headers: auth ? { Authorization: `Bearer ${host.token}` } : {}, body: 'x' });
    expect((await post(`auditId=${audit.id}&name=a.txt`, false)).status).toBe(401);
    const noName = await post(`auditId=${audit.id}`);
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: { message: string } }).error.message).toMatch(/name: is required/);
    expect((await post(`auditId=01900000-0000-7000-8000-000000000000&name=a.txt`)).status).toBe(404);
    expect((await post(`auditId=${audit.id}&name=a.txt&linkType=finding`)).status).toBe(400);
    expect(await core.vault.listObjects()).toEqual([]);
  });

  it('keeps nothing of an upload the client abandons half-way', async () => {
    const { host, core } = await testHost();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    await new Promise<void>((resolve) => {
      const request = http.request({
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/upload/evidence?auditId=${audit.id}&name=big.bin`,
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Length': String(64 * 1024 * 1024) },
      });
      request.on('error', () => resolve());
      request.write(Buffer.alloc(2 * 1024 * 1024));
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 200);
    });
    await expect.poll(() => fs.readdirSync(path.join(core.vault.root, 'tmp')), { timeout: 5000 }).toEqual([]);
    expect(await core.vault.listObjects()).toEqual([]);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
  });
});
