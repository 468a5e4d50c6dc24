import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createInterview } from '../interviews/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding } from '../findings/service';
import { canonicalJson } from '../ledger/canonical';
import { entryHash } from '../ledger/ledger';
import { keyAndCertificate, loadIdentity } from '../identity/identity';
import type { Core } from '../services';
import { laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { bundleLimits, signZipFile } from './bundle-file';
import { checkSignatureOfBytes } from './bundle-signature';
import { readZipFiles } from './craft';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';

// Broken and hostile bundles: each is refused with a sentence a person can act on, and the
// receiving laptop is byte-for-byte unchanged (every table, every vault file).

function snapshot(core: Core): string {
  const hash = createHash('sha256');
  const tables = core.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
  // (The search index's FTS5 shadow tables without a rowid are read in their key's order.)
  for (const { name, sql } of tables) hash.update(`${name}:${JSON.stringify(core.sqlite.prepare(`SELECT * FROM "${name}"${/WITHOUT ROWID/i.test(sql) ? '' : ' ORDER BY rowid'}`).all())}`);
  const walk = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)])) : []);
  hash.update(walk(path.join(core.vault.root, 'objects')).sort().join('\n'));
  return hash.digest('hex');
}

interface Source {
  alice: Core;
  bob: Core;
  file: string;
  bytes: Buffer;
  fingerprint: string;
}

async function validBundle(): Promise<Source> {
  const alice = laptop('Alice');
  const bob = laptop('Bob');
  const audit = createAudit(alice, { name: 'Hostile input audit', description: '' });
  createFinding(alice, { auditId: audit.id, title: 'Token in logs' });
  await addEvidenceText(alice, { auditId: audit.id, kind: 'log-excerpt', text: 'line 1\nline 2\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
  const file = path.join(tempDir(), 'valid.rabundle');
  await exportBundle(alice, { auditId: audit.id, out: file });
  const fingerprint = (await inspectBundle(bob, file)).signer.fingerprint;
  return { alice, bob, file, bytes: fs.readFileSync(file), fingerprint };
}

/** Builds a zip from raw parts (names and modes as given), signed with Alice's key. */
async function signedZip(alice: Core, parts: Array<{ name: string; data: Buffer; compress?: boolean; mode?: number }>, rename?: Record<string, string>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const part of parts) zip.addBuffer(part.data, part.name, { compress: part.compress ?? false, mode: part.mode ?? 0o100600, mtime: new Date(0) });
  zip.end();
  const file = path.join(tempDir(), 'crafted.rabundle');
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  if (rename) {
    // yazl refuses hostile names, as it should: write a same-length name, then patch the bytes.
    let bytes = fs.readFileSync(file);
    for (const [from, to] of Object.entries(rename)) {
      expect(to.length).toBe(from.length);
      bytes = Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');
    }
    fs.writeFileSync(file, bytes);
  }
  const identity = loadIdentity(alice.layout.root, alice.actor);
  await signZipFile(file, keyAndCertificate(identity!));
  return file;
}

/** The parts of a real bundle, to rebuild with one thing wrong. */
async function partsOf(source: Source): Promise<{ manifest: Record<string, unknown>; entries: string; objects: Array<{ name: string; data: Buffer }> }> {
  const files = await readZipFiles(source.file);
  return {
    manifest: JSON.parse(files.get('manifest.json')!.toString()) as Record<string, unknown>,
    entries: files.get('entries.jsonl')!.toString(),
    objects: [...files].filter(([name]) => name.startsWith('objects/')).map(([name, data]) => ({ name, data })),
  };
}

function withFile(manifest: Record<string, unknown>, name: string, data: Buffer): Record<string, unknown> {
  const files = (manifest.files as Array<{ name: string }>).filter((f) => f.name !== name);
  return { ...manifest, files: [...files, { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }] };
}

let source: Source;
beforeEach(async () => {
  source = await validBundle();
});

async function refused(file: string, pattern: RegExp, options: Parameters<typeof importBundle>[2] = {}): Promise<void> {
  const before = snapshot(source.bob);
  await expect(importBundle(source.bob, file, { trustFingerprint: source.fingerprint, ...options })).rejects.toThrow(pattern);
  expect(snapshot(source.bob)).toBe(before);
}

describe('broken bundles', () => {
  it('refuses every single-byte flip and every truncation, writing nothing', async () => {
    const before = snapshot(source.bob);
    const dir = tempDir();
    const damaged = path.join(dir, 'damaged.rabundle');
    // Every mutation goes through the first two gates of an import, on the same bytes: the signature
    // check it runs on a bundle of this size, then trust (a flip inside the certificate leaves the key,
    // and so the signature, valid, but names another certificate, which is not the one trusted). One in
    // SAMPLE also goes through the whole import, which must refuse it and write nothing. Exhaustive, and
    // linear in the file's size.
    const SAMPLE = 29;
    const size = source.bytes.length;
    const count = size * 3;
    const copy = Buffer.from(source.bytes);
    // Mutation i: every byte, once with its lowest bit flipped and once with all its bits flipped, then every truncation.
    const mutationAt = (i: number): { bytes: Buffer; pattern: RegExp } => {
      source.bytes.copy(copy);
      if (i >= size * 2) return { bytes: source.bytes.subarray(0, i - size * 2), pattern: /bundle|truncated|zip/i };
      copy[i % size] = (copy[i % size] as number) ^ (i < size ? 0x01 : 0xff);
      return { bytes: copy, pattern: /bundle|file/i };
    };
    let accepted = 0;
    let imported = 0;
    for (let index = 0; index < count; index += 1) {
      const mutation = mutationAt(index);
      try {
        const signer = checkSignatureOfBytes(mutation.bytes, bundleLimits);
        if (signer.fingerprint === source.fingerprint) accepted += 1;
      } catch (error) {
        expect((error as Error).message).toMatch(mutation.pattern);
      }
      if (index % SAMPLE === 0) {
        fs.writeFileSync(damaged, mutation.bytes);
        await expect(importBundle(source.bob, damaged, { trustFingerprint: source.fingerprint })).rejects.toThrow(mutation.pattern);
        imported += 1;
      }
    }
    expect(accepted).toBe(0);
    expect(imported).toBeGreaterThan(count / SAMPLE - 1);
    expect(snapshot(source.bob)).toBe(before);
    // The undamaged bundle passes the same check, and still imports.
    expect(checkSignatureOfBytes(source.bytes, bundleLimits).fingerprint).toBe(source.fingerprint);
    await importBundle(source.bob, source.file, { trustFingerprint: source.fingerprint });
    expect(snapshot(source.bob)).not.toBe(before);
  }, 120_000);

  it('refuses files that are not bundles at all', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.rabundle');
    fs.writeFileSync(empty, '');
    await refused(empty, /too short/);
    const random = path.join(dir, 'random.rabundle');
    fs.writeFileSync(random, Buffer.alloc(5000, 7));
    await refused(random, /end record is missing/);
    const unsigned = path.join(dir, 'unsigned.zip');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('{}'), 'manifest.json');
    zip.end();
    await pipeline(zip.outputStream, fs.createWriteStream(unsigned));
    await refused(unsigned, /no Release Audit signature/);
    await refused(path.join(dir, 'missing.rabundle'), /There is no bundle file/);
  });
});

describe('hostile bundles signed with a trusted key', () => {
  it('refuses path traversal, absolute paths and symlinks', async () => {
    const { manifest, entries } = await partsOf(source);
    const base = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }, { name: 'entries.jsonl', data: Buffer.from(entries) }];
    const evil = 'objects/' + 'a'.repeat(64);
    const traversal = `${'../'.repeat(16)}tmp/evil-from-bundle`.padEnd(evil.length, 'x');
    await refused(await signedZip(source.alice, [...base, { name: evil, data: Buffer.from('x') }], { [evil]: traversal }), /invalid relative path|no bundle has/);
    const absolute = '/tmp/evil-absolute-from-bundle'.padEnd(evil.length, 'x');
    await refused(await signedZip(source.alice, [...base, { name: evil, data: Buffer.from('x') }], { [evil]: absolute }), /absolute path|no bundle has/);
    expect(fs.existsSync(`/${traversal.replace(/^(\.\.\/)+/, '')}`)).toBe(false);
    expect(fs.existsSync(absolute)).toBe(false);
    const link = 'objects/' + createHash('sha256').update('/etc/passwd').digest('hex');
    await refused(await signedZip(source.alice, [...base, { name: link, data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), /link or special file/);
  });

  it('refuses a zip bomb before inflating it', async () => {
    const { manifest } = await partsOf(source);
    const bomb = Buffer.alloc(64 * 1024 * 1024);
    const file = await signedZip(source.alice, [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(withFile(manifest, 'entries.jsonl', bomb))) },
      { name: 'entries.jsonl', data: bomb, compress: true },
    ]);
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    await refused(file, /zip bomb/);
  });

  it('refuses duplicate, undeclared and missing files, and absurd counts', async () => {
    const { manifest, entries, objects } = await partsOf(source);
    const m = Buffer.from(JSON.stringify(manifest));
    const e = Buffer.from(entries);
    await refused(await signedZip(source.alice, [{ name: 'manifest.json', data: m }, { name: 'entries.jsonl', data: e }, { name: 'entries.jsonl', data: e }, ...objects]), /twice/);
    const stray = 'objects/' + createHash('sha256').update('stray').digest('hex');
    await refused(await signedZip(source.alice, [{ name: 'manifest.json', data: m }, { name: 'entries.jsonl', data: e }, ...objects, { name: stray, data: Buffer.from('stray') }]), /does not list/);
    await refused(await signedZip(source.alice, [{ name: 'manifest.json', data: m }, { name: 'entries.jsonl', data: e }]), /does not hold it/);
    await refused(await signedZip(source.alice, [{ name: 'entries.jsonl', data: e }, { name: 'manifest.json', data: m }, ...objects]), /first file is not the manifest/);
    await refused(source.file, /over the limit of 2/, { limits: { ...bundleLimits, maxFiles: 2 } });
    await refused(source.file, /ledger entries, over the limit of 1\b/, { limits: { ...bundleLimits, maxEntries: 1 } });
  });

  it('refuses entries that do not match their hash, do not link, or write fields no record has', async () => {
    const { manifest, entries, objects } = await partsOf(source);
    const lines = entries.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const rebuild = async (changed: Array<Record<string, unknown>>) => {
      const text = Buffer.from(`${changed.map((l) => canonicalJson(l)).join('\n')}\n`);
      return signedZip(source.alice, [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(withFile(manifest, 'entries.jsonl', text))) }, { name: 'entries.jsonl', data: text }, ...objects]);
    };
    const edited = lines.map((l, i) => (i === 1 ? { ...l, fields: { ...(l.fields as object), title: 'Nothing to see' } } : l));
    await refused(await rebuild(edited), /does not match its hash/);
    const rehash = (l: Record<string, unknown>) => {
      const { hash: _hash, ...rest } = l;
      return { ...rest, hash: entryHash(rest as never) };
    };
    const smuggled = lines.map((l, i) => (i === 1 ? rehash({ ...l, fields: { ...(l.fields as object), is_admin: true } }) : l));
    await refused(await rebuild(smuggled), /does not link|field "is_admin"/);
    const last = lines.length - 1;
    const unknownField = lines.map((l, i) => (i === last ? rehash({ ...l, fields: { ...(l.fields as object), nonsense: 1 } }) : l));
    await refused(await rebuild(unknownField), /writes a field "nonsense"/);
    await refused(await rebuild(lines.slice(0, -1)), /should hold \d+ entries/);
    const future = lines.map((l, i) => (i === last ? rehash({ ...l, hlc: `${String(Date.now() + 3 * 86_400_000).padStart(15, '0')}-000000-${String(l.deviceId)}` }) : l));
    await refused(await rebuild(future), /more than a day ahead of this laptop's clock/);
    const badJson = Buffer.from(`${entries}{not json\n`);
    await refused(
      await signedZip(source.alice, [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(withFile(manifest, 'entries.jsonl', badJson))) }, { name: 'entries.jsonl', data: badJson }, ...objects]),
      /is not valid JSON/,
    );
  });

  it('refuses a bundle signed by an unknown key, and one re-signed by a key other than the one it names', async () => {
    const mallory = laptop('Mallory');
    const own = createAudit(mallory, { name: 'Mallory audit', description: '' });
    const genuine = path.join(tempDir(), 'm.rabundle');
    await exportBundle(mallory, { auditId: own.id, out: genuine });
    const before = snapshot(source.bob);
    await expect(importBundle(source.bob, genuine)).rejects.toThrow(/signed by Mallory, whose key is not trusted here.*[0-9A-F]{2}(:[0-9A-F]{2}){31}/);
    const malloryFingerprint = (await inspectBundle(source.bob, genuine)).signer.fingerprint;
    await expect(importBundle(source.bob, genuine, { trustFingerprint: source.fingerprint })).rejects.toThrow(/not trusted here/);
    const { manifest, entries, objects } = await partsOf(source);
    const resigned = await signedZip(mallory, [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }, { name: 'entries.jsonl', data: Buffer.from(entries) }, ...objects]);
    await expect(importBundle(source.bob, resigned, { trustFingerprint: malloryFingerprint })).rejects.toThrow(/names another key/);
    expect(snapshot(source.bob)).toBe(before);
  });

  it('refuses entries the app never writes: changes to unchangeable records, backdated changes, a finalisation out of place', async () => {
    const { manifest, entries, objects } = await partsOf(source);
    const lines = entries.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines[lines.length - 1]!;
    const clockAfter = (hlc: string, ms: number) => `${String(Number(hlc.slice(0, 15)) + ms).padStart(15, '0')}-000000-${String(last.deviceId)}`;
    // Appends one well-formed, correctly hashed and linked entry to Alice's chain, and signs the bundle.
    const withExtra = async (extra: Record<string, unknown>) => {
      const unsigned = { deviceId: last.deviceId, seq: Number(last.seq) + 1, hlc: clockAfter(String(last.hlc), 1000), actor: 'Alice', prevClocks: {}, prevHash: last.hash, ...extra };
      const entry = { ...unsigned, hash: entryHash(unsigned as never) };
      const all = [...lines, entry];
      const text = Buffer.from(`${all.map((l) => canonicalJson(l)).join('\n')}\n`);
      const ranges = (manifest.ranges as Array<{ deviceId: string; from: number; to: number }>).map((r) => (r.deviceId === last.deviceId ? { ...r, to: r.to + 1 } : r));
      const have = { ...(manifest.have as Record<string, number>), [String(last.deviceId)]: Number(last.seq) + 1 };
      const counts = { ...(manifest.counts as object), entries: (manifest.counts as { entries: number }).entries + 1 };
      const m = withFile({ ...manifest, ranges, have, counts }, 'entries.jsonl', text);
      return signedZip(source.alice, [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) }, { name: 'entries.jsonl', data: text }, ...objects]);
    };
    const evidence = lines.find((l) => l.entity === 'evidence' && l.op === 'insert')!;
    const finding = lines.find((l) => l.entity === 'findings' && l.op === 'insert')!;
    const audit = lines.find((l) => l.entity === 'audits' && l.op === 'insert')!;
    await refused(await withExtra({ entity: 'evidence', entityId: evidence.entityId, op: 'update', fields: { note: 'quietly changed' } }), /changes a record that is never changed/);
    await refused(await withExtra({ entity: 'evidence', entityId: evidence.entityId, op: 'delete', fields: {} }), /changes a record that is never changed/);
    await refused(await withExtra({ entity: 'evidence', entityId: evidence.entityId, op: 'insert', fields: { ...(evidence.fields as object), note: 'second version' } }), /second, different version/);
    // A note naming the open audit but attached to an interview of another audit (here one of Bob's
    // own; this is the file's last test, so the extra audit on Bob touches no other).
    const bobsAudit = createAudit(source.bob, { name: 'Bob audit', description: '' });
    const bobsInterview = createInterview(source.bob, { auditId: bobsAudit.id, interviewee: 'Eve' });
    const note = { auditId: audit.entityId, interviewId: bobsInterview.id, text: 'slipped in', author: 'Alice', correctsId: null, createdAt: new Date().toISOString() };
    await refused(await withExtra({ entity: 'interview_notes', entityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', op: 'insert', fields: note }), /points at interviews record .* which belongs to another audit/);
    await refused(await withExtra({ entity: 'findings', entityId: finding.entityId, op: 'update', fields: { auditId: bobsAudit.id } }), /moves a record to another audit/);
    await refused(await withExtra({ entity: 'findings', entityId: finding.entityId, op: 'insert', fields: { ...(finding.fields as object), auditId: bobsAudit.id } }), /creates again, under another audit/);
    await refused(await withExtra({ entity: 'custody_events', entityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d', op: 'update', fields: { evidenceId: evidence.entityId } }), /moves a record to another evidence|never changed/);
    await refused(
      await withExtra({ entity: 'conflict_resolutions', entityId: 'a'.repeat(32), op: 'insert', fields: { auditId: audit.entityId, decision: 'foo', value: null, resolvedBy: 'Alice', resolvedAt: new Date().toISOString() } }),
      /a decision the app does not know/,
    );
    const someNote = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    await refused(await withExtra({ entity: 'interview_notes', entityId: someNote, op: 'update', fields: { text: 'rewritten' } }), /changes a record that is never changed/);
    await refused(await withExtra({ entity: 'interview_notes', entityId: someNote, op: 'delete', fields: {} }), /changes a record that is never changed/);
    const backdated = { entity: 'findings', entityId: finding.entityId, op: 'update', fields: { title: 'Backdated' } };
    const early = `${String(Number(String(finding.hlc).slice(0, 15)) - 60_000).padStart(15, '0')}-000000-${String(last.deviceId)}`;
    await refused(await withExtra({ ...backdated, hlc: early }), /entry before it|dated before the record was created/);
    await refused(await withExtra({ ...backdated, prevClocks: { title: clockAfter(String(last.hlc), 5000) } }), /dated before the value of title it replaces/);
    await refused(await withExtra({ entity: 'audits', entityId: audit.entityId, op: 'update', fields: { status: 'finalised', finalisedHeads: {} } }), /without naming its own place/);
  });
});
