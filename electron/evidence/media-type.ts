import fsp from 'node:fs/promises';
import path from 'node:path';
import { mediaTypePattern } from '../../shared/api/evidence';

// The media type of a piece of evidence: from its first bytes where they are telling, else its extension.

const byExtension: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html',
  '.zip': 'application/zip',
  '.har': 'application/json',
};

const signatures: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x25, 0x50, 0x44, 0x46], 'application/pdf'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
];

/** The media type from the first bytes, else from the name's extension (`name` when the file has none, e.g. in the vault). */
export async function detectMediaType(file: string, name: string = file): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    for (const [magic, type] of signatures) {
      if (bytesRead >= magic.length && magic.every((byte, i) => head[i] === byte)) return type;
    }
  } finally {
    await handle.close();
  }
  const type = byExtension[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
  // A name ending in .png is not an image unless its bytes said so above.
  return type.startsWith('image/') || type === 'application/pdf' ? 'application/octet-stream' : type;
}

export function isMediaType(value: string): boolean {
  return value.length <= 200 && mediaTypePattern.test(value);
}

/** The media type to send back for stored evidence: one recorded before it was checked (or imported) goes as plain bytes. */
export function servableMediaType(stored: string): string {
  return isMediaType(stored) ? stored : 'application/octet-stream';
}
