import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { cancelled, type ReadSummary } from './reader';
import type { LineParser } from './sink';

// A repository folder is read with git itself (`git log --pretty=fuller --decorate=full`), its output
// streamed through the git log parser; the SHA-256 is that of the log text read.

export const RANGE_PATTERN = /^[\w./@^~{}:-]+(?:\.\.\.?[\w./@^~{}:-]+)?$/;

export async function readRepository(folder: string, parser: LineParser, options: { range?: string; signal?: AbortSignal; onProgress?: (bytes: number, total: number) => void; logCopy?: string }): Promise<ReadSummary> {
  if (!fs.existsSync(path.join(folder, '.git')) && !fs.existsSync(path.join(folder, 'HEAD'))) {
    throw new AppError('VALIDATION', `${folder} is a folder but not a git repository, so there is nothing to import from it.`);
  }
  if (options.range !== undefined && (!RANGE_PATTERN.test(options.range) || options.range.startsWith('-'))) {
    throw new AppError('VALIDATION', `"${options.range}" is not a commit range (write it like v1.2.0..v1.3.0).`);
  }
  const args = ['-C', folder, '-c', 'log.showSignature=false', 'log', '--no-color', '--pretty=fuller', '--decorate=short', ...(options.range ? [options.range, '--'] : [])];
  const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  const hash = createHash('sha256');
  // The log text read is what the import keeps as its raw evidence, so it is written out as it is hashed.
  const copy = options.logCopy === undefined ? undefined : fs.openSync(options.logCopy, 'wx', 0o600);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let bytes = 0;
  let lines = 0;
  let undecodable = 0;
  let rest = '';
  let stderr = '';
  const onAbort = () => child.kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const emit = (line: string) => {
    lines += 1;
    if (line.includes('\uFFFD')) undecodable += 1;
    parser.line(line, lines);
  };
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (copy !== undefined) fs.writeSync(copy, chunk);
      bytes += chunk.byteLength;
      const joined = rest + decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let end = joined.indexOf('\n'); end !== -1; end = joined.indexOf('\n', start)) {
        emit(joined.slice(start, end));
        start = end + 1;
      }
      rest = joined.slice(start);
      options.onProgress?.(bytes, 0);
    }
    const code = await exit;
    if (options.signal?.aborted) throw cancelled();
    if (code !== 0) throw new AppError('VALIDATION', `git could not read the history of ${folder}: ${stderr.trim().split('\n')[0] ?? `exit code ${code}`}.`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('VALIDATION', 'git is not installed on this computer, so a repository folder cannot be read; import a `git log` output file instead.');
    throw new AppError('VALIDATION', `git could not read the history of ${folder} (${(error as Error).message}).`);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (copy !== undefined) fs.closeSync(copy);
  }
  if (rest !== '') emit(rest);
  return { sha256: hash.digest('hex'), bytes, lines, undecodableLines: undecodable, unterminated: false };
}
