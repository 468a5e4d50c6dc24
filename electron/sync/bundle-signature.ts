import { constants, createHash, publicDecrypt, timingSafeEqual, type KeyObject, X509Certificate } from 'node:crypto';
import fsp from 'node:fs/promises';
import { AppError } from '../../shared/api/errors';
import { cancelled, damaged, EOCD_SIGNATURE, EOCD_SIZE, fingerprintOf, SIGNATURE_PREFIX, type BundleLimits, type BundleSigner } from './bundle-file';

// The first gate of every import: a bundle's signature over every byte before its comment, and who made it.

/** Bundles up to this size are checked from one read of the whole file; larger ones are streamed. */
const WHOLE_FILE_CHECK = 4 * 1024 * 1024;

interface SignatureBlock {
  certificateDer: Buffer;
  certificate: X509Certificate;
  signatureBytes: Buffer;
  /** How many bytes from the start the signature covers: all but the comment and its length. */
  signedLength: number;
}

/** Reads the signature block from the end of a zip: `tail` is its last bytes, `size` the whole length. */
function signatureBlock(tail: Buffer, size: number): SignatureBlock {
  const tailLength = tail.length;
  let eocd = -1;
  for (let at = tailLength - EOCD_SIZE; at >= 0; at -= 1) {
    if (tail.readUInt32LE(at) === EOCD_SIGNATURE && tail.readUInt16LE(at + 20) === tailLength - at - EOCD_SIZE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged('its end record is missing (the file is truncated or not a zip).');
  const comment = tail.subarray(eocd + EOCD_SIZE).toString('latin1');
  if (!comment.startsWith(SIGNATURE_PREFIX)) throw damaged('it carries no Release Audit signature.');
  let parsed: { alg?: unknown; certificate?: unknown; signature?: unknown };
  try {
    parsed = JSON.parse(comment.slice(SIGNATURE_PREFIX.length)) as typeof parsed;
  } catch {
    throw damaged('its signature block is damaged.');
  }
  if (parsed.alg !== 'RSA-SHA256' || typeof parsed.certificate !== 'string' || typeof parsed.signature !== 'string') throw damaged('its signature block is damaged.');
  // Strict base64: a changed padding bit would otherwise decode to the same bytes.
  const strictBase64 = (text: string) => {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64') !== text) throw damaged('its signature block is damaged.');
    return bytes;
  };
  const certificateDer = strictBase64(parsed.certificate);
  const signatureBytes = strictBase64(parsed.signature);
  return { certificateDer, certificate: parseCertificate(parsed.certificate, certificateDer), signatureBytes, signedLength: size - tailLength + eocd + 20 };
}

// The few signers' certificates seen last, parsed once: a laptop imports from the same colleagues again and again.
const certificates = new Map<string, X509Certificate>();

function parseCertificate(base64: string, der: Buffer): X509Certificate {
  const known = certificates.get(base64);
  if (known) return known;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw damaged("the signer's certificate in it is damaged.");
  }
  if (certificates.size >= 16) certificates.delete(certificates.keys().next().value as string);
  certificates.set(base64, certificate);
  return certificate;
}

function signerOf(block: SignatureBlock, valid: boolean, fileSha256: string): BundleSigner {
  if (!valid) {
    throw new AppError('INTEGRITY', 'The bundle does not match its signature: it was changed or damaged after it was signed. Ask for it to be exported again.');
  }
  const { certificate, certificateDer } = block;
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? certificate.subject;
  return { fileSha256, certificateDer, fingerprint: fingerprintOf(certificateDer), subject: certificate.subject.replace(/\n/g, ', '), commonName };
}

/** The DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2, note 1): what an RSA-SHA256 signature encodes before the digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * RSASSA-PKCS1-v1_5 verification of a signature over bytes whose SHA-256 is `digest`: the signature
 * is opened with the public key (which checks the 00 01 FF…FF 00 padding) and what it encodes must
 * be, byte for byte, the DigestInfo of that digest (RFC 8017, section 8.2.2). The same answer as
 * crypto.verify('sha256', …) on the bytes, from the one hash that also names the file, so the signed
 * bytes are hashed once, not twice.
 */
function validOverDigest(certificate: X509Certificate, signature: Buffer, digest: Buffer): boolean {
  try {
    // (A damaged certificate can parse and still hold no readable key: then nothing is valid.)
    const publicKey: KeyObject = certificate.publicKey;
    const modulusBits = publicKey.asymmetricKeyType === 'rsa' ? publicKey.asymmetricKeyDetails?.modulusLength : undefined;
    if (!modulusBits || signature.length !== Math.ceil(modulusBits / 8)) return false;
    const encoded = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    const expected = Buffer.concat([SHA256_DIGEST_INFO, digest]);
    return encoded.length === expected.length && timingSafeEqual(encoded, expected);
  } catch {
    return false;
  }
}

/** The signature check of a whole bundle held in memory: the same checks, in the same order, as for a file. */
export function checkSignatureOfBytes(bytes: Buffer, limits: BundleLimits): BundleSigner {
  if (bytes.length > limits.maxBundleBytes) throw new AppError('VALIDATION', `The bundle is ${bytes.length} bytes, over the limit of ${limits.maxBundleBytes}.`);
  if (bytes.length < EOCD_SIZE) throw damaged('it is too short to be a zip file (truncated?).');
  const block = signatureBlock(bytes.subarray(bytes.length - Math.min(bytes.length, EOCD_SIZE + 0xffff)), bytes.length);
  const digest = createHash('sha256').update(bytes.subarray(0, block.signedLength)).digest();
  return signerOf(block, validOverDigest(block.certificate, block.signatureBytes, digest), digest.toString('hex'));
}

/**
 * Opens a bundle for an import: the one handle its signature is checked through and its files are
 * then read through, so that a file put in its place after the check is never read.
 */
export async function openBundle(file: string): Promise<{ handle: fsp.FileHandle; size: number }> {
  // Looked at before it is opened: opening a pipe would wait for a writer.
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) throw damaged(`${file} is not a file.`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_FOUND', `There is no bundle file at ${file}.`);
  }
  const handle = await fsp.open(file, 'r').catch(() => {
    throw new AppError('NOT_FOUND', `There is no bundle file at ${file}.`);
  });
  try {
    // The size of what was opened (a file swapped in between the two looks is judged by its own).
    const stat = await handle.stat();
    if (!stat.isFile()) throw damaged(`${file} is not a file.`);
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Finds the signature, checks it over every byte it covers, and returns who signed. */
export async function checkSignature(
  bundle: { handle: fsp.FileHandle; size: number },
  limits: BundleLimits,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BundleSigner> {
  const { handle, size } = bundle;
  if (size > limits.maxBundleBytes) throw new AppError('VALIDATION', `The bundle is ${size} bytes, over the limit of ${limits.maxBundleBytes}.`);
  if (size < EOCD_SIZE) throw damaged('it is too short to be a zip file (truncated?).');
  // A small bundle is read once, whole; a large one has its end read, then the signed part streamed.
  if (size <= WHOLE_FILE_CHECK) {
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    if (bytesRead !== size) throw damaged('it changed while it was read.');
    const signer = checkSignatureOfBytes(bytes, limits);
    onProgress(size, size);
    return signer;
  }
  const tailLength = Math.min(size, EOCD_SIZE + 0xffff);
  const tail = Buffer.alloc(tailLength);
  const { bytesRead } = await handle.read(tail, 0, tailLength, size - tailLength);
  if (bytesRead !== tailLength) throw damaged('it changed while it was read.');
  const block = signatureBlock(tail, size);
  // One SHA-256 of the signed bytes: what the signature covers, and the file's identity.
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(CHECK_CHUNK), Buffer.allocUnsafe(CHECK_CHUNK)];
  const readAt = async (buffer: Buffer, position: number) => {
    const length = Math.min(buffer.length, block.signedLength - position);
    const read = await handle.read(buffer, 0, length, position);
    if (read.bytesRead !== length) throw damaged('it changed while it was read.');
    return buffer.subarray(0, length);
  };
  // The next chunk is read while this one is hashed.
  let done = 0;
  let turn = 0;
  let reading: Promise<Buffer> | null = readAt(buffers[0] as Buffer, 0);
  try {
    while (reading) {
      const chunk: Buffer = await reading;
      done += chunk.length;
      turn = 1 - turn;
      reading = done < block.signedLength ? readAt(buffers[turn] as Buffer, done) : null;
      if (signal?.aborted) throw cancelled();
      hash.update(chunk);
      onProgress(done, block.signedLength);
    }
  } finally {
    await reading?.catch(() => undefined);
  }
  const digest = hash.digest();
  return signerOf(block, validOverDigest(block.certificate, block.signatureBytes, digest), digest.toString('hex'));
}

const CHECK_CHUNK = 1024 * 1024;
