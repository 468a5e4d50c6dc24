import { createHash, createVerify, verify as cryptoVerify, X509Certificate } from 'node:crypto';
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

/** The signature check of a whole bundle held in memory: the same checks, in the same order, as for a file. */
export function checkSignatureOfBytes(bytes: Buffer, limits: BundleLimits): BundleSigner {
  if (bytes.length > limits.maxBundleBytes) throw new AppError('VALIDATION', `The bundle is ${bytes.length} bytes, over the limit of ${limits.maxBundleBytes}.`);
  if (bytes.length < EOCD_SIZE) throw damaged('it is too short to be a zip file (truncated?).');
  const block = signatureBlock(bytes.subarray(bytes.length - Math.min(bytes.length, EOCD_SIZE + 0xffff)), bytes.length);
  const signed = bytes.subarray(0, block.signedLength);
  let valid = false;
  try {
    valid = cryptoVerify('sha256', signed, block.certificate.publicKey, block.signatureBytes);
  } catch {
    valid = false;
  }
  return signerOf(block, valid, createHash('sha256').update(signed).digest('hex'));
}

/** Finds the signature, checks it over every byte it covers, and returns who signed. */
export async function checkSignature(file: string, limits: BundleLimits, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<BundleSigner> {
  // Looked at before it is opened: opening a pipe would wait for a writer.
  let size: number;
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) throw damaged(`${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_FOUND', `There is no bundle file at ${file}.`);
  }
  const handle = await fsp.open(file, 'r').catch(() => {
    throw new AppError('NOT_FOUND', `There is no bundle file at ${file}.`);
  });
  try {
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
    await handle.read(tail, 0, tailLength, size - tailLength);
    const block = signatureBlock(tail, size);
    const fileHash = createHash('sha256');
    const verify = createVerify('sha256');
    let done = 0;
    for await (const chunk of handle.createReadStream({ start: 0, end: block.signedLength - 1, highWaterMark: 1024 * 1024, autoClose: false })) {
      if (signal?.aborted) throw cancelled();
      verify.update(chunk as Buffer);
      fileHash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      onProgress(done, block.signedLength);
    }
    let valid = false;
    try {
      valid = verify.verify(block.certificate.publicKey, block.signatureBytes);
    } catch {
      valid = false;
    }
    return signerOf(block, valid, fileHash.digest('hex'));
  } finally {
    await handle.close();
  }
}
