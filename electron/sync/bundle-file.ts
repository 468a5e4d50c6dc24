import { createHash, createPrivateKey, createSign } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { AppError } from '../../shared/api/errors';
import { useNativeZipCrc } from './zip-crc';

// A bundle is a zip file: manifest.json first, then entries.jsonl, then objects/<sha256> for each
// evidence file. The whole file up to the zip comment is signed with the exporting auditor's RSA
// key; the comment carries the signature and the auditor's certificate. So a flipped or missing
// byte anywhere is caught before a single entry is read, and a bundle is either exactly what its
// signer wrote or refused.


useNativeZipCrc();

export const bundleLimits = {
  /** The largest bundle file accepted. */
  maxBundleBytes: 64 * 1024 ** 3,
  /** Files inside one bundle (manifest, entries and evidence objects). */
  maxFiles: 100_000,
  maxManifestBytes: 16 * 1024 ** 2,
  /** Read as one string: well under Node's longest string (about 512 MiB). */
  maxEntriesBytes: 256 * 1024 ** 2,
  /** Ledger entries and stubs in one bundle. */
  maxEntries: 1_000_000,
  /** Stubs (entries of other audits) in a row in one device's chain, before an entry of the audit. */
  maxStubRun: 100_000,
  /** Uncompressed bytes of all files together. */
  maxTotalBytes: 64 * 1024 ** 3,
  maxCompressionRatio: 100,
};
export type BundleLimits = typeof bundleLimits;

export const SIGNATURE_PREFIX = 'RELEASE-AUDIT-SIGNATURE ';
export const EOCD_SIGNATURE = 0x06054b50;
export const EOCD_SIZE = 22;

export interface Signer {
  privateKeyPem: string;
  certificateDer: Buffer;
}

export interface BundleSigner {
  /** SHA-256 of the signed bytes: the bundle's identity as a file. */
  fileSha256: string;
  certificateDer: Buffer;
  fingerprint: string;
  subject: string;
  commonName: string;
}

export interface BundlePart {
  name: string;
  /** Either the bytes, or a file to stream (evidence objects, stored without compression). */
  buffer?: Buffer;
  file?: string;
  size: number;
  /** Deflate a streamed file (the ledger entries); evidence is stored as it is. */
  compress?: boolean;
}

export const fingerprintOf = (certificateDer: Buffer): string => createHash('sha256').update(certificateDer).digest('hex');

/** Writes the parts as a zip next to `out`, signs it, then renames it into place. */
export async function writeSignedZip(
  out: string,
  parts: BundlePart[],
  signer: Signer,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.partial`);
  const total = parts.reduce((sum, part) => sum + part.size, 0);
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  for (const part of parts) {
    if (part.buffer) zip.addBuffer(part.buffer, part.name, { mtime, mode: 0o100600, compress: true });
    else {
      const file = part.file as string;
      zip.addReadStreamLazy(part.name, { mtime, mode: 0o100600, compress: part.compress ?? false, size: part.size }, (cb) => cb(null, fs.createReadStream(file, { highWaterMark: 1024 * 1024 })));
    }
  }
  zip.end();
  let written = 0;
  // Signed as it is written (all but the comment's length, the last two bytes yazl writes), so the
  // file is not read back: one pass, one fsync.
  const sign = createSign('sha256');
  let tail = Buffer.alloc(0);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (signal?.aborted) return done(new AppError('VALIDATION', 'The export was cancelled; no bundle was written.'));
      written += chunk.length;
      if (chunk.length >= 2) {
        sign.update(tail);
        sign.update(chunk.subarray(0, chunk.length - 2));
        tail = Buffer.from(chunk.subarray(chunk.length - 2));
      } else {
        const joined = Buffer.concat([tail, chunk]);
        sign.update(joined.subarray(0, Math.max(0, joined.length - 2)));
        tail = Buffer.from(joined.subarray(Math.max(0, joined.length - 2)));
      }
      onProgress(Math.min(written, total), total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(zip.outputStream, counter, fs.createWriteStream(partial, { mode: 0o600 }));
    if (signal?.aborted) throw new AppError('VALIDATION', 'The export was cancelled; no bundle was written.');
    if (tail.length !== 2 || tail.readUInt16LE(0) !== 0) throw new Error('The zip writer left a comment where the signature goes.');
    const size = await writeSignature(partial, written, sign.sign(createPrivateKey(signer.privateKeyPem)), signer);
    await fsp.rename(partial, out);
    onProgress(total, total);
    return size;
  } catch (error) {
    await fsp.rm(partial, { force: true });
    throw error;
  }
}

/**
 * Signs a zip that has no comment yet: everything before the comment-length field is signed, then
 * the length and the comment (signature and certificate) are written. Returns the final size.
 */
export async function signZipFile(file: string, signer: Signer): Promise<number> {
  const size = (await fsp.stat(file)).size;
  const sign = createSign('sha256');
  for await (const chunk of fs.createReadStream(file, { start: 0, end: size - 3, highWaterMark: 1024 * 1024 })) sign.update(chunk as Buffer);
  return writeSignature(file, size, sign.sign(createPrivateKey(signer.privateKeyPem)), signer);
}

/** Writes the comment's length and the comment (signature and certificate) at the end of a zip of `size` bytes, then fsyncs it. */
async function writeSignature(file: string, size: number, signature: Buffer, signer: Signer): Promise<number> {
  const comment = Buffer.from(
    SIGNATURE_PREFIX + JSON.stringify({ alg: 'RSA-SHA256', certificate: signer.certificateDer.toString('base64'), signature: signature.toString('base64') }),
    'latin1',
  );
  const handle = await fsp.open(file, 'r+');
  try {
    const length = Buffer.alloc(2);
    length.writeUInt16LE(comment.length);
    await handle.write(length, 0, 2, size - 2);
    await handle.write(comment, 0, comment.length, size);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return size + comment.length;
}

export const cancelled = () => new AppError('VALIDATION', 'The import was cancelled; nothing was written.');

export const damaged = (why: string) => new AppError('VALIDATION', `This file is not a readable bundle: ${why}`);
