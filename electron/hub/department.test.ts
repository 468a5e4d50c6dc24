import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { departmentPaths, type DepartmentFindingPage, type DepartmentOverview } from '../../shared/api/department';
import type { KpiSummary } from '../../shared/api/kpis';
import type { TrendCharts } from '../../shared/api/trends';
import { contentSecurityPolicy } from '../../shared/security';
import { createAudit } from '../audits/service';
import { updateFinding } from '../findings/service';
import { finding } from '../kpis/cycles.fixture';
import { endpointOf, enrol, startTestHub, testTls, type TestHub } from '../../tests/helpers/hub';
import { laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { syncWithHub } from './client';
import { departmentRoutes } from './department';
import { addViewer, revokeViewer } from './department-viewers';
import { startHubServer, type RunningHub } from './server';

// The department view against a real hub on PostgreSQL, with audits from two laptops synced through
// it: a link's token traded for a strict cookie, the figures read by the app's services, nothing
// written, a revoked link refused at once, and every request in the access log.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

let test: TestHub;
let view: RunningHub;
let auditIds: string[] = [];

function call(pathname: string, options: { method?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const url = new URL(pathname, view.url);
  return new Promise((resolve, reject) => {
    // (A connection of its own each time: a kept-alive socket the hub has just closed is not what is tested.)
    const request = https.request(url, { method: options.method ?? 'GET', agent: false, ca: testTls().certPem, headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };
const valueOf = <T>(reply: Reply): T => (JSON.parse(reply.text) as { value: T }).value;

async function session(token: string): Promise<string> {
  const reply = await call(departmentPaths.session, { method: 'POST', body: JSON.stringify({ token }), headers: json });
  expect(reply.status).toBe(200);
  const cookie = ([] as string[]).concat(reply.headers['set-cookie'] ?? [])[0] ?? '';
  return cookie.split(';')[0] as string;
}

beforeAll(async () => {
  test = await startTestHub();
  const alice = laptop('Alice');
  const bob = laptop('Bob');
  await enrol(test.hub, alice, { mayOpenAudits: true });
  await enrol(test.hub, bob, { mayOpenAudits: true });
  // Findings raised in January (their due dates passed long ago), and one due far ahead.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-05T09:00:00.000Z'));
  const payments = createAudit(alice, { name: 'Payments Q1', description: '' });
  const ledger = createAudit(bob, { name: 'Ledger Q1', description: '' });
  await finding(alice, payments.id, { title: 'CAB skipped', severity: 'major', controlId: 'RA-RFC-01', cause: 'Urgent change', ownerName: 'Release team' });
  const later = await finding(bob, ledger.id, { title: 'Runbook unsigned', severity: 'minor', controlId: 'RA-RFC-01', cause: 'No sign-off', ownerName: 'Ops' });
  await finding(bob, ledger.id, { title: 'Backout untested', severity: 'critical', controlId: 'RA-RFC-01', cause: 'No rehearsal', ownerName: 'Ops' });
  updateFinding(bob, { id: later.id, dueAt: '2099-01-01' });
  vi.useRealTimers();
  auditIds = [payments.id, ledger.id];
  const endpoint = await endpointOf(test.server.url);
  await syncWithHub(alice, endpoint);
  await syncWithHub(bob, endpoint);
  const appRoot = tempDir();
  fs.mkdirSync(path.join(appRoot, 'dist', 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(appRoot, 'dist', 'renderer', 'department.html'), '<!doctype html><title>Department</title>');
  fs.writeFileSync(path.join(appRoot, 'dist', 'renderer', 'assets', 'department-1.js'), 'export {};');
  view = await startHubServer(test.hub, { tls: testTls(), extraRoutes: departmentRoutes(test.hub, appRoot) });
}, 120_000);

afterAll(async () => {
  await view?.close();
  await test?.close();
});

describe('the department view', () => {
  it('serves its page and assets under the strict CSP, and nothing else of the app', async () => {
    const page = await call('/department/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).toContain('<title>Department</title>');
    expect((await call('/department/assets/department-1.js')).headers['content-type']).toMatch(/javascript/);
    expect((await call('/department')).status).toBe(308);
    expect((await call('/department/assets/../../../package.json')).status).toBe(404);
    expect((await call('/department/index.html')).status).toBe(404);
  });

  it('trades a link token for an HttpOnly, Secure, SameSite=Strict cookie and refuses what is not one', async () => {
    const { token } = await addViewer(test.hub, { name: 'CAB', by: 'admin' });
    expect((await call(departmentPaths.overview)).status).toBe(403);
    const unknown = await call(departmentPaths.session, { method: 'POST', body: JSON.stringify({ token: 'x'.repeat(43) }), headers: json });
    expect(unknown.status).toBe(403);
    expect(JSON.parse(unknown.text)).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    const crossSite = await call(departmentPaths.session, { method: 'POST', body: JSON.stringify({ token }), headers: { ...json, 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const opened = await call(departmentPaths.session, { method: 'POST', body: JSON.stringify({ token }), headers: json });
    expect(opened.status).toBe(200);
    const cookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? [])[0] ?? '';
    expect(cookie).toMatch(/^ra_department=[\w-]{43}; /);
    for (const part of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/department']) expect(cookie).toContain(part);
    expect(cookie).not.toContain(token);
    // A person who opens an address of the view by hand without a session reads a plain page.
    const plain = await call(departmentPaths.overview, { headers: { Accept: 'text/html' } });
    expect(plain.status).toBe(403);
    expect(plain.headers['content-type']).toMatch(/text\/html/);
    expect(plain.text).toContain('needs a valid department link');
  });

  it('shows every audit, the open findings by due date or owner with overdue flagged, and the KPIs and trends', async () => {
    const cookie = await session((await addViewer(test.hub, { name: 'Quality lead', by: 'admin' })).token);
    const overview = valueOf<DepartmentOverview>(await call(departmentPaths.overview, { cookie }));
    expect(overview.viewer).toBe('Quality lead');
    expect(overview.audits.map((a) => a.id).sort()).toEqual([...auditIds].sort());
    expect(overview.audits.find((a) => a.name === 'Ledger Q1')?.findings).toEqual({ total: 2, open: 2, overdue: 1 });
    expect(overview.owners).toEqual([
      { owner: 'Ops', open: 2, overdue: 1 },
      { owner: 'Release team', open: 1, overdue: 1 },
    ]);

    const byDue = valueOf<DepartmentFindingPage>(await call(`${departmentPaths.findings}?sort=due&limit=2`, { cookie }));
    expect(byDue).toMatchObject({ total: 3, overdue: 2 });
    expect(byDue.rows.map((r) => [r.title, r.overdue])).toEqual([
      ['Backout untested', true],
      ['CAB skipped', true],
    ]);
    const rest = valueOf<DepartmentFindingPage>(await call(`${departmentPaths.findings}?sort=due&limit=2&cursor=${byDue.nextCursor}`, { cookie }));
    expect(rest.rows.map((r) => [r.title, r.dueAt, r.overdue, r.auditName])).toEqual([['Runbook unsigned', '2099-01-01', false, 'Ledger Q1']]);
    expect(rest.nextCursor).toBeNull();
    const byOwner = valueOf<DepartmentFindingPage>(await call(`${departmentPaths.findings}?sort=owner&limit=500`, { cookie }));
    expect(byOwner.rows.map((r) => r.owner)).toEqual(['Ops', 'Ops', 'Release team']);
    const ops = valueOf<DepartmentFindingPage>(await call(`${departmentPaths.findings}?sort=due&owner=Ops&limit=10`, { cookie }));
    expect(ops).toMatchObject({ total: 2, overdue: 1 });
    expect((await call(`${departmentPaths.findings}?sort=severity`, { cookie })).status).toBe(400);

    const kpis = valueOf<KpiSummary>(await call(`${departmentPaths.kpis}?period=quarter`, { cookie }));
    expect(kpis.audits).toBe(2);
    expect(kpis.rows.every((row) => row.definition.length > 0)).toBe(true);
    const trends = valueOf<TrendCharts>(await call(`${departmentPaths.trends}?period=cycle`, { cookie }));
    expect(trends.failures).toEqual([]);
    expect(trends.charts.some((c) => c.group === 'kpi' && c.categories.length === 2)).toBe(true);
  });

  it('writes nothing: every other method is refused and the working copy is unchanged', async () => {
    const cookie = await session((await addViewer(test.hub, { name: 'Auditor of auditors', by: 'admin' })).token);
    const ledgerBefore = test.hub.core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const target of [departmentPaths.overview, departmentPaths.findings, '/department/api/findings/create', '/department/']) {
        const reply = await call(target, { method, cookie, body: '{}', headers: json });
        expect([400, 404], `${method} ${target}`).toContain(reply.status);
      }
    }
    expect(test.hub.core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(ledgerBefore);
  });

  it('refuses a revoked link and its open session at the next request, and logs every request with the viewer', async () => {
    const { token } = await addViewer(test.hub, { name: 'Departing manager', by: 'admin' });
    const cookie = await session(token);
    expect((await call(departmentPaths.overview, { cookie })).status).toBe(200);
    await revokeViewer(test.hub, 'Departing manager');
    expect((await call(departmentPaths.overview, { cookie })).status).toBe(403);
    expect((await call(departmentPaths.session, { method: 'POST', body: JSON.stringify({ token }), headers: json })).status).toBe(403);
    const rows = (
      await test.hub.database.pool.query("SELECT actor, method, path, status, outcome, detail FROM hub_access_log WHERE path LIKE '/department%' ORDER BY id")
    ).rows as Array<{ actor: string | null; method: string; path: string; status: number; outcome: string; detail: string }>;
    expect(rows).toContainEqual({ actor: 'Departing manager', method: 'GET', path: departmentPaths.overview, status: 200, outcome: 'ok', detail: 'department view: overview' });
    expect(rows).toContainEqual(expect.objectContaining({ actor: null, path: departmentPaths.overview, status: 403, outcome: 'refused' }));
    expect(rows).toContainEqual(expect.objectContaining({ actor: 'Departing manager', path: departmentPaths.session, status: 200, detail: 'department view: opened with their link' }));
    expect(rows.filter((r) => r.path === departmentPaths.session && r.status === 403).length).toBeGreaterThanOrEqual(1);
    await expect(revokeViewer(test.hub, 'Departing manager')).rejects.toThrow(/No viewer/);
  });
});
