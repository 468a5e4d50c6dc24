import fs from 'node:fs';
import path from 'node:path';
import { getTableName } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../paths';
import { neverEdited, refusedOps, refusesOp, writtenOnce } from './append-only';
import { allLocalTables, allRecordKinds, tableNameOf } from './registry';
import { expectedTriggers } from './triggers';

// The append-only rule has one source: each descriptor, read through append-only.ts. The triggers,
// the import's checks and the conflicts list derive from it, and nothing else reads the descriptor
// fields behind it.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('the append-only rule', () => {
  it('gives each table the triggers its descriptor refuses, and the import refuses the same operations', () => {
    const triggers = expectedTriggers().filter((t) => t.why === 'append-only');
    for (const kind of allRecordKinds()) {
      const table = tableNameOf(kind);
      expect(triggers.filter((t) => t.table === table).map((t) => t.op).sort(), kind.entity).toEqual([...refusedOps(kind)].sort());
      for (const op of ['update', 'delete']) expect(refusesOp(kind.entity, op), `${kind.entity} ${op}`).toBe(refusedOps(kind).includes(op as 'update'));
      // A record never changed is one a person never edits either.
      if (writtenOnce(kind.entity)) expect(neverEdited(kind.entity), kind.entity).toBe(true);
    }
    for (const local of allLocalTables()) {
      const table = getTableName(local.table);
      expect(triggers.filter((t) => t.table === table).map((t) => t.op).sort(), table).toEqual([...refusedOps(local)].sort());
    }
    // A kind the registry does not know: nothing refused here (the import refuses the whole entry), and no swap.
    expect(refusesOp('no_such_kind', 'update')).toBe(false);
    expect(neverEdited('no_such_kind')).toBe(true);
  });

  it('is read from the descriptors only through append-only.ts', () => {
    const readers = sourceFiles(path.join(sourceRoot, 'electron'))
      .filter((file) => /\.(refuses|appendOnly)\b|\b(refuses|appendOnly) \?\?/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(sourceRoot, file))
      .sort();
    // (check.ts checks the descriptors themselves: a record never updated must be append-only.)
    expect(readers).toEqual(['electron/registry/append-only.ts', 'electron/registry/check.ts']);
  });
});
