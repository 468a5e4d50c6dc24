import type { Core } from '../services';
import { cellOf, columnTypeOf, MAX_SHEET_ROWS, sheetName, type SheetColumn, type SheetTable } from './table';

// The imported-facts part: one sheet per kind of fact (run, step, ticket, sbom-component…), each
// fact a row: the file it came from, its release and lines, then its own fields as columns (typed
// from their values: numbers, dates and times, true/false; lists and objects as JSON text).

interface FactRow {
  kind: string;
  data: string;
  lineFrom: number;
  lineTo: number;
  file: string;
  release: string | null;
}

const fixed: SheetColumn[] = [
  { header: 'File', type: 'text' },
  { header: 'Release', type: 'text' },
  { header: 'Line from', type: 'number' },
  { header: 'Line to', type: 'number' },
];
/** The fact's fields that the fixed columns already say. */
const known = new Set(['kind', 'lines']);

export function factTables(core: Core, auditId: string, taken = new Set<string>()): SheetTable[] {
  const statement = core.sqlite.prepare(
    `SELECT f.kind, f.data, f.line_from AS lineFrom, f.line_to AS lineTo, coalesce(e.original_name, '') AS file, r.identifier AS release
     FROM import_facts f JOIN imports i ON i.id = f.import_id LEFT JOIN evidence e ON e.id = i.evidence_id LEFT JOIN releases r ON r.id = f.release_id
     WHERE f.audit_id = ? ORDER BY f.kind, i.imported_at, f.import_id, f.seq`,
  );
  const kinds = new Map<string, { facts: Array<{ row: FactRow; data: Record<string, unknown> }>; fields: Map<string, unknown[]> }>();
  for (const row of statement.iterate(auditId) as Iterable<FactRow>) {
    const kind = kinds.get(row.kind) ?? { facts: [], fields: new Map<string, unknown[]>() };
    kinds.set(row.kind, kind);
    if (kind.facts.length >= MAX_SHEET_ROWS) continue;
    const data = JSON.parse(row.data) as Record<string, unknown>;
    kind.facts.push({ row, data });
    for (const [field, value] of Object.entries(data)) {
      if (known.has(field)) continue;
      const values = kind.fields.get(field) ?? [];
      if (values.length < 500) values.push(value);
      kind.fields.set(field, values);
    }
  }
  if (kinds.size === 0) return [{ sheet: sheetName('Facts', taken), columns: fixed, rows: [] }];
  return [...kinds].map(([kind, { facts, fields }]) => {
    const own = [...fields].map(([field, sample]) => ({ field, type: columnTypeOf(sample) }));
    // A type read from a sample must hold for every row: a column whose later values differ is text.
    for (const column of own) {
      if (column.type !== 'text' && facts.some(({ data }) => data[column.field] != null && columnTypeOf([data[column.field]]) !== column.type)) column.type = 'text';
    }
    return {
      sheet: sheetName(`Facts ${kind}`, taken),
      columns: [...fixed, ...own.map(({ field, type }) => ({ header: field, type }))],
      rows: facts.map(({ row, data }) => [row.file, row.release, row.lineFrom, row.lineTo, ...own.map(({ field, type }) => cellOf(data[field], type))]),
    };
  });
}
