import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { ErrorCode } from '../../shared/api/errors';
import { terminalOnlyMethods } from '../../shared/api/evidence';
import { contentSecurityPolicy } from '../../shared/security';
import { matchStreamRoute, type StreamMatch } from '../../shared/api/routes';
import { dispatch } from '../api/dispatch';
import { toErrorBody } from '../error-body';
import { receiveUpload, type EvidenceTransfer, type ServedFile } from './transfer';
import type { Handlers } from '../api/handlers';
import { fromAppPage, newToken, offeredToken, tokenCookie, tokensMatch } from './auth';
import { resolveStaticFile } from './static-files';

// The loopback browser host: the same API and screens as the desktop app, for a browser and for
// end-to-end tests. It binds 127.0.0.1 only and refuses every request without the launch token.

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FUTURE_DATABASE: 409,
  INTEGRITY: 422,
  LOCKED: 423,
  INTERNAL: 500,
};

export interface HostOptions {
  handlers: Handlers;
  /** Streamed evidence upload and preview; without it those routes answer 404. */
  transfer?: EvidenceTransfer;
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? newToken();
  let origin = '';
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[release-audit] host error:', error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'INTERNAL', message: 'The host failed to answer.' } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCommonHeaders(response);
    const port = (server.address() as AddressInfo).port;
    if (!isLoopbackHost(request.headers.host, port)) {
      return sendText(response, 421, 'This host answers only to 127.0.0.1.');
    }
    const url = new URL(request.url ?? '/', origin);
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (request.method === 'GET' && fromQuery !== undefined) {
      if (!tokensMatch(token, fromQuery)) return refuse(response);
      response.setHeader('Set-Cookie', tokenCookie(token, port));
      response.setHeader('Location', '/');
      response.writeHead(303).end();
      return;
    }
    const offered = offeredToken(request, port);
    if (!tokensMatch(token, offered?.token)) return refuse(response, request);
    const stream = matchStreamRoute(url.pathname);
    const isTransfer = stream !== null;
    const isApi = url.pathname.startsWith('/api/');
    if (offered?.via === 'cookie' && !fromAppPage(request.headers, !isTransfer && !isApi)) return refuseOtherPage(response, request);

    if (stream) return handleTransfer(request, response, url, stream, options.transfer);

    if (isApi) {
      if (request.method !== 'POST') return sendText(response, 405, 'API calls are POST requests with a JSON body.');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== `http://${request.headers.host}`) {
        return sendApiError(response, 'UNAUTHORIZED', 'Calls from other sites are refused.', 403);
      }
      if (!request.headers['content-type']?.startsWith('application/json')) {
        return sendApiError(response, 'VALIDATION', 'API calls must send a JSON body (Content-Type: application/json).');
      }
      const body = await readBody(request);
      if (body === 'too-large') return sendApiError(response, 'VALIDATION', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendApiError(response, 'VALIDATION', 'The request body is not valid JSON.');
      }
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return sendApiError(response, 'NOT_FOUND', 'There is no API method at that address.');
      }
      if (terminalOnlyMethods.has(method)) {
        return sendApiError(response, 'UNAUTHORIZED', `${method} names a path on this computer, which only the command line may do. Upload the file's bytes instead (Choose files… on the page).`, 403);
      }
      const result = await dispatch(options.handlers, method, input);
      return sendJson(response, result.ok ? 200 : statusOf[result.error.code], result);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Only GET is served here.');
    const file = resolveStaticFile(options.staticDir, url.pathname);
    if (!file) {
      return sendText(response, 503, 'The Release Audit interface is not built yet: run `npm run build` (or `npm run web`).');
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Cache-Control', file.file.endsWith('.html') ? 'no-store' : 'private, max-age=3600');
    response.writeHead(200);
    if (request.method === 'HEAD') return void response.end();
    pipeline(fs.createReadStream(file.file), response, (error) => {
      if (error) response.destroy();
    });
  }

  // A client reusing an idle connection at the moment the server drops it gets ECONNRESET: keep
  // idle connections longer than browsers and test clients leave them unused.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleTransfer(request: IncomingMessage, response: ServerResponse, url: URL, stream: StreamMatch, transfer?: EvidenceTransfer): Promise<void> {
  if (!transfer) return sendApiError(response, 'NOT_FOUND', 'This host does not store evidence.');
  try {
    if (stream.route.direction === 'upload') {
      if (request.method !== stream.route.method) return sendText(response, 405, 'Uploads are POST requests with the file as the body.');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== `http://${request.headers.host}`) {
        return sendApiError(response, 'UNAUTHORIZED', 'Uploads from other sites are refused.', 403);
      }
      // A client that goes away mid-upload cancels it: the vault keeps nothing half-written.
      const controller = new AbortController();
      request.once('close', () => {
        if (!request.complete) controller.abort();
      });
      try {
        const value = await receiveUpload(transfer, stream.name, Object.fromEntries(url.searchParams), request, { signal: controller.signal });
        return sendJson(response, 200, { ok: true, value });
      } catch (error) {
        // The client went away: the vault has already dropped the partial file, and nobody is listening.
        if (controller.signal.aborted || request.readableAborted) return void response.destroy();
        throw error;
      }
    }
    if (request.method !== stream.route.method) return sendText(response, 405, 'Evidence content is read with GET.');
    const id = stream.id;
    if (id === undefined) return sendApiError(response, 'NOT_FOUND', 'There is nothing at that address.');
    if (stream.name === 'bundleFile') return sendFile(response, await transfer.bundle(id), stream.route.contentType);
    if (stream.name === 'reportFile') return sendFile(response, await transfer.report(id), stream.route.contentType);
    if (stream.name === 'exportFile') return sendFile(response, await transfer.exported(id), stream.route.contentType);
    const head = url.searchParams.get('head');
    const content = await transfer.content(id, head !== null && /^\d{1,10}$/.test(head) ? Number(head) : undefined);
    response.setHeader('ETag', `"${content.sha256}${head ? `-${content.size}` : ''}"`);
    response.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    // Evidence is shown, never run: no scripts, even for HTML or SVG evidence. (A PDF is drawn by the
    // browser's own viewer, which a sandbox would block; a PDF runs no page script here either way.)
    response.setHeader(
      'Content-Security-Policy',
      content.mediaType === 'application/pdf' ? "default-src 'none'; frame-ancestors 'self'" : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'",
    );
    return sendFile(response, content, content.mediaType, () => content.served());
  } catch (error) {
    const body = toErrorBody(error);
    return sendJson(response, statusOf[body.code], { ok: false, error: body });
  }
}

/**
 * Sends an open file. Its headers are set before anything is recorded or written; if any of that
 * fails the file is closed and the error answered instead. A read failing later cuts the answer off.
 */
function sendFile(response: ServerResponse, file: ServedFile, contentType: string, beforeSending?: () => void): void {
  try {
    response.setHeader('Content-Type', contentType);
    response.setHeader('Content-Length', String(file.size));
    response.setHeader('Content-Disposition', file.disposition);
    beforeSending?.();
  } catch (error) {
    file.stream.destroy();
    throw error;
  }
  response.writeHead(200);
  pipeline(file.stream, response, (error) => {
    if (error) response.destroy();
  });
}

function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

function setCommonHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'SAMEORIGIN');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // No other page may embed what this host answers, and an answer kept for the app's own page is
  // never reused for another page's request (every port of 127.0.0.1 shares the browser's cache).
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Vary', 'Sec-Fetch-Site');
}

/** A request with the cookie but without the app's page behind it. */
function refuseOtherPage(response: ServerResponse, request: IncomingMessage): void {
  const message = 'This Release Audit host answers only its own page. Open the address it printed, and use the app from there.';
  if (request.method === 'GET' && request.headers.accept?.includes('text/html')) {
    closeIfUnread(response);
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.writeHead(403).end(`${message}\n`);
    return;
  }
  sendApiError(response, 'UNAUTHORIZED', message, 403);
}

/** A browser asking for a page gets a readable page; anything else gets the JSON error. */
function refuse(response: ServerResponse, request?: IncomingMessage): void {
  if (request?.method === 'GET' && request.headers.accept?.includes('text/html')) {
    closeIfUnread(response);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.writeHead(401).end(
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>Release Audit: access token needed</title>' +
        '<body style="font:16px system-ui;margin:3em;max-width:40em"><h1>Access token needed</h1>' +
        '<p>This Release Audit host only answers the address it printed when it started, which ends with <code>?token=…</code>. ' +
        'Copy that whole address from the terminal where you ran <code>npm run web</code> (or <code>release-audit serve</code>).</p></body></html>',
    );
    return;
  }
  sendJson(response, 401, {
    ok: false,
    error: {
      code: 'UNAUTHORIZED',
      message: 'This Release Audit host needs its access token: open the exact address it printed when it started.',
    },
  });
}

function sendApiError(response: ServerResponse, code: ErrorCode, message: string, status = statusOf[code]): void {
  sendJson(response, status, { ok: false, error: { code, message } });
}

/** An answer given before the request body was read closes the connection, so no stray body is left on it. */
function closeIfUnread(response: ServerResponse): void {
  if (!response.req.complete) response.setHeader('Connection', 'close');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  closeIfUnread(response);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.writeHead(status).end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  closeIfUnread(response);
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.writeHead(status).end(`${text}\n`);
}

async function readBody(request: IncomingMessage): Promise<string | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
