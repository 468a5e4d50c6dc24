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
      className="data-table imports-table"
      columns={[
        { header: 'File', rowHeader: true, cell: (i) => <span className="mono">{i.name}</span>, sort: (a, b) => a.name.localeCompare(b.name) },
        { header: 'Read as', cell: (i) => i.kindLabel, sort: (a, b) => a.kindLabel.localeCompare(b.kindLabel) },
        { header: 'Lines', cell: (i) => `${i.lines.toLocaleString()} (${formatBytes(i.bytes)})`, sort: (a, b) => a.lines - b.lines },
        {
          header: 'Facts',
          cell: (i) => (
            <span>
              {i.factCount}
              {i.factCount > 0 && <span className="muted block">{countsText(i.factKinds)}</span>}
            </span>
          ),
          sort: (a, b) => a.factCount - b.factCount,
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
        { header: 'Imported', cell: (i) => `${i.importedBy}, ${when(i.importedAt)}`, sort: (a, b) => a.importedAt.localeCompare(b.importedAt) },
      ]}
    />
  );
}
