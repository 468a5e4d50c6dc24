import fs from 'node:fs';
import https from 'node:https';
import { hubPaths } from '../../shared/api/hub';
import { laptopSigner } from '../../electron/hub/client';
import { EMPTY_SHA256, sha256Hex, signRequest, type RequestSigner } from '../../electron/hub/signing';
import type { Hub } from '../../electron/hub/hub';
import type { Core } from '../../electron/services';
import { exportBundle } from '../../electron/sync/export';
import { tempDir } from './temp';

// The hub's wire as a hostile or careless client sees it: any method, path, headers and body, signed
// or not, the answer read whole (status and JSON), whatever the hub does to the connection.

export interface WireAnswer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
  bytes: number;
}

export interface WireRequest {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send only these bytes of the body but declare the whole length (a cut-off upload). */
  cutAt?: number;
}

export function wire(url: string, request: WireRequest): Promise<WireAnswer> {
  const base = new URL(url);
  const body = request.body ?? Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = https.request(
      {
        host: base.hostname,
        port: base.port,
        // As given, not as a URL parser would make it (the hub must cope with any target).
        path: request.target,
        method: request.method,
        // Any hub of the tests (in-process or a child process with its own certificate): pinning is the client's test.
        rejectUnauthorized: false,
        headers: { 'Content-Length': String(body.length), ...request.headers },
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks);
          let parsed: WireAnswer['body'] = null;
          try {
            parsed = text.length > 0 && String(response.headers['content-type']).startsWith('application/json') ? (JSON.parse(text.toString('utf8')) as WireAnswer['body']) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: response.statusCode ?? 0, body: parsed, bytes: text.length });
        });
      },
    );
    // The hub may answer a refused upload and close before it is all sent: the answer is the story.
    req.on('error', (error) => setImmediate(() => (answered ? undefined : reject(error))));
    if (request.cutAt !== undefined) {
      req.write(body.subarray(0, request.cutAt));
      // Give up sending: the connection closes with the body short of its declared length.
      req.on('socket', (socket) => socket.once('drain', () => {}));
      setImmediate(() => req.destroy());
      req.on('close', () => (answered ? undefined : resolve({ status: 0, body: null, bytes: 0 })));
    } else req.end(body);
  });
}

/** Headers signing a request as `signer` (overrides change what is sent after signing). */
export function signed(signer: RequestSigner, method: string, target: string, body: Buffer = Buffer.alloc(0), overrides: Record<string, string> = {}, now?: Date): Record<string, string> {
  return { ...signRequest(signer, method, target, body.length === 0 ? EMPTY_SHA256 : sha256Hex(body), now), ...overrides };
}

/** A signed request by the laptop's auditor. */
export function asLaptop(url: string, core: Core, method: string, target: string, body?: Buffer): Promise<WireAnswer> {
  return wire(url, { method, target, body, headers: signed(laptopSigner(core), method, target, body) });
}

/** The laptop's whole audit as a bundle (bytes), as a push sends it. */
export async function bundleOf(core: Core, auditId: string, since: Record<string, number> = {}): Promise<Buffer> {
  const out = `${tempDir()}/push.rabundle`;
  await exportBundle(core, { auditId, out, since });
  return fs.readFileSync(out);
}

export const pushTarget = (auditId: string): string => `${hubPaths.push}?audit=${encodeURIComponent(auditId)}`;

export const push = (url: string, core: Core, auditId: string, bundle: Buffer): Promise<WireAnswer> => asLaptop(url, core, 'POST', pushTarget(auditId), bundle);

export const pull = (url: string, core: Core, auditId: string, have: Record<string, number> = {}): Promise<WireAnswer> =>
  asLaptop(url, core, 'POST', hubPaths.pull, Buffer.from(JSON.stringify({ auditId, have })));

/** What the hub holds, in PostgreSQL and in its working copy: a refusal leaves all of it as it was. */
export async function hubCounts(hub: Hub): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['hub_entries', 'hub_pushes', 'hub_objects', 'hub_object_chunks', 'hub_auditors']) {
    counts[table] = ((await hub.database.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n;
  }
  for (const table of ['ledger', 'audits', 'findings', 'evidence', 'audit_members']) counts[`replica.${table}`] = hub.core.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get() as number;
  return counts;
}

export interface LogRow {
  fingerprint: string | null;
  method: string;
  path: string;
  audit_id: string | null;
  status: number;
  outcome: string;
  detail: string;
}

export async function accessLog(hub: Hub): Promise<LogRow[]> {
  return (await hub.database.pool.query('SELECT fingerprint, method, path, audit_id, status, outcome, detail FROM hub_access_log ORDER BY id')).rows as LogRow[];
}
