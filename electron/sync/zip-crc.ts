import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

// yazl (the bundle's zip writer) takes the CRC-32 of every byte it writes from buffer-crc32, a
// byte-at-a-time JavaScript loop: about 145 MB/s here, most of a bundle export's time beside
// `zip -0`. Node's own zlib.crc32 gives the same numbers about ten times faster. So the one copy of
// buffer-crc32 that yazl loads (yazl stays outside the built bundle for this) takes its unsigned
// CRC from zlib; any other call shape still goes to the original.

type Crc = { unsigned: (...args: unknown[]) => number; fastFromZlib?: true };

const require = createRequire(import.meta.url);

export function useNativeZipCrc(): void {
  let crc: Crc;
  try {
    const yazl = require.resolve('yazl');
    crc = require(require.resolve('buffer-crc32', { paths: [path.dirname(yazl)] })) as Crc;
  } catch {
    return; // Not where yazl finds it (a build that bundles yazl): its own CRC is used, as before.
  }
  if (crc.fastFromZlib) return;
  const original = crc.unsigned;
  crc.unsigned = (...args: unknown[]) => {
    const [data, previous] = args;
    if (Buffer.isBuffer(data) && (previous === undefined || typeof previous === 'number')) return zlib.crc32(data, (previous ?? 0) >>> 0);
    return original(...args);
  };
  crc.fastFromZlib = true;
}
