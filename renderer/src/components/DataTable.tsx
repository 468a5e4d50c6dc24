import { useState, type HTMLAttributes, type ReactNode } from 'react';

// A table of records: one header row from the columns, one row per record, an optional sort by a
// column's header, and what to say instead of an empty table.

export interface Column<Row> {
  /** The header's text; with `hiddenHeader`, read by screen readers only. */
  header: ReactNode;
  hiddenHeader?: boolean;
  headerClassName?: string;
  cell: (row: Row, index: number) => ReactNode;
  cellClassName?: (row: Row) => string | undefined;
  /** The cell names its row (th scope="row"). */
  rowHeader?: boolean;
  /** Makes the header a button that sorts the rows by this column. */
  sort?: (a: Row, b: Row) => number;
}

type Sorting = { column: number; descending: boolean } | null;

export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  rowClassName,
  rowProps,
  className = 'data-table',
  label,
  caption,
  empty,
}: {
  rows: readonly Row[];
  columns: ReadonlyArray<Column<Row>>;
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  className?: string;
  /** The table's accessible name, when no caption gives one. */
  label?: string;
  caption?: ReactNode;
  /** Shown instead of the table when there is no row. */
  empty?: ReactNode;
}) {
  const [sorting, setSorting] = useState<Sorting>(null);
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const by = sorting ? columns[sorting.column]?.sort : undefined;
  const shown = by && sorting ? [...rows].sort((a, b) => (sorting.descending ? -by(a, b) : by(a, b))) : rows;
  const toggle = (column: number) => setSorting((s) => (s?.column === column ? { column, descending: !s.descending } : { column, descending: false }));
  return (
    <table className={className} aria-label={label}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th
              key={i}
              scope="col"
              className={c.headerClassName}
              aria-sort={c.sort ? (sorting?.column === i ? (sorting.descending ? 'descending' : 'ascending') : 'none') : undefined}
            >
              {c.hiddenHeader ? (
                <span className="sr-only">{c.header}</span>
              ) : c.sort ? (
                <button type="button" className="link-button" onClick={() => toggle(i)}>
                  {c.header}
                </button>
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((row, index) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)} {...rowProps?.(row)}>
            {columns.map((c, i) =>
              c.rowHeader ? (
                <th key={i} scope="row" className={c.cellClassName?.(row)}>
                  {c.cell(row, index)}
                </th>
              ) : (
                <td key={i} className={c.cellClassName?.(row)}>
                  {c.cell(row, index)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
