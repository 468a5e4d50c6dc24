import { useState } from 'react';
import type { ImportedCoverage as Coverage } from '../../../../shared/api/oscal';
import { api } from '../../api/client';
import { CoverageTable } from './CoverageTable';
import { useNotices } from '../../components/Notice';
import { useQuery } from '../../hooks/useQuery';
import { useLibrary } from '../../stores/library';

// The coverage of a framework imported from an OSCAL catalog: its controls (enhancements indented),
// the template's library controls mapped to each, the gaps, and mapping a control where one is missing.

export function ImportedCoverage({ frameworkId, templateVersionId }: { frameworkId: string; templateVersionId: string }) {
  const controls = useLibrary((s) => s.controls?.controls ?? []);
  const push = useNotices((s) => s.push);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const query = useQuery(() => api['frameworks.coverage']({ frameworkId, templateVersionId }), [frameworkId, templateVersionId]);
  const coverage: Coverage | null | undefined = query.data;

  async function change(method: 'frameworks.map' | 'frameworks.unmap', requirementId: string, controlId: string) {
    try {
      await api[method]({ frameworkId, requirementId, controlId });
      await query.reload();
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  if (query.error) return <p className="field-error" role="alert">{query.error}</p>;
  if (!coverage) return <p className="muted" role="status">Loading…</p>;
  return (
    <CoverageTable
      title={coverage.title}
      rows={coverage.rows}
      covered={coverage.covered}
      gaps={coverage.gaps}
      counted={`controls of ${coverage.title}`}
      requirement={(row) => (
        <div style={{ paddingLeft: `${Math.min(row.depth, 6)}rem` }}>
          <strong>{row.id}</strong> {row.title}
          {row.summary && <span className="muted block">{row.summary}</span>}
        </div>
      )}
      coveredBy={(row) => (
        <>
          {row.controls.map((c) => (
            <div key={c.id}>
              <code>{c.id}</code> {c.title}{' '}
              <button type="button" className="link-button" aria-label={`Unmap ${c.id} from ${row.id}`} onClick={() => void change('frameworks.unmap', row.id, c.id)}>
                Unmap
              </button>
            </div>
          ))}
          <div className="toolbar">
            <select aria-label={`Control to map to ${row.id}`} value={choice[row.id] ?? ''} onChange={(e) => setChoice((c) => ({ ...c, [row.id]: e.target.value }))}>
              <option value="">Map a control…</option>
              {controls.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} {c.title}
                </option>
              ))}
            </select>
            <button type="button" disabled={!choice[row.id]} onClick={() => void change('frameworks.map', row.id, choice[row.id] as string)}>
              Map
            </button>
          </div>
        </>
      )}
    />
  );
}
