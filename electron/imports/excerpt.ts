import fs from 'node:fs';
import readline from 'node:readline';
import { AppError } from '../../shared/api/errors';
import { EXCERPT_MAX_LINES, type Excerpt } from '../../shared/api/import-methods';
import type { Core } from '../services';
import { importRow } from './store';

// The lines of an imported file as the facts number them (from 1, a leading byte-order mark and
// CR line ends removed, as the importer read them), read from the vault up to the last one asked.

export async function importExcerpt(core: Core, input: { importId: string; from: number; to: number }): Promise<Excerpt> {
  const row = importRow(core, input.importId);
  const name = (core.sqlite.prepare('SELECT original_name AS name FROM evidence WHERE id = ?').get(row.evidenceId) as { name: string } | undefined)?.name ?? '';
  const from = Math.min(input.from, Math.max(row.lines, 1));
  const to = Math.min(input.to, row.lines, from + EXCERPT_MAX_LINES - 1);
  const lines: Excerpt['lines'] = [];
  if (row.lines > 0) {
    const stream = fs.createReadStream(core.vault.objectPath(row.sha256));
    const reader = readline.createInterface({ input: stream, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const line of reader) {
        n += 1;
        if (n >= from) lines.push({ n, text: n === 1 ? line.replace(/^\uFEFF/, '') : line });
        if (n >= to) break;
      }
    } catch (error) {
      throw new AppError('INTEGRITY', `The vault no longer holds the file of this import (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): run \`release-audit verify\`.`);
    } finally {
      reader.close();
      stream.destroy();
    }
  }
  return { importId: row.id, name, from, to: lines.length > 0 ? (lines.at(-1)?.n ?? to) : 0, totalLines: row.lines, lines };
}
