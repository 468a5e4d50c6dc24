import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';

// Files brought in from a screen that cannot hand over a path (the browser, the desktop renderer),
// kept in a folder of their own until they are used: <id>.<ext> beside <id>.json (the name it came
// with). Ids are UUIDs made here; no name from the other side ever becomes a path. Files older
// than a day are swept away when the next one arrives.

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Inbox {
  dir: string;
  /** The stored file's extension, without a dot. */
  extension: string;
  maxBytes: number;
  /** What a file over maxBytes is told. */
  tooLarge: string;
  /** What an unknown or expired id is told. */
  gone: string;
}

export interface Received {
  uploadId: string;
  size: number;
  name: string;
}

function ready(inbox: Inbox): string {
  fs.mkdirSync(inbox.dir, { recursive: true, mode: 0o700 });
  return inbox.dir;
}

/** Removes what is older than a day. */
export function sweepFolder(dir: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const target = path.join(dir, name);
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > DAY_MS) fs.rmSync(target, { recursive: true, force: true });
  }
}

/** Writes the body to the inbox (a .part file renamed when whole and synced); a failed or cancelled upload leaves nothing. */
export async function receiveInto(inbox: Inbox, body: AsyncIterable<Uint8Array>, name: string, options: { signal?: AbortSignal } = {}): Promise<Received> {
  const dir = ready(inbox);
  sweepFolder(dir);
  const uploadId = randomUUID();
  const partial = path.join(dir, `${uploadId}.part`);
  const handle = await fsp.open(partial, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      if (options.signal?.aborted) throw new AppError('VALIDATION', 'The upload was cancelled.');
      size += chunk.byteLength;
      if (size > inbox.maxBytes) throw new AppError('VALIDATION', inbox.tooLarge);
      await handle.write(chunk);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fsp.rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await fsp.writeFile(path.join(dir, `${uploadId}.json`), JSON.stringify({ name }), { mode: 0o600 });
  await fsp.rename(partial, path.join(dir, `${uploadId}.${inbox.extension}`));
  return { uploadId, size, name };
}

/** The path of a received file and the name it came with, or NOT_FOUND in the inbox's words. */
export function receivedFile(inbox: Inbox, uploadId: string): { file: string; name: string } {
  const dir = ready(inbox);
  const file = UUID.test(uploadId) ? path.join(dir, `${uploadId}.${inbox.extension}`) : '';
  if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', inbox.gone);
  let name = `upload-${uploadId.slice(0, 8)}`;
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, `${uploadId}.json`), 'utf8')) as { name?: unknown };
    if (typeof meta.name === 'string' && meta.name !== '') name = meta.name;
  } catch {
    // No name was kept (an older upload): the id names it.
  }
  return { file, name };
}
