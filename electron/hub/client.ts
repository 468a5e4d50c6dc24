import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, isErrorBody } from '../../shared/api/errors';
import { HUB_PROTOCOL, hubPaths, type HubAudit, type HubInfo, type HubPushResult } from '../../shared/api/hub';
import { fingerprintOf, formatFingerprint } from '../identity/certificate';
import { createSelfSignedIdentity, keyAndCertificate, loadIdentity } from '../identity/identity';
import type { Progress } from '../jobs/jobs';
import { auditHeads } from '../ledger/seen';
import type { Core } from '../services';
import { exportBundle } from '../sync/export';
import { importBundle } from '../sync/import';
import { hashFile } from '../vault/vault';
import { EMPTY_SHA256, sha256Hex, signRequest, type RequestSigner } from './signing';
import { tlsFingerprint } from './tls';

// A laptop's side of the team hub: a first look at a hub (its signing key and TLS certificate, for a
// person to compare), then signed requests over TLS pinned to the certificate they accepted, and
// sync: for each audit the auditor is on, push what the hub lacks, then pull what the laptop lacks.
// Bundles are the same files as sync by hand, checked and merged by the same import.

export interface HubEndpoint {
  url: string;
  /** The hub's TLS certificate (PEM) as pinned when connecting. */
  tlsCertificate: string;
  /** The hub's signing key fingerprint (its pulled bundles must be signed by it). */
  fingerprint: string;
}

export interface HubProbe {
  info: HubInfo;
  tlsCertificate: string;
  tlsFingerprint: string;
}

const TIMEOUT_MS = 60_000;

function hubUrl(base: string, target: string): URL {
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    throw new AppError('VALIDATION', `${base} is not a hub address: give one such as https://hub.example.org:8443.`);
  }
  if (url.protocol !== 'https:') throw new AppError('VALIDATION', 'A team hub is reached over HTTPS only: its address starts with https://.');
  return url;
}

const pemOf = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;

/** The hub could not be reached (no network, hub stopped, no answer): not an alarm, work goes on offline. */
export class HubUnreachableError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

// A certificate other than the pinned one is not the network being down: someone may be in between.
const certificateRefusals = /CERT|SELF_SIGNED|SIGNATURE|ERR_TLS/;
const pinMismatch = new WeakSet<Error>();

function unreachable(url: URL, error: Error): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (pinMismatch.has(error) || (code && certificateRefusals.test(code))) {
    return new AppError('INTEGRITY', `The hub at ${url.origin} showed a TLS certificate other than the one accepted when connecting (${code ?? error.message}): nothing was sent. Ask its administrator whether the certificate changed, then connect again.`);
  }
  return new HubUnreachableError(`The hub at ${url.origin} cannot be reached (${code ?? error.message}). Work goes on here; sync again when the network is back.`);
}

/** TLS options that accept the certificate a person accepted when connecting, and no other, whatever name it carries. */
function pinnedTls(endpoint: HubEndpoint): Pick<https.RequestOptions, 'ca' | 'checkServerIdentity' | 'agent'> {
  const pinned = tlsFingerprint(endpoint.tlsCertificate);
  return {
    // A connection of its own per request: a kept-alive socket the hub has just closed would fail the next request.
    agent: false,
    ca: endpoint.tlsCertificate,
    checkServerIdentity: (_host, certificate) => {
      if (certificate.fingerprint256.replace(/:/g, '').toLowerCase() === pinned) return undefined;
      const error = new Error(`the hub's TLS certificate is not the one accepted when connecting (${formatFingerprint(pinned, true)})`);
      pinMismatch.add(error);
      return error;
    },
  };
}

/** The first look at a hub: who it says it is and its TLS certificate, taken without trusting it yet (a person compares both). */
export async function probeHub(address: string): Promise<HubProbe> {
  const url = hubUrl(address, hubPaths.info);
  return new Promise<HubProbe>((resolve, reject) => {
    const request = https.get(url, { rejectUnauthorized: false, agent: false, timeout: TIMEOUT_MS }, (response) => {
      const peer = (response.socket as TLSSocket).getPeerCertificate();
      readJson<HubInfo>(response)
        .then((info) => {
          if (!peer?.raw) throw new AppError('INTEGRITY', 'The hub showed no TLS certificate.');
          if (info.protocol !== HUB_PROTOCOL) throw new AppError('VALIDATION', `The hub speaks version ${info.protocol} of the hub protocol; this app speaks ${HUB_PROTOCOL}: update the older one.`);
          const certificateDer = Buffer.from(info.certificate, 'base64');
          if (fingerprintOf(certificateDer) !== info.fingerprint) throw new AppError('INTEGRITY', "The hub's signing certificate does not match the fingerprint it gives.");
          const tlsCertificate = pemOf(peer.raw);
          resolve({ info, tlsCertificate, tlsFingerprint: tlsFingerprint(tlsCertificate) });
        })
        .catch(reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer in 60 s')));
    request.on('error', (error) => reject(error instanceof AppError ? error : unreachable(url, error)));
  });
}

async function readJson<T>(response: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024 * 1024) throw new AppError('VALIDATION', 'The hub answered with more than 16 MB of JSON.');
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('INTEGRITY', `The hub answered ${response.statusCode} with something that is not JSON: is the address a Release Audit hub?`);
  }
  const answer = body as { ok?: boolean; value?: unknown; error?: unknown };
  if (answer.ok === true) return answer.value as T;
  if (isErrorBody(answer.error)) throw new AppError(answer.error.code, `The hub refused: ${answer.error.message}`);
  throw new AppError('INTEGRITY', `The hub answered ${response.statusCode} with JSON this app does not understand.`);
}

/** A cheap look at a connected hub (unsigned GET of its info over the pinned TLS): resolves when it answers as the hub connected to. */
export async function pingHub(endpoint: HubEndpoint, timeoutMs = 10_000): Promise<HubInfo> {
  const url = hubUrl(endpoint.url, hubPaths.info);
  const info = await new Promise<HubInfo>((resolve, reject) => {
    const request = https.get(url, { timeout: timeoutMs, ...pinnedTls(endpoint) }, (response) => readJson<HubInfo>(response).then(resolve, reject));
    request.on('timeout', () => request.destroy(new Error(`no answer in ${Math.round(timeoutMs / 1000)} s`)));
    request.on('error', (error) => reject(error instanceof AppError ? error : unreachable(url, error)));
  });
  if (info.fingerprint !== endpoint.fingerprint) throw new AppError('INTEGRITY', `The hub at ${url.origin} now signs with another key (${formatFingerprint(info.fingerprint, true)}) than the one accepted when connecting: ask its administrator, then connect again.`);
  return info;
}

export interface HubRequest {
  method: 'GET' | 'POST';
  target: string;
  body?: { buffer: Buffer } | { file: string; sha256: string; size: number };
  /** Where a bundle answer is written. */
  saveTo?: string;
}

/** One signed request over TLS pinned to the hub's certificate; JSON answers are parsed, a bundle answer saved. */
export async function hubRequest<T>(endpoint: HubEndpoint, signer: RequestSigner, options: HubRequest): Promise<{ status: number; value: T | null }> {
  const url = hubUrl(endpoint.url, options.target);
  const contentSha256 = !options.body ? EMPTY_SHA256 : 'buffer' in options.body ? sha256Hex(options.body.buffer) : options.body.sha256;
  const size = !options.body ? 0 : 'buffer' in options.body ? options.body.buffer.length : options.body.size;
  const headers = { ...signRequest(signer, options.method, url.pathname + url.search, contentSha256), 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' };
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, value?: { status: number; value: T | null }) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(value as { status: number; value: T | null });
    };
    const request = https.request(
      url,
      {
        method: options.method,
        headers,
        timeout: TIMEOUT_MS,
        ...pinnedTls(endpoint),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status === 204) {
          response.resume();
          finish(null, { status, value: null });
        } else if (status === 200 && response.headers['content-type'] === 'application/vnd.release-audit.bundle' && options.saveTo) {
          pipeline(response, fs.createWriteStream(options.saveTo, { mode: 0o600 })).then(
            () => finish(null, { status, value: null }),
            (error: Error) => finish(new HubUnreachableError(`The bundle from the hub was cut off (${error.message}): sync again.`)),
          );
        } else {
          readJson<T>(response).then(
            (value) => finish(null, { status, value }),
            (error: unknown) => finish(error),
          );
        }
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer in 60 s')));
    // (A refusal sent while the bundle was still going out arrives as the answer; the broken write is not the story.)
    request.on('error', (error) => setImmediate(() => finish(error instanceof AppError ? error : unreachable(url, error))));
    if (!options.body) request.end();
    else if ('buffer' in options.body) request.end(options.body.buffer);
    else pipeline(fs.createReadStream(options.body.file), request).catch(() => {});
  });
}

/** The laptop's own signing key, as the hub knows the auditor by it. */
export function laptopSigner(core: Core): RequestSigner {
  const identity = loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor);
  return keyAndCertificate(identity);
}

export interface AuditSync {
  auditId: string;
  auditName: string;
  role: HubAudit['role'];
  pushed: { entries: number; newEntries: number; objects: number } | null;
  pulled: { newEntries: number; newObjects: number; conflicts: number } | null;
}

/** Sends a bundle file of one audit to the hub: the same signed file as one written for sync by hand. */
async function pushBundle(endpoint: HubEndpoint, signer: RequestSigner, auditId: string, file: string): Promise<HubPushResult> {
  const size = (await fsp.stat(file)).size;
  const body = { file, sha256: await hashFile(file), size };
  return (await hubRequest<HubPushResult>(endpoint, signer, { method: 'POST', target: `${hubPaths.push}?audit=${encodeURIComponent(auditId)}`, body })).value as HubPushResult;
}

/** Pushes what the hub lacks of one audit (when the auditor may), then pulls what the laptop lacks. */
export async function syncAudit(core: Core, endpoint: HubEndpoint, signer: RequestSigner, audit: HubAudit, workDir: string, progress: Progress = () => {}, signal?: AbortSignal): Promise<AuditSync> {
  const result: AuditSync = { auditId: audit.id, auditName: audit.name, role: audit.role, pushed: null, pulled: null };
  const held = core.sqlite.prepare('SELECT 1 FROM audits WHERE id = ?').get(audit.id) !== undefined;
  if (held && audit.role !== 'viewer') {
    progress(`Sending ${audit.name}`, 0.1);
    const heads = (await hubRequest<Record<string, number>>(endpoint, signer, { method: 'GET', target: `${hubPaths.heads}?audit=${encodeURIComponent(audit.id)}` })).value ?? {};
    const own = auditHeads(core.sqlite, audit.id, core.deviceId);
    if (Object.entries(own).some(([deviceId, seq]) => seq > (heads[deviceId] ?? 0))) {
      const out = path.join(workDir, `push-${audit.id}.rabundle`);
      try {
        const exported = await exportBundle(core, { auditId: audit.id, out, since: heads }, () => {}, signal);
        if (exported.entries > 0 || exported.objects > 0) {
          const pushed = await pushBundle(endpoint, signer, audit.id, out);
          result.pushed = { entries: exported.entries, newEntries: pushed.newEntries, objects: exported.objects };
        }
      } finally {
        await fsp.rm(out, { force: true });
      }
    }
  }
  progress(`Receiving ${audit.name}`, 0.5);
  const saveTo = path.join(workDir, `pull-${audit.id}.rabundle`);
  try {
    const have = held ? auditHeads(core.sqlite, audit.id, core.deviceId) : {};
    const pulled = await hubRequest<null>(endpoint, signer, { method: 'POST', target: hubPaths.pull, body: { buffer: Buffer.from(JSON.stringify({ auditId: audit.id, have })) }, saveTo });
    if (pulled.status === 200) {
      const imported = await importBundle(core, saveTo, { trustFingerprint: endpoint.fingerprint, ...(signal ? { signal } : {}) });
      if (imported.signer.fingerprint !== endpoint.fingerprint) throw new AppError('UNAUTHORIZED', 'The bundle the hub sent is not signed by the hub this laptop connected to.');
      result.pulled = { newEntries: imported.newEntries, newObjects: imported.newObjects, conflicts: imported.newConflicts };
    }
  } finally {
    await fsp.rm(saveTo, { force: true });
  }
  return result;
}

export interface HubSyncResult {
  audits: AuditSync[];
  /** Audits of this laptop the hub did not take (not on them, or may not bring new ones), and why. */
  notTaken: Array<{ auditId: string; auditName: string; reason: string }>;
  at: string;
}

/** Syncs every audit the auditor is on with the hub, one after the other. */
export async function syncWithHub(core: Core, endpoint: HubEndpoint, progress: Progress = () => {}, signal?: AbortSignal): Promise<HubSyncResult> {
  const signer = laptopSigner(core);
  progress('Asking the hub which audits you are on', 0);
  const audits = (await hubRequest<HubAudit[]>(endpoint, signer, { method: 'GET', target: hubPaths.audits })).value ?? [];
  const workDir = core.vault.tempName('.hub');
  await fsp.mkdir(workDir, { recursive: true, mode: 0o700 });
  const done: AuditSync[] = [];
  const notTaken: HubSyncResult['notTaken'] = [];
  try {
    // Audits made here that the hub does not hold for this auditor yet: brought to it (their lead's hub admits them).
    const onHub = new Set(audits.map((a) => a.id));
    const opened = new Map<string, HubPushResult & { entries: number; objects: number }>();
    const local = core.sqlite.prepare('SELECT id, name FROM audits ORDER BY created_at').all() as Array<{ id: string; name: string }>;
    for (const audit of local.filter((a) => !onHub.has(a.id))) {
      if (signal?.aborted) break;
      progress(`Bringing ${audit.name} to the hub`, 0);
      try {
        opened.set(audit.id, await openAuditOnHub(core, endpoint, audit.id));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'UNAUTHORIZED') throw error;
        notTaken.push({ auditId: audit.id, auditName: audit.name, reason: error.message });
      }
    }
    if (local.some((a) => !onHub.has(a.id))) audits.splice(0, audits.length, ...((await hubRequest<HubAudit[]>(endpoint, signer, { method: 'GET', target: hubPaths.audits })).value ?? []));
    for (const [index, audit] of audits.entries()) {
      if (signal?.aborted) throw new AppError('CONFLICT', 'Sync with the hub was cancelled; what was already sent and received is kept.');
      const synced = await syncAudit(core, endpoint, signer, audit, workDir, (step, fraction) => progress(step, (index + (fraction ?? 0)) / Math.max(1, audits.length)), signal);
      // An audit brought whole this time counts what went with it.
      const whole = opened.get(audit.id);
      if (whole && !synced.pushed) synced.pushed = { entries: whole.entries, newEntries: whole.newEntries, objects: whole.objects };
      done.push(synced);
    }
  } finally {
    await fsp.rm(workDir, { recursive: true, force: true });
  }
  progress('Done', 1);
  return { audits: done, notTaken, at: new Date().toISOString() };
}

/** Brings a local audit to the hub for the first time (its lead): pushes it whole. */
export async function openAuditOnHub(core: Core, endpoint: HubEndpoint, auditId: string): Promise<HubPushResult & { entries: number; objects: number }> {
  const signer = laptopSigner(core);
  const workDir = core.vault.tempName('.hub');
  await fsp.mkdir(workDir, { recursive: true, mode: 0o700 });
  const out = path.join(workDir, 'open.rabundle');
  try {
    const exported = await exportBundle(core, { auditId, out, since: {} });
    return { ...(await pushBundle(endpoint, signer, auditId, out)), entries: exported.entries, objects: exported.objects };
  } finally {
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}
