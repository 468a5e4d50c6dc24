import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';

// A framework's coverage on a template, shipped or imported: how many requirements are covered, and a
// row per requirement with what covers it and whether it is a gap.

interface CoverageRow {
  id: string;
  controls: unknown[];
}

export function CoverageTable<R extends CoverageRow>(props: { title: string; rows: R[]; covered: number; gaps: number; counted: string; requirement: (row: R) => ReactNode; coveredBy: (row: R) => ReactNode }) {
  const { title, rows, covered, gaps } = props;
  return (
    <>
      <p className={gaps > 0 ? 'status-error' : 'status-ok'} role="status">
        {covered} of {rows.length} {props.counted} covered
        {gaps > 0 ? `, ${gaps} ${gaps === 1 ? 'gap' : 'gaps'}` : ', no gaps'}.
      </p>
      <DataTable
        label={`${title} coverage`}
        rows={rows}
        rowKey={(row) => row.id}
        rowClassName={(row) => (row.controls.length === 0 ? 'gap' : undefined)}
        columns={[
          { header: 'Requirement', cell: props.requirement },
          { header: 'Covered by', cell: props.coveredBy },
          { header: 'State', cell: (row) => (row.controls.length > 0 ? <span className="badge badge-ok">Covered</span> : <span className="badge badge-breach">Gap</span>) },
        ]}
      />
    </>
  );
}
