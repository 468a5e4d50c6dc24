import { describe, expect, it } from 'vitest';
import { callApi, testHost } from '../helpers/host';

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
    const page = await fetch(`${host.origin}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/Release Audit/);
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
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: `http://localhost:${host.port}` },
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
});
