import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../../electron/audits/service';
import { addEvidenceFromStream, custodyLog } from '../../electron/evidence/service';
import type { RunningHost } from '../../electron/host/server';
import type { Core } from '../../electron/services';
import { callApi, testHost } from '../helpers/host';

/** The cookie a browser holds after opening the printed address. */
async function pageCookie(host: RunningHost): Promise<string> {
  const landing = await fetch(host.url, { redirect: 'manual' });
  return (landing.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** A GET sent with exactly these headers (fetch would replace Sec-Fetch-Mode with its own). */
async function rawGet(host: RunningHost, target: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: host.port, path: target, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function someEvidence(core: Core): Promise<{ auditId: string; evidenceId: string }> {
  const auditId = createAudit(core, { name: 'Q4', description: '' }).id;
  const evidence = await addEvidenceFromStream(core, Readable.from([Buffer.from('secret deploy log\n')]), {
    auditId,
    originalName: 'deploy.log',
    mediaType: 'text/plain',
    refersTo: null,
    sourceSystem: '',
    captureMethod: 'file',
    note: '',
    custodyDetail: 'test',
  });
  return { auditId, evidenceId: evidence.id };
}

// What a browser sends (Fetch Metadata) for a request made by a page on another 127.0.0.1 port, by
// a page on another site, by the app's own page, and for an address typed into the address bar.
const fromOtherPort = { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' };
const fromOtherSite = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' };
const fromOwnPage = { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' };
const typedAddress = { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };

describe('browser host', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { host } = await testHost();
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.token.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses any request without the token, pages and API alike', async () => {
    const { host } = await testHost();
    for (const target of ['/', '/index.html', '/assets/app.js']) {
      const response = await fetch(`${host.origin}${target}`);
      expect(response.status, target).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    const api = await fetch(`${host.origin}/api/audits.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect((await callApi(host, 'audits.list', {}, { Authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await fetch(`${host.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
  });

  it('trades the token in the URL for a strict cookie, and serves the app with it', async () => {
    const { host } = await testHost();
    const landing = await fetch(host.url, { redirect: 'manual' });
    expect(landing.status).toBe(303);
    const cookie = landing.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${host.origin}/`, { headers: { Cookie: cookie.split(';')[0]!, ...fromOwnPage } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/Release Audit/);
    expect((await rawGet(host, '/', { Cookie: cookie.split(';')[0]!, ...typedAddress })).body).toMatch(/Release Audit/);
  });

  it('answers API calls with the typed result envelope', async () => {
    const { host } = await testHost();
    const created = await callApi(host, 'audits.create', { name: 'Over HTTP' });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { ok: true; value: { name: string; status: string } };
    expect(body.value).toMatchObject({ name: 'Over HTTP', status: 'planning' });
  });

  it('explains bad input in plain words and writes nothing', async () => {
    const { host, core } = await testHost();
    const ledgerBefore = core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 42 }, /name: Audit name must be text/],
      [{ name: '   ' }, /name: Audit name is required/],
      [{ name: 'x'.repeat(201) }, /at most 200 characters/],
      [{ name: 'ok', colour: 'red' }, /unknown field\(s\) colour/],
      [[1, 2], /input: /],
      [{ name: 'Q4\u202e\u0000' }, /control or text-direction characters/],
    ];
    for (const [input, message] of cases) {
      const response = await callApi(host, 'audits.create', input);
      const body = (await response.json()) as { ok: false; error: { code: string; message: string } };
      expect(response.status).toBe(400);
      expect(body.error.code).toBe('VALIDATION');
      expect(body.error.message).toMatch(message);
    }
    const notJson = await callApi(host, 'audits.create', '{"name": ');
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('The request body is not valid JSON.');
    const notFound = await callApi(host, 'audits.get', { id: '01900000-0000-7000-8000-000000000000' });
    expect(notFound.status).toBe(404);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM audits').get()).toEqual({ n: 0 });
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(ledgerBefore);
  });

  it('refuses oversized bodies, other content types, other methods and other origins', async () => {
    const { host } = await testHost();
    const big = await callApi(host, 'audits.create', JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024) }));
    expect(big.status).toBe(400);
    const form = await callApi(host, 'audits.create', 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const get = await fetch(`${host.origin}/api/audits.list`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    const foreign = await callApi(host, 'audits.list', {}, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const badEscape = await callApi(host, '%E0%A4%A', {});
    expect(badEscape.status).toBe(404);
  });

  it('answers only to its loopback name (no DNS rebinding)', async () => {
    const { host } = await testHost();
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'attacker.example', Authorization: `Bearer ${host.token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('never serves a file outside its static folder', async () => {
    const { host } = await testHost();
    for (const target of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const response = await fetch(`${host.origin}${target}`, { headers: { Authorization: `Bearer ${host.token}` } });
      expect(await response.text()).toMatch(/<title>Release Audit<\/title>/);
    }
  });

  it('works when opened as localhost too, and keeps one cookie per port', async () => {
    const { host } = await testHost();
    const landing = await fetch(host.url.replace('127.0.0.1', 'localhost'), { redirect: 'manual' });
    const cookie = (landing.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie.startsWith(`ra_token_${host.port}=`)).toBe(true);
    const call = await fetch(`http://localhost:${host.port}/api/audits.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: `http://localhost:${host.port}`, ...fromOwnPage },
      body: '{}',
    });
    expect(call.status).toBe(200);
  });

  it('tells a browser without the token what to do, in a page', async () => {
    const { host } = await testHost();
    const page = await fetch(`${host.origin}/`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(/Access token needed/);
  });

  it("refuses a page on another port or site that holds the cookie: its <img> reads no evidence and adds no custody event", async () => {
    const { host, core } = await testHost();
    const { auditId, evidenceId } = await someEvidence(core);
    const cookie = await pageCookie(host);
    const content = `${host.origin}/evidence/${evidenceId}/content`;
    let refused = 0;
    for (const headers of [fromOtherPort, fromOtherSite, {}]) {
      for (const target of [content, `${content}?head=4096`, `${host.origin}/reports/${evidenceId}/file`, `${host.origin}/bundles/${evidenceId}/file`, `${host.origin}/`, `${host.origin}/assets/app.js`]) {
        const response = await fetch(target, { headers: { Cookie: cookie, ...headers } });
        expect(response.status, `${target} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.text()).not.toMatch(/secret deploy log|Release Audit<\/title>|console\.log/);
        refused++;
      }
      const api = await fetch(`${host.origin}/api/evidence.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ auditId }) });
      expect(api.status).toBe(403);
      const upload = await fetch(`${host.origin}/upload/evidence?auditId=${auditId}&name=planted.log`, { method: 'POST', headers: { Cookie: cookie, ...headers }, body: 'planted' });
      expect(upload.status).toBe(403);
      refused += 2;
    }
    expect(refused).toBe(24);
    expect(custodyLog(core, evidenceId).map((c) => c.event)).toEqual(['captured']);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 1 });
  });

  it("serves the app's own page: its requests, the address typed in, and clients without fetch metadata that send the app's header", async () => {
    const { host, core } = await testHost();
    const { auditId, evidenceId } = await someEvidence(core);
    const cookie = await pageCookie(host);
    expect((await rawGet(host, '/', { Cookie: cookie, ...typedAddress })).status).toBe(200);
    expect((await rawGet(host, '/audits/x', { Cookie: cookie, ...typedAddress })).status).toBe(200);
    // Typing the address of evidence or a download is not the app's page asking.
    expect((await rawGet(host, `/evidence/${evidenceId}/content`, { Cookie: cookie, ...typedAddress })).status).toBe(403);
    expect((await rawGet(host, `/reports/${evidenceId}/file`, { Cookie: cookie, ...typedAddress })).status).toBe(403);
    expect((await rawGet(host, '/', { Cookie: cookie, ...typedAddress, 'Sec-Fetch-Mode': 'no-cors' })).status).toBe(403);
    expect((await fetch(`${host.origin}/assets/app.js`, { headers: { Cookie: cookie, ...fromOwnPage } })).status).toBe(200);
    const content = await fetch(`${host.origin}/evidence/${evidenceId}/content`, { headers: { Cookie: cookie, ...fromOwnPage } });
    expect(await content.text()).toBe('secret deploy log\n');
    expect(content.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(content.headers.get('vary')).toMatch(/Sec-Fetch-Site/);
    const api = await fetch(`${host.origin}/api/evidence.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', ...fromOwnPage }, body: JSON.stringify({ auditId }) });
    expect(api.status).toBe(200);
    const noMetadata = await fetch(`${host.origin}/api/evidence.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-Release-Audit': '1' }, body: JSON.stringify({ auditId }) });
    expect(noMetadata.status).toBe(200);
    // The header is no pass for a browser that says the request came from elsewhere.
    const forged = await fetch(`${host.origin}/api/evidence.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-Release-Audit': '1', ...fromOtherPort }, body: JSON.stringify({ auditId }) });
    expect(forged.status).toBe(403);
    // The bearer token is never sent by a browser on its own: scripts and tests that hold it are trusted.
    expect((await fetch(`${host.origin}/evidence/${evidenceId}/content`, { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });
});
