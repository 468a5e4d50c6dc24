import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { departmentPaths } from '../../shared/api/department';
import { AppError, type ErrorCode } from '../../shared/api/errors';
import { contentSecurityPolicy } from '../../shared/security';
import { toErrorBody } from '../error-body';
import { kpiSummary } from '../kpis/summary';
import { trendCharts, trendCsv } from '../trends/service';
import { departmentAudits, departmentFindings, departmentOwners, parseFindingQuery, parsePeriod } from './department-data';
import { clearedCookie, sessionCookie, ViewerSessions } from './department-session';
import { liveViewer, tokenSha256, type Viewer } from './department-viewers';
import type { Hub } from './hub';
import type { AccessEntry, ExtraRoute } from './server';

// The department's read-only web view, served by the hub under /department/: the built page
// (renderer/department.html) under the app's strict CSP, and JSON read from the hub's working copy by
// the app's own services. A viewer's link carries a token in its fragment (never sent in a request
// line or a Referer); the page trades it once for a session cookie. Nothing here writes a record:
// the only POSTs open and close a session, and every other method is refused.

const MAX_SESSION_BODY = 4096;
const statusOf: Partial<Record<ErrorCode, number>> = { VALIDATION: 400, UNAUTHORIZED: 403, NOT_FOUND: 404 };
const assetTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

type Log = (entry: Partial<AccessEntry>) => void;

export function departmentRoutes(hub: Hub, appRoot: string, sessions = new ViewerSessions()): ExtraRoute[] {
  const pageDir = path.join(appRoot, 'dist', 'renderer');

  async function api(request: IncomingMessage, response: ServerResponse, url: URL, log: Log): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'POST' && url.pathname === departmentPaths.session) return openSession(request, response, log);
    const session = sessions.of(request);
    const viewer = session ? await liveViewer(hub, session.tokenSha256) : null;
    if (method === 'POST' && url.pathname === departmentPaths.logout) {
      if (session) sessions.close(session.id);
      log({ actor: viewer?.name ?? null, detail: 'department view: closed the session' });
      response.setHeader('Set-Cookie', clearedCookie);
      return send(response, 200, { ok: true, value: null });
    }
    if (method !== 'GET') throw new AppError('VALIDATION', `The department view is read-only: it answers no ${method}.`);
    if (!viewer) {
      if (session) sessions.close(session.id);
      log({ detail: `department view: ${session ? 'the viewer was revoked' : 'no session'}` });
      throw new AppError('UNAUTHORIZED', 'This view needs a valid department link: open the link the hub administrator gave you (a revoked link opens nothing).');
    }
    log({ actor: viewer.name, detail: `department view: ${url.pathname.slice('/department/api/'.length)}${url.search}`.slice(0, 300) });
    send(response, 200, { ok: true, value: answer(url, viewer) });
  }

  function answer(url: URL, viewer: Viewer): unknown {
    const core = hub.core;
    const params = url.searchParams;
    switch (url.pathname) {
      case departmentPaths.overview:
        return { hubName: hub.info.name, viewer: viewer.name, asOf: new Date().toISOString().slice(0, 10), audits: departmentAudits(core), owners: departmentOwners(core) };
      case departmentPaths.findings:
        return departmentFindings(core, parseFindingQuery(params));
      case departmentPaths.kpis:
        return kpiSummary(core, { scope: { kind: 'all' }, period: parsePeriod(params), key: null });
      case departmentPaths.trends:
        return trendCharts(core, { period: parsePeriod(params) });
      case departmentPaths.trendCsv:
        return trendCsv(core, { period: parsePeriod(params) }, params.get('chart') ?? '');
      default:
        throw new AppError('NOT_FOUND', `The department view has no ${url.pathname}.`);
    }
  }

  async function openSession(request: IncomingMessage, response: ServerResponse, log: Log): Promise<void> {
    // Only the page itself opens a session: a JSON body cannot be sent from another site without a
    // preflight, which the hub never grants, and the browser says where the request comes from.
    const site = request.headers['sec-fetch-site'];
    if ((site !== undefined && site !== 'same-origin') || !/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
      log({ detail: 'department view: a session asked for from another page' });
      throw new AppError('UNAUTHORIZED', 'A department session is opened by the department page only.');
    }
    const token = parseToken(await readSmallBody(request));
    const viewer = await liveViewer(hub, tokenSha256(token));
    if (!viewer) {
      log({ detail: 'department view: an unknown or revoked link' });
      throw new AppError('UNAUTHORIZED', 'This department link is not valid (it was revoked, or mistyped): ask the hub administrator for a new one.');
    }
    log({ actor: viewer.name, detail: 'department view: opened with their link' });
    response.setHeader('Set-Cookie', sessionCookie(sessions.open(tokenSha256(token))));
    send(response, 200, { ok: true, value: { viewer: viewer.name } });
  }

  function page(request: IncomingMessage, response: ServerResponse, url: URL, log: Log): boolean {
    if (url.pathname === '/department') {
      response.writeHead(308, { Location: '/department/' });
      response.end();
      return true;
    }
    const asset = url.pathname.startsWith('/department/assets/') ? url.pathname.slice('/department/assets/'.length) : null;
    const file = url.pathname === '/department/' ? path.join(pageDir, 'department.html') : asset && /^[\w.-]+$/.test(asset) && assetTypes[path.extname(asset)] ? path.join(pageDir, 'assets', asset) : null;
    if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    let body: Buffer;
    try {
      body = fs.readFileSync(file);
    } catch {
      log({ detail: 'department view: page not built' });
      send(response, 404, null, url.pathname === '/department/' ? 'The department page is not built on this hub: run npm run build:renderer where the hub runs.' : 'No such file.');
      return true;
    }
    log({ detail: asset ? 'department view: page asset' : 'department view: page' });
    response.writeHead(200, { 'Content-Type': asset ? (assetTypes[path.extname(asset)] as string) : 'text/html; charset=utf-8', 'Content-Length': body.length, ...pageHeaders });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  }

  return [
    async (request, response, url, log) => {
      if (url.pathname !== '/department' && !url.pathname.startsWith('/department/')) return false;
      try {
        if (url.pathname.startsWith('/department/api/')) await api(request, response, url, log);
        else if (!page(request, response, url, log)) throw new AppError(request.method === 'GET' ? 'NOT_FOUND' : 'VALIDATION', `The department view has no ${request.method ?? 'GET'} ${url.pathname}.`);
      } catch (error) {
        const body = toErrorBody(error);
        log({ outcome: body.code === 'INTERNAL' ? 'error' : 'refused', detail: body.message });
        const status = statusOf[body.code] ?? (body.code === 'INTERNAL' ? 500 : 409);
        // A person who opened an address of the view by hand reads a plain page; the page's own calls read JSON.
        if (/text\/html/.test(request.headers.accept ?? '')) send(response, status, null, body.message);
        else send(response, status, { ok: false, error: body });
      }
      return true;
    },
  ];
}

const pageHeaders = { 'Content-Security-Policy': contentSecurityPolicy, 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Opener-Policy': 'same-origin' };

function send(response: ServerResponse, status: number, json: unknown, plain?: string): void {
  if (response.headersSent) return void response.destroy();
  if (plain !== undefined) {
    const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Release Audit department view</title><p>${escapeHtml(plain)}</p></html>`;
    response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), ...pageHeaders });
    response.end(html);
    return;
  }
  const text = JSON.stringify(json);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Content-Security-Policy': contentSecurityPolicy });
  response.end(text);
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readSmallBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SESSION_BODY) throw new AppError('VALIDATION', 'A session request is a short JSON body: {"token": "…"}.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseToken(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'A session request is JSON: {"token": "…"}.');
  }
  const token = (body as { token?: unknown } | null)?.token;
  if (typeof token !== 'string' || !/^[\w-]{20,200}$/.test(token)) throw new AppError('UNAUTHORIZED', 'This department link is not valid (it was cut or mistyped): ask the hub administrator for a new one.');
  return token;
}
