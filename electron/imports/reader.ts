import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';

// One pass over a file: each chunk is hashed, counted for progress and decoded into lines as it
// arrives, so a log of any size is read with a fixed amount of memory.

export interface ReadOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

export interface ReadSummary {
  sha256: string;
  bytes: number;
  lines: number;
  /** Lines that held bytes which are not UTF-8 (read with replacement characters). */
  undecodableLines: number;
  /** The last line had no line end: the file may have been cut short. */
  unterminated: boolean;
}

export const CHUNK_BYTES = 256 * 1024;

export function cancelled(): AppError {
  return new AppError('VALIDATION', 'The import was cancelled; nothing was kept.');
}

export function readFailure(filePath: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `There is no file at ${filePath}.`);
  return new AppError('VALIDATION', `${filePath} could not be read (${code ?? (error as Error).message}).`);
}

/**
 * Calls onLine(text, lineNumber) for every line (numbered from 1, without its line end, CR and a leading
 * byte-order mark removed). Bytes that are not UTF-8 become U+FFFD instead of failing.
 */
export async function readLines(
  filePath: string,
  onLine: (text: string, lineNumber: number) => void,
  options: ReadOptions = {},
): Promise<ReadSummary> {
  const total = (await fs.promises.stat(filePath).catch((error) => { throw readFailure(filePath, error); })).size;
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let bytes = 0;
  let lineNumber = 0;
  let undecodable = 0;
  let rest = '';
  const emit = (line: string) => {
    lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.includes('\uFFFD')) undecodable += 1;
    onLine(text, lineNumber);
  };
  const take = (text: string) => {
    const joined = rest.length > 0 ? rest + text : text;
    let start = 0;
    for (let end = joined.indexOf('\n'); end !== -1; end = joined.indexOf('\n', start)) {
      emit(joined.slice(start, end));
      start = end + 1;
    }
    rest = joined.slice(start);
  };
  const stream = fs.createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) throw cancelled();
      hash.update(chunk);
      bytes += chunk.byteLength;
      take(decoder.decode(chunk, { stream: true }));
      options.onProgress?.(bytes, total);
    }
    take(decoder.decode());
  } catch (error) {
    stream.destroy();
    throw readFailure(filePath, error);
  }
  if (options.signal?.aborted) throw cancelled();
  const unterminated = rest.length > 0;
  if (unterminated) emit(rest);
  return { sha256: hash.digest('hex'), bytes, lines: lineNumber, undecodableLines: undecodable, unterminated };
}

/** Reads the first `limit` bytes (for detection), without the rest of the file. */
export async function readHead(filePath: string, limit = 64 * 1024): Promise<Buffer> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(filePath, 'r');
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw readFailure(filePath, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
