import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSelfSignedIdentity, unlock } from '../identity/identity';
import { tempDir } from '../../tests/helpers/temp';
import { renderPdfToFile } from './render';
import { checkSignature, signPdf, signPdfFile } from './sign';
import { signPdfFileInPlace } from './sign-file';

// Signing a report file in place (issue 13): only the signature's incremental update is built and
// appended, the document hashed once, yet the file is byte for byte what @signpdf's placeholder-plain
// and SignPdf make of it in memory, and pdfsig validates it.

process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'test-only passphrase, not a secret';

const doc = (pages: number) => ({
  info: { title: 'Signed in place' },
  content: Array.from({ length: pages }, (_, i) => ({ text: `Page ${i + 1}: Prüfbericht, 監査 ${'x'.repeat(200)}`, pageBreak: i > 0 ? ('before' as const) : undefined })),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('signing a report file in place', () => {
  it('gives the same bytes as signing the whole PDF in memory, and pdfsig finds the signature valid', async () => {
    const dir = tempDir();
    const identity = unlock(createSelfSignedIdentity(dir, 'Ada Lovelace', 'Lead auditor', 'Ada Lovelace'));
    const file = path.join(dir, 'report.pdf');
    await renderPdfToFile(doc(3), file);
    const unsigned = fs.readFileSync(file);
    // The same moment for both signatures (the placeholder's /M and the signed signing time).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
    const inMemory = await signPdf(unsigned, identity, 'Release audit report R-1');
    await signPdfFile(file, identity, 'Release audit report R-1');
    vi.useRealTimers();
    const signed = fs.readFileSync(file);
    expect(signed.equals(inMemory)).toBe(true);
    expect(checkSignature(signed)).toMatchObject({ signed: true, valid: true, wholeDocument: true, signatures: 1, signer: 'Ada Lovelace' });
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toMatch(/Signature Validation: Signature is Valid\./);
  });

  it('leaves the unsigned report as it was when signing fails', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.pdf');
    await renderPdfToFile(doc(1), file);
    const before = fs.readFileSync(file);
    const options = { reason: 'r', contactInfo: 'c', name: 'n', location: 'l', signatureLength: 16 };
    await expect(signPdfFileInPlace(file, options, () => Buffer.alloc(64))).rejects.toThrow(/longer than its placeholder/);
    await expect(signPdfFileInPlace(file, options, () => Promise.reject(new Error('The key is locked.')))).rejects.toThrow(/locked/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
