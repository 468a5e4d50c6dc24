import { useState } from 'react';
import { frameworkIds, type Coverage, type FrameworkId } from '../../../../shared/api/library';
import type { Template } from '../../../../shared/api/templates';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { frameworkShortNames, useLibrary } from '../../stores/library';
import { useSession } from '../../stores/session';
import { CoverageTable } from './CoverageTable';
import { ImportedCoverage } from './ImportedCoverage';
import { FrameworkUpload } from './FrameworkUpload';

/** A framework's release-relevant requirements, the template controls covering each, and the gaps. */
export function FrameworkTab() {
  const frameworks = useLibrary((s) => s.frameworks);
  const auditId = useSession((s) => s.auditId);
  const pinned = useAudits((s) => s.audits.find((a) => a.id === auditId)?.pinnedTemplate?.versionId);
  const [framework, setFramework] = useState<FrameworkId | `imported:${string}`>('cobit2019');
  const importedQuery = useQuery(() => api['frameworks.list']({}), []);
  const importedId = framework.startsWith('imported:') ? framework.slice('imported:'.length) : null;
  const [versionId, setVersionId] = useState('');
  const templatesQuery = useQuery(async () => {
    const list = await api['templates.list']({});
    setVersionId((current) => current || pinned || list.find((t) => t.versions.length > 0)?.versions[0]?.id || '');
    return list;
  }, [pinned]);
  const coverageQuery = useQuery(async () => (versionId && !importedId ? api['library.coverage']({ framework: framework as FrameworkId, templateVersionId: versionId }) : null), [framework, versionId]);
  const templates: Template[] = templatesQuery.data ?? [];
  const coverage: Coverage | null | undefined = coverageQuery.data;
  const error = coverageQuery.error ?? templatesQuery.error;

  const definition = frameworks.find((f) => f.framework === framework);
  return (
    <div>
      <div className="toolbar">
        <Field inline label="Framework">
          <select value={framework} onChange={(e) => setFramework(e.target.value as FrameworkId)}>
            {frameworkIds.map((id) => (
              <option key={id} value={id}>
                {frameworkShortNames[id]}
              </option>
            ))}
            {(importedQuery.data ?? []).map((f) => (
              <option key={f.id} value={`imported:${f.id}`}>
                {f.title} {f.version} (imported)
              </option>
            ))}
          </select>
        </Field>
        <Field inline label="Template">
          <select value={versionId} onChange={(e) => setVersionId(e.target.value)}>
            {templates.map((t) => (
              <optgroup key={t.id} label={t.name}>
                {t.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t.name} v{v.version}
                    {v.id === pinned ? ' (pinned to the current audit)' : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
      </div>
      {definition && (
        <p className="muted">
          {definition.edition}. {definition.note}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <FrameworkUpload onImported={(f) => void importedQuery.reload().then(() => setFramework(`imported:${f.id}`))} />
      {importedId && versionId && <ImportedCoverage frameworkId={importedId} templateVersionId={versionId} />}
      {coverage && !importedId && (
        <CoverageTable
          title={coverage.title}
          rows={coverage.rows}
          covered={coverage.covered}
          gaps={coverage.gaps}
          counted="release-relevant requirements"
          requirement={(row) => (
            <>
              <strong>{row.id}</strong> {row.title}
              <span className="muted block">{row.summary}</span>
            </>
          )}
          coveredBy={(row) => (row.controls.length > 0 ? row.controls.map((c) => <div key={c.id}><code>{c.id}</code> {c.title}</div>) : '—')}
        />
      )}
    </div>
  );
}
