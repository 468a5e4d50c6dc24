import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { CHUNK_BYTES, readFailure } from '../imports/reader';

// Lines of a log for the miner, read in fixed-size chunks with each line cut at MAX_LINE_BYTES, so a
// 1M-line file or one 100 MB line is read in bounded memory (imports/reader.ts keeps whole lines,
// which the evidence hash needs; the miner only needs the start of a very long line).

export const MAX_LINE_BYTES = 64 * 1024;

export interface LineStats {
  lines: number;
  /** Lines longer than MAX_LINE_BYTES, mined on their first MAX_LINE_BYTES only. */
  cutLines: number;
}

/** A file whose first chunk holds NUL bytes is not a text log. */
function refuseBinary(filePath: string, chunk: Buffer): void {
  if (chunk.subarray(0, 8192).includes(0)) {
    throw new AppError('VALIDATION', `${filePath} looks like a binary file (it holds NUL bytes), not a text log; nothing was mined.`);
  }
}

/**
 * Calls onLine(text, lineNumber) for each line (from 1; without its line end, CR or a leading BOM).
 * Bytes that are not UTF-8 become U+FFFD. A line past MAX_LINE_BYTES is cut there.
 */
export async function readLogLines(filePath: string, onLine: (text: string, lineNumber: number) => void): Promise<LineStats> {
  const decoder = new TextDecoder('utf-8');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let cut = false;
  let cutLines = 0;
  let lineNumber = 0;
  let first = true;
  const emit = () => {
    lineNumber += 1;
    let text = decoder.decode(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (cut) cutLines += 1;
    pending = [];
    pendingBytes = 0;
    cut = false;
    onLine(text, lineNumber);
  };
  const keep = (piece: Buffer) => {
    const room = MAX_LINE_BYTES - pendingBytes;
    if (piece.length > room) cut = true;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length > 0) {
      pending.push(Buffer.from(kept));
      pendingBytes += kept.length;
    }
  };
  const stream = fs.createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let data = chunk;
      if (first) {
        refuseBinary(filePath, data);
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
        first = false;
      }
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        keep(data.subarray(start, end));
        emit();
        start = end + 1;
      }
      if (start < data.length) keep(data.subarray(start));
    }
  } catch (error) {
    stream.destroy();
    throw readFailure(filePath, error);
  }
  if (pendingBytes > 0 || cut) emit();
  return { lines: lineNumber, cutLines };
}
