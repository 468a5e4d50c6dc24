import { createHash } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hubHeaders, hubPaths } from '../../shared/api/hub';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding } from '../findings/service';
import { keyAndCertificate, loadIdentity } from '../identity/identity';
import type { Core } from '../services';
import { signZipFile } from '../sync/bundle-file';
import { readZipFiles } from '../sync/craft';
import { laptop } from '../../tests/helpers/laptops';
import { endpointOf, enrol, startTestHub, testTls, type TestHub } from '../../tests/helpers/hub';
import { accessLog, bundleOf, hubCounts, push, pushTarget, signed, wire, type WireAnswer } from '../../tests/helpers/hub-wire';
import { tempDir } from '../../tests/helpers/temp';
import { laptopSigner, syncWithHub } from './client';
import { setMember } from './members';

// Hostile and broken requests over the hub's real HTTPS port: each is refused with a status, a code
// and a sentence; PostgreSQL and the working copy are left as they were; the hub answers afterwards.

let test: TestHub;
let lead: Core;
let member: Core;
let auditId: string;
/** A valid delta of the lead's new work, not yet on the hub. */
let valid: Buffer;

async function start(maxPushBytes?: number): Promise<void> {
  test = await startTestHub(maxPushBytes ? { maxPushBytes } : {});
  lead = laptop('Lead');
  member = laptop('Member');
  await enrol(test.hub, lead, { mayOpenAudits: true });
  const memberKey = await enrol(test.hub, member);
  auditId = createAudit(lead, { name: 'Hostile input over HTTP', description: '' }).id;
  createFinding(lead, { auditId, title: 'Token in logs' });
  await syncWithHub(lead, await endpointOf(test.server.url));
  await setMember(test.hub, { auditId, fingerprint: memberKey, name: 'Member', role: 'auditor', by: 'admin' });
  createFinding(lead, { auditId, title: 'Second finding, not pushed yet' });
  await addEvidenceText(lead, { auditId, kind: 'log-excerpt', text: 'line 1\nline 2\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
  const heads = (await wire(test.server.url, { method: 'GET', target: `${hubPaths.heads}?audit=${auditId}`, headers: signed(laptopSigner(lead), 'GET', `${hubPaths.heads}?audit=${auditId}`) })).body?.value as Record<string, number>;
  valid = await bundleOf(lead, auditId, heads);
}

afterEach(async () => {
  await test.close();
});

/** The hub still answers, and still takes the valid push. */
async function stillServing(): Promise<void> {
  expect((await wire(test.server.url, { method: 'GET', target: hubPaths.info })).status).toBe(200);
  const accepted = await push(test.server.url, lead, auditId, valid);
  expect(accepted.status).toBe(200);
  expect(accepted.body?.value).toMatchObject({ newEntries: expect.any(Number), newObjects: expect.any(Number) });
  expect(await test.hub.database.pool.query("SELECT 1 FROM hub_entries WHERE entry->'fields'->>'title' = 'Second finding, not pushed yet'")).toMatchObject({ rowCount: 1 });
}

async function refusedWith(send: () => Promise<WireAnswer>, status: number, code: string, words: RegExp): Promise<void> {
  const before = await hubCounts(test.hub);
  const answer = await send();
  expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
  expect(answer.body?.error?.message).toMatch(words);
  expect(await hubCounts(test.hub)).toEqual(before);
}

/** Sends a body in 64 KiB pieces until the hub answers; says how much was sent by then. */
function streamUntilAnswer(target: string, total: number, headers: Record<string, string>): Promise<{ status: number; sent: number; body: WireAnswer['body'] }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const piece = Buffer.alloc(64 * 1024, 0x41);
    const request = https.request(new URL(target, test.server.url), { method: 'POST', ca: testTls().certPem, checkServerIdentity: () => undefined, headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, sent, body: JSON.parse(Buffer.concat(chunks).toString()) as WireAnswer['body'] });
      });
    });
    request.on('error', (error) => setImmediate(() => (answered ? undefined : reject(error))));
    const more = (): void => {
      while (!answered && sent < total) {
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', more);
      }
    };
    more();
  });
}

describe('hostile requests to the hub', () => {
  beforeEach(async () => {
    await start();
  });

  it('refuses any byte flipped in a pushed bundle, signed or not by the pusher', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
        const flipped = Buffer.from(valid);
        flipped[offset] = (flipped[offset] as number) ^ mask;
        const before = await hubCounts(test.hub);
        // Signed over the flipped bytes: the request is genuine, the bundle is not.
        const answer = await push(test.server.url, lead, auditId, flipped);
        expect([400, 403, 422]).toContain(answer.status);
        expect(answer.body?.error?.message).toEqual(expect.any(String));
        expect(await hubCounts(test.hub)).toEqual(before);
      }),
      { numRuns: 25 },
    );
    await stillServing();
  });

  it('refuses a body that is not the one signed, and a cut-off upload', async () => {
    const flipped = Buffer.from(valid);
    flipped[100] = (flipped[100] as number) ^ 1;
    await refusedWith(() => wire(test.server.url, { method: 'POST', target: pushTarget(auditId), body: flipped, headers: signed(laptopSigner(lead), 'POST', pushTarget(auditId), valid) }), 403, 'UNAUTHORIZED', /not the one that was signed/);
    const before = await hubCounts(test.hub);
    const logged = (await accessLog(test.hub)).length;
    await wire(test.server.url, { method: 'POST', target: pushTarget(auditId), body: valid, cutAt: Math.floor(valid.length / 2), headers: signed(laptopSigner(lead), 'POST', pushTarget(auditId), valid) });
    // The hub notices the cut when the connection closes, and logs it.
    await vi.waitFor(async () => expect((await accessLog(test.hub)).length).toBe(logged + 1), { timeout: 20_000, interval: 50 });
    expect((await accessLog(test.hub)).at(-1)).toMatchObject({ status: 400, outcome: 'refused', detail: expect.stringMatching(/cut off/) });
    expect(await hubCounts(test.hub)).toEqual(before);
    expect(fs.readdirSync(path.join(test.hubDir, 'incoming'))).toEqual([]);
    await stillServing();
  });

  it('refuses a replayed, stale, unsigned or forged request', async () => {
    const body = Buffer.from(JSON.stringify({ auditId, have: {} }));
    const headers = signed(laptopSigner(lead), 'POST', hubPaths.pull, body);
    expect((await wire(test.server.url, { method: 'POST', target: hubPaths.pull, body, headers })).status).toBe(200);
    await refusedWith(() => wire(test.server.url, { method: 'POST', target: hubPaths.pull, body, headers }), 403, 'UNAUTHORIZED', /replayed/);
    const pushHeaders = signed(laptopSigner(lead), 'POST', pushTarget(auditId), valid);
    expect((await wire(test.server.url, { method: 'POST', target: pushTarget(auditId), body: valid, headers: pushHeaders })).status).toBe(200);
    await refusedWith(() => wire(test.server.url, { method: 'POST', target: pushTarget(auditId), body: valid, headers: pushHeaders }), 403, 'UNAUTHORIZED', /replayed/);
    const stale = new Date(Date.now() - 10 * 60_000);
    await refusedWith(() => wire(test.server.url, { method: 'POST', target: hubPaths.pull, body, headers: signed(laptopSigner(lead), 'POST', hubPaths.pull, body, {}, stale) }), 403, 'UNAUTHORIZED', /more than 5 minutes/);
    const ahead = new Date(Date.now() + 10 * 60_000);
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: hubPaths.audits, headers: signed(laptopSigner(lead), 'GET', hubPaths.audits, undefined, {}, ahead) }), 403, 'UNAUTHORIZED', /more than 5 minutes/);
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: hubPaths.audits }), 403, 'UNAUTHORIZED', /carries no x-release-audit-certificate/);
    // The member's signature over another request, sent with the lead's certificate.
    const other = signed(laptopSigner(member), 'GET', hubPaths.audits);
    await refusedWith(
      () => wire(test.server.url, { method: 'GET', target: hubPaths.audits, headers: signed(laptopSigner(lead), 'GET', hubPaths.audits, undefined, { [hubHeaders.signature]: other[hubHeaders.signature] as string }) }),
      403,
      'UNAUTHORIZED',
      /signature does not match/,
    );
    // A request signed for one audit's path, sent to another's.
    const forOne = signed(laptopSigner(lead), 'GET', `${hubPaths.heads}?audit=${auditId}`);
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: `${hubPaths.heads}?audit=other-audit`, headers: forOne }), 403, 'UNAUTHORIZED', /signature does not match/);
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: hubPaths.audits, headers: signed(laptopSigner(lead), 'GET', hubPaths.audits, undefined, { [hubHeaders.certificate]: 'bm90IGEgY2VydGlmaWNhdGU=' }) }), 403, 'UNAUTHORIZED', /certificate cannot be read/);
    await stillServing();
  });

  it('refuses a request replayed after the hub restarted', async () => {
    const body = Buffer.from(JSON.stringify({ auditId, have: {} }));
    const headers = signed(laptopSigner(lead), 'POST', hubPaths.pull, body);
    expect((await wire(test.server.url, { method: 'POST', target: hubPaths.pull, body, headers })).status).toBe(200);
    await test.close();
    test = await startTestHub({ databaseUrl: test.databaseUrl, hubDir: test.hubDir });
    await refusedWith(() => wire(test.server.url, { method: 'POST', target: hubPaths.pull, body, headers }), 403, 'UNAUTHORIZED', /replayed/);
    await stillServing();
  });

  it("refuses a bundle signed by another key than the request's", async () => {
    // The member pushes the lead's genuine bundle as their own.
    await refusedWith(() => push(test.server.url, member, auditId, valid), 403, 'UNAUTHORIZED', /not by the key that pushed it/);
    await stillServing();
  });

  it('refuses a zip bomb', async () => {
    const files = await readZipFiles(await writeTemp(valid));
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { files: Array<{ name: string; size: number; sha256: string }> };
    const bomb = Buffer.alloc(64 * 1024 * 1024);
    manifest.files = [...manifest.files.filter((f) => f.name !== 'entries.jsonl'), { name: 'entries.jsonl', size: bomb.length, sha256: createHash('sha256').update(bomb).digest('hex') }];
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json', { compress: false, mtime: new Date(0) });
    zip.addBuffer(bomb, 'entries.jsonl', { compress: true, mtime: new Date(0) });
    zip.end();
    const file = path.join(tempDir(), 'bomb.rabundle');
    await pipeline(zip.outputStream, fs.createWriteStream(file));
    await signZipFile(file, keyAndCertificate(loadIdentity(lead.layout.root, lead.actor)!));
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    await refusedWith(() => push(test.server.url, lead, auditId, bytes), 400, 'VALIDATION', /zip bomb/);
    await stillServing();
  });

  it('refuses huge, deeply nested and malformed pulls', async () => {
    const ask = (text: string | Buffer) => wire(test.server.url, { method: 'POST', target: hubPaths.pull, body: Buffer.from(text), headers: signed(laptopSigner(lead), 'POST', hubPaths.pull, Buffer.from(text)) });
    await refusedWith(() => ask(`{"auditId":"${auditId}","have":{},"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`), 400, 'VALIDATION', /over the hub's limit/);
    await refusedWith(() => ask(`${'['.repeat(400_000)}${']'.repeat(400_000)}`), 400, 'VALIDATION', /names the audit/);
    await refusedWith(() => ask(`{"auditId":"${auditId}","have":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`), 400, 'VALIDATION', /whole number of entries/);
    await refusedWith(() => ask('{"auditId": '), 400, 'VALIDATION', /in JSON/);
    await refusedWith(() => ask(JSON.stringify({ auditId: '../../etc', have: {} })), 400, 'VALIDATION', /names the audit/);
    await refusedWith(() => ask(JSON.stringify({ auditId, have: { 'not-a-device': -1 } })), 400, 'VALIDATION', /whole number of entries/);
    await refusedWith(() => ask(JSON.stringify({ auditId, have: [] })), 400, 'VALIDATION', /says what the laptop holds/);
    await stillServing();
  });

  it('refuses unknown routes, wrong methods and malformed targets', async () => {
    for (const [method, target] of [
      ['GET', '/v1/nothing'],
      ['GET', '/'],
      ['DELETE', hubPaths.audits],
      ['PUT', pushTarget(auditId)],
      ['GET', pushTarget(auditId)],
      ['GET', hubPaths.pull],
      ['POST', hubPaths.info],
    ] as const) {
      await refusedWith(() => wire(test.server.url, { method, target }), 404, 'NOT_FOUND', /The hub has no/);
    }
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: `${hubPaths.heads}?audit=${'%00'.repeat(3)}` }), 400, 'VALIDATION', /Name the audit/);
    // An absolute-form target the URL parser cannot read.
    await refusedWith(() => wire(test.server.url, { method: 'GET', target: 'http://hub:99999/v1/hub' }), 400, 'VALIDATION', /cannot be read/);
    await stillServing();
  });
});

describe('uploads over the limit', () => {
  beforeEach(async () => {
    await start(256 * 1024);
  });

  it('refuses an oversize upload before reading it all, declared or not', async () => {
    const total = 64 * 1024 * 1024;
    const sign = (length?: number) => ({
      ...signRequest(total),
      ...(length === undefined ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(length) }),
    });
    const signRequest = (size: number) => signed(laptopSigner(lead), 'POST', pushTarget(auditId), Buffer.alloc(size, 0x41));
    for (const headers of [sign(total), sign()]) {
      const before = await hubCounts(test.hub);
      const answer = await streamUntilAnswer(pushTarget(auditId), total, headers);
      expect(answer).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/over the hub's limit/) } } });
      expect(answer.sent).toBeLessThan(total / 4);
      expect(await hubCounts(test.hub)).toEqual(before);
    }
    expect(fs.readdirSync(path.join(test.hubDir, 'incoming'))).toEqual([]);
    await stillServing();
  });
});

async function writeTemp(bytes: Buffer): Promise<string> {
  const file = path.join(tempDir(), 'bundle.rabundle');
  await fs.promises.writeFile(file, bytes);
  return file;
}
