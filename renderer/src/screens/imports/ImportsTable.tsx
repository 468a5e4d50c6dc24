import type { ImportSummary } from '../../../../shared/api/import-methods';
import type { Fact } from '../../../../shared/api/imports';
import { DataTable } from '../../components/DataTable';
import { formatBytes, when } from '../sync/format';
import { factKindLabels } from './factSummary';

// The files imported into a release: what each was read as, how big, what facts came out, and who
// brought it in when. The raw file itself is kept as evidence.

const countsText = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .map(([kind, n]) => `${factKindLabels[kind as Fact['kind']] ?? kind}: ${n}`)
    .join(', ');

export function ImportsTable({ imports }: { imports: readonly ImportSummary[] }) {
  return (
    <DataTable
      rows={imports}
      rowKey={(i) => i.id}
      label="Imported files"
      className="data-table compact imports-table"
      columns={[
        {
          header: 'File, read as',
          rowHeader: true,
          cell: (i) => (
            <span>
              <span className="mono">{i.name}</span>
              <span className="muted block">{i.kindLabel}</span>
            </span>
          ),
        },
        {
          header: 'Lines',
          cell: (i) => (
            <span>
              {i.lines.toLocaleString()}
              <span className="muted block">{formatBytes(i.bytes)}</span>
            </span>
          ),
        },
        {
          header: 'Facts',
          cell: (i) => (
            <span>
              {i.factCount}
              {i.factCount > 0 && <span className="muted block">{countsText(i.factKinds)}</span>}
            </span>
          ),
        },
        {
          header: 'Warnings',
          cell: (i) =>
            i.warnings.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="import-warnings">
                {i.warnings.map((w, n) => (
                  <li key={n}>{w}</li>
                ))}
              </ul>
            ),
        },
        {
          header: 'Imported',
          cell: (i) => (
            <span>
              {i.importedBy}
              <span className="muted block">{when(i.importedAt)}</span>
            </span>
          ),
        },
      ]}
    />
  );
}
