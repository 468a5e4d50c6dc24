import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError, type ErrorCode } from '../../shared/api/errors';
import { hubHeaders, hubPaths, type HubPullRequest } from '../../shared/api/hub';
import { toErrorBody } from '../error-body';
import { DeviceId } from '../sync/format';
import { headsFor, knownAuditor, receivePush, servePull } from './exchange';
import type { Hub } from './types';
import { auditsOf, listMembers, memberRole } from './members';
import { verifyRequest, type SignedCaller } from './signing';
import type { TlsFiles } from './tls';

// The hub's HTTPS server. GET /v1/hub says who the hub is; every other request is signed with an
// auditor's key (signing.ts) and answered only for the audits they are on. Bundles are streamed to a
// file of the hub's folder as they arrive (hashed on the way, never held in memory), checked, merged
// and written to PostgreSQL before the answer. Every request, refused or not, is in the access log.

export const MAX_JSON_BYTES = 1024 * 1024;
export const DEFAULT_MAX_PUSH_BYTES = 8 * 1024 ** 3;

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FUTURE_DATABASE: 409,
  INTEGRITY: 422,
  LOCKED: 423,
  INTERNAL: 500,
};

/** A route of the department's web view (department.ts): answers true when it took the request. */
export type ExtraRoute = (request: IncomingMessage, response: ServerResponse, url: URL, log: (entry: Partial<AccessEntry>) => void) => Promise<boolean>;

export interface HubServerOptions {
  tls: TlsFiles;
  port?: number;
  host?: string;
  maxPushBytes?: number;
  extraRoutes?: ExtraRoute[];
}

export interface RunningHub {
  url: string;
  port: number;
  close: () => Promise<void>;
}

export interface AccessEntry {
  fingerprint: string | null;
  actor: string | null;
  auditId: string | null;
  status: number;
  outcome: 'ok' | 'refused' | 'error';
  detail: string;
}

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly file?: string,
  ) {}
}

const json = (value: unknown, status = 200): Answer => new Answer(status, { ok: true, value });

function auditParam(url: URL): string {
  const auditId = url.searchParams.get('audit');
  if (!auditId || auditId.length > 100 || !/^[\w-]+$/.test(auditId)) throw new AppError('VALIDATION', 'Name the audit with ?audit=ID (letters, digits, - and _).');
  return auditId;
}

export async function startHubServer(hub: Hub, options: HubServerOptions): Promise<RunningHub> {
  const incoming = path.join(path.dirname(hub.core.layout.root), 'incoming');
  await fsp.rm(incoming, { recursive: true, force: true });
  await fsp.mkdir(incoming, { recursive: true, mode: 0o700 });
  const maxPushBytes = options.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES;

  /** Reads the body to a file while hashing it; refuses one over the limit as soon as it is. */
  async function bodyToFile(request: IncomingMessage, limit: number): Promise<{ file: string; sha256: string; bytes: number }> {
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) throw new AppError('VALIDATION', `The upload (${declared} bytes) is over the hub's limit of ${limit} bytes.`);
    const file = path.join(incoming, `${process.hrtime.bigint()}-${Math.random().toString(36).slice(2)}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(new AppError('VALIDATION', `The upload is over the hub's limit of ${limit} bytes.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(request, meter, fs.createWriteStream(file, { mode: 0o600 }));
    } catch (error) {
      await fsp.rm(file, { force: true });
      throw error instanceof AppError ? error : new AppError('VALIDATION', `The upload was cut off (${(error as Error).message}).`);
    }
    return { file, sha256: hash.digest('hex'), bytes };
  }

  let lastPrune = 0;
  async function signed(request: IncomingMessage, target: string, entry: Partial<AccessEntry>): Promise<SignedCaller & { contentSha256: string }> {
    const caller = verifyRequest(request.headers, request.method ?? 'GET', target, hub.nonces);
    entry.fingerprint = caller.fingerprint;
    entry.actor = caller.commonName;
    // Kept in PostgreSQL too, so that a request seen before the hub restarted is still a replay.
    const taken = await hub.database.pool.query('INSERT INTO hub_nonces (nonce, signed_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING', [request.headers[hubHeaders.nonce], request.headers[hubHeaders.date]]);
    if (taken.rowCount === 0) throw new AppError('UNAUTHORIZED', 'The request was refused: it was sent before (a replayed request).');
    // Nonces whose date is outside the clock window can no longer be replayed (the date is refused): pruned now and then.
    if (Date.now() - lastPrune > 60_000) {
      lastPrune = Date.now();
      await hub.database.pool.query("DELETE FROM hub_nonces WHERE signed_at < now() - interval '15 minutes'");
    }
    // The certificate is kept as first shown: the administrator sees whose key it is.
    await hub.database.pool.query('UPDATE hub_auditors SET certificate = $2 WHERE fingerprint = $1 AND certificate IS NULL', [caller.fingerprint, caller.certificateDer.toString('base64')]);
    return caller;
  }

  async function route(request: IncomingMessage, url: URL, entry: Partial<AccessEntry>): Promise<Answer> {
    const method = request.method ?? 'GET';
    const target = url.pathname + url.search;
    if (method === 'GET' && url.pathname === hubPaths.info) return json(hub.info);
    if (method === 'GET' && url.pathname === hubPaths.audits) {
      const caller = await signed(request, target, entry);
      await knownAuditor(hub, caller);
      return json(auditsOf(hub, caller.fingerprint));
    }
    if (method === 'GET' && url.pathname === hubPaths.heads) {
      const auditId = (entry.auditId = auditParam(url));
      const caller = await signed(request, target, entry);
      return json(await headsFor(hub, caller, auditId));
    }
    if (method === 'GET' && url.pathname === hubPaths.members) {
      const auditId = (entry.auditId = auditParam(url));
      const caller = await signed(request, target, entry);
      const auditor = await knownAuditor(hub, caller);
      if (!memberRole(hub, auditId, caller.fingerprint)) throw new AppError('UNAUTHORIZED', `${auditor.name} is not on the audit ${auditId} on this hub.`);
      return json(listMembers(hub, auditId));
    }
    if (method === 'POST' && url.pathname === hubPaths.push) {
      const auditId = (entry.auditId = auditParam(url));
      // The signature is checked before a byte of the body is stored.
      const caller = await signed(request, target, entry);
      await knownAuditor(hub, caller);
      const body = await bodyToFile(request, maxPushBytes);
      try {
        if (body.sha256 !== caller.contentSha256) throw new AppError('UNAUTHORIZED', 'The request was refused: the bundle received is not the one that was signed (it was changed or cut on the way).');
        const result = await receivePush(hub, caller, auditId, body.file, body.bytes);
        entry.detail = `${result.newEntries} new entries, ${result.newObjects} new objects${result.alreadyImported ? ' (already imported)' : ''}`;
        return json(result);
      } finally {
        await fsp.rm(body.file, { force: true });
      }
    }
    if (method === 'POST' && url.pathname === hubPaths.pull) {
      const caller = await signed(request, target, entry);
      const body = await bodyToFile(request, MAX_JSON_BYTES);
      let pull: HubPullRequest;
      try {
        if (body.sha256 !== caller.contentSha256) throw new AppError('UNAUTHORIZED', 'The request was refused: its body is not the one that was signed.');
        pull = parsePull(await fsp.readFile(body.file, 'utf8'));
      } finally {
        await fsp.rm(body.file, { force: true });
      }
      entry.auditId = pull.auditId;
      const file = await servePull(hub, caller, pull, incoming);
      entry.detail = file ? 'bundle sent' : 'nothing new';
      return file ? new Answer(200, null, file) : new Answer(204, null);
    }
    throw new AppError('NOT_FOUND', `The hub has no ${method} ${url.pathname}.`);
  }

  /** The remote address and path are taken when the request arrives: a refused upload's socket may be gone by the time it is logged. */
  async function log(request: IncomingMessage, seen: { remote: string | null; path: string }, entry: Partial<AccessEntry>): Promise<void> {
    await hub.database.pool.query(
      'INSERT INTO hub_access_log (fingerprint, actor, remote, method, path, audit_id, status, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [entry.fingerprint ?? null, entry.actor ?? null, seen.remote, (request.method ?? 'GET').slice(0, 20), seen.path.slice(0, 500), entry.auditId ?? null, entry.status ?? 0, entry.outcome ?? 'error', (entry.detail ?? '').slice(0, 2000)],
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = targetOf(request.url);
    const seen = { remote: request.socket?.remoteAddress ?? null, path: url?.pathname ?? request.url ?? '' };
    const entry: Partial<AccessEntry> = {};
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    for (const extra of url ? (options.extraRoutes ?? []) : []) {
      if (await extra(request, response, url as URL, (e) => Object.assign(entry, e))) {
        entry.status ??= response.statusCode;
        entry.outcome ??= response.statusCode < 400 ? 'ok' : 'refused';
        await log(request, seen, entry);
        return;
      }
    }
    let answer: Answer;
    try {
      if (!url) throw new AppError('VALIDATION', `The request's target ${JSON.stringify((request.url ?? '').slice(0, 100))} cannot be read: ask for a path such as ${hubPaths.info}.`);
      answer = await route(request, url, entry);
      entry.outcome = 'ok';
    } catch (error) {
      const body = toErrorBody(error);
      answer = new Answer(statusOf[body.code] ?? 500, { ok: false, error: body });
      entry.outcome = body.code === 'INTERNAL' ? 'error' : 'refused';
      entry.detail = body.message;
      // A refused upload is not read further: the connection is closed after the answer.
      if (!request.readableEnded) response.setHeader('Connection', 'close');
    }
    entry.status = answer.status;
    await log(request, seen, entry);
    if (answer.file) {
      const size = (await fsp.stat(answer.file)).size;
      response.writeHead(answer.status, { 'Content-Type': 'application/vnd.release-audit.bundle', 'Content-Length': size });
      try {
        await pipeline(fs.createReadStream(answer.file), response);
      } finally {
        await fsp.rm(answer.file, { force: true });
      }
      return;
    }
    if (answer.status === 204) {
      response.writeHead(204);
      response.end();
      return;
    }
    const text = JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  }

  const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem, minVersion: 'TLSv1.2' }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[release-audit hub] error:', error);
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
        response.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'The hub failed to answer (its access log could not be written): try again.' } }));
      } else response.destroy();
    });
  });
  server.headersTimeout = 60_000;
  server.requestTimeout = 60 * 60_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request's path and query, or null when they cannot be read as a URL. */
function targetOf(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'https://hub.invalid');
  } catch {
    return null;
  }
}

function parsePull(text: string): HubPullRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'A pull asks in JSON: {"auditId": "…", "have": {"device-id": seq, …}}.');
  }
  const body = value as { auditId?: unknown; have?: unknown };
  if (typeof body !== 'object' || body === null || typeof body.auditId !== 'string' || !/^[\w-]{1,100}$/.test(body.auditId)) throw new AppError('VALIDATION', 'A pull names the audit as auditId (letters, digits, - and _).');
  if (typeof body.have !== 'object' || body.have === null || Array.isArray(body.have)) throw new AppError('VALIDATION', 'A pull says what the laptop holds as have: {"device-id": seq, …}.');
  const have: Record<string, number> = {};
  const entries = Object.entries(body.have as Record<string, unknown>);
  if (entries.length > 100_000) throw new AppError('VALIDATION', 'A pull names too many devices.');
  for (const [deviceId, seq] of entries) {
    if (!DeviceId.safeParse(deviceId).success || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw new AppError('VALIDATION', `A pull's have gives each device id a whole number of entries (not ${JSON.stringify(deviceId).slice(0, 80)}).`);
    have[deviceId] = seq;
  }
  return { auditId: body.auditId, have };
}
