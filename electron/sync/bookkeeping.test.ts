import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../paths';

// One owner per table: sync's bookkeeping tables are written only by bookkeeping.ts, the conflicts
// list only by conflicts.ts, and a full ledger entry is inserted only by the ledger's own inserter.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/\.fixture\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** Each write statement of the source tree that names a table matching `table`, with its file. */
function writers(table: RegExp): Array<{ file: string; statement: string }> {
  const write = new RegExp(`\\b(INSERT(\\s+OR\\s+\\w+)?\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+["\`]?(${table.source})\\b`, 'gi');
  return sourceFiles(path.join(sourceRoot, 'electron')).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(write)].map((m) => ({ file: path.relative(sourceRoot, file), statement: m[0].trim() })),
  );
}

const filesOf = (list: Array<{ file: string }>) => [...new Set(list.map((w) => w.file))].sort();

describe('the tables with one owner', () => {
  it('finds the writes it looks for (the check itself works)', () => {
    expect(writers(/sync_seen/).length).toBeGreaterThan(0);
    expect(writers(/ledger/).length).toBeGreaterThan(0);
  });

  it('has every write to the sync bookkeeping tables in bookkeeping.ts, and to the conflicts list in conflicts.ts', () => {
    expect(filesOf(writers(/sync_(seen|peer_seen|peers|imports|received|forks)/))).toEqual(['electron/sync/bookkeeping.ts']);
    expect(filesOf(writers(/sync_conflicts/))).toEqual(['electron/sync/conflicts.ts']);
  });

  it('inserts full ledger entries in one place', () => {
    expect(filesOf(writers(/ledger/).filter((w) => /^INSERT/i.test(w.statement)))).toEqual(['electron/ledger/ledger.ts']);
  });
});
