import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { writeSignedZip } from './bundle-file';

// The zip writer's CRC-32 comes from Node's zlib (see zip-crc.ts): the same numbers as before, and
// bundles that `unzip -t` reads back without a CRC error.

const require = createRequire(import.meta.url);
const crc = require(require.resolve('buffer-crc32', { paths: [path.dirname(require.resolve('yazl'))] })) as { unsigned: (b: Buffer, p?: number) => number; fastFromZlib?: boolean };

/** buffer-crc32's own loop, for comparison. */
function slowCrc(buffer: Buffer, previous = 0): number {
  let value = ~~previous ^ -1;
  for (const byte of buffer) {
    let c = (value ^ byte) & 0xff;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    value = c ^ (value >>> 8);
  }
  return (value ^ -1) >>> 0;
}

describe('the zip CRC', () => {
  it('is taken from zlib by the copy yazl uses, with the same values in one piece or in chunks', () => {
    expect(crc.fastFromZlib).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(3000), (bytes, cut) => {
        const buffer = Buffer.from(bytes);
        const at = Math.min(cut, buffer.length);
        expect(crc.unsigned(buffer)).toBe(slowCrc(buffer));
        expect(crc.unsigned(buffer.subarray(at), crc.unsigned(buffer.subarray(0, at)))).toBe(slowCrc(buffer));
      }),
    );
  });

  it('writes bundles whose every file passes `unzip -t`', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'object.bin');
    fs.writeFileSync(file, randomBytes(3 * 1024 * 1024 + 17));
    const out = path.join(dir, 'test.zip');
    const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }));
    const manifest = Buffer.from('{"hello":"world"}');
    await writeSignedZip(
      out,
      [
        { name: 'manifest.json', buffer: manifest, size: manifest.length },
        { name: 'entries.jsonl', file, size: fs.statSync(file).size, compress: true },
        { name: `objects/${'a'.repeat(64)}`, file, size: fs.statSync(file).size },
      ],
      { privateKeyPem: privateKey, certificateDer: Buffer.from('not a certificate') },
      () => {},
    );
    expect(execFileSync('unzip', ['-t', out], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });
});
