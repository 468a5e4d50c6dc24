import { importKindLabels, type Fact, type ImportKind } from '../../shared/api/imports';
import type { Core } from '../services';

// The facts of a release's imports with the file each came from, oldest import first: what the war
// room reads to show imported runs, hosts and halt checks. Bounded per kind; the rest is counted.

export interface SourcedFact<F extends Fact = Fact> {
  fact: F;
  source: { importId: string; name: string; kindLabel: string; lines: [number, number] };
}

export function releaseFactsOf<K extends Fact['kind']>(core: Core, releaseId: string, kinds: readonly K[], perKind: number): { facts: Array<SourcedFact<Extract<Fact, { kind: K }>>>; omitted: Record<string, number> } {
  const facts: Array<SourcedFact<Extract<Fact, { kind: K }>>> = [];
  const omitted: Record<string, number> = {};
  const read = core.sqlite.prepare(
    `SELECT f.data AS data, f.import_id AS importId, f.line_from AS lineFrom, f.line_to AS lineTo, i.kind AS importKind, e.original_name AS name
     FROM import_facts f JOIN imports i ON i.id = f.import_id JOIN evidence e ON e.id = i.evidence_id
     WHERE f.release_id = ? AND f.kind = ? ORDER BY i.imported_at, i.id, f.seq LIMIT ?`,
  );
  const count = core.sqlite.prepare('SELECT count(*) AS n FROM import_facts WHERE release_id = ? AND kind = ?');
  for (const kind of kinds) {
    const rows = read.all(releaseId, kind, perKind) as Array<{ data: string; importId: string; lineFrom: number; lineTo: number; importKind: ImportKind; name: string }>;
    for (const row of rows) {
      facts.push({
        fact: JSON.parse(row.data) as Extract<Fact, { kind: K }>,
        source: { importId: row.importId, name: row.name, kindLabel: importKindLabels[row.importKind] ?? row.importKind, lines: [row.lineFrom, row.lineTo] },
      });
    }
    if (rows.length === perKind) {
      const total = (count.get(releaseId, kind) as { n: number }).n;
      if (total > perKind) omitted[kind] = total - perKind;
    }
  }
  return { facts, omitted };
}
