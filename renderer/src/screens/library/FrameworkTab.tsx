import { useEffect, useState } from 'react';
import { frameworkIds, type Coverage, type FrameworkId } from '../../../../shared/api/library';
import type { Template } from '../../../../shared/api/templates';
import { api } from '../../api/client';
import { useAudits } from '../../stores/audits';
import { frameworkShortNames, useLibrary } from '../../stores/library';
import { useSession } from '../../stores/session';

/** A framework's release-relevant requirements, the template controls covering each, and the gaps. */
export function FrameworkTab() {
  const frameworks = useLibrary((s) => s.frameworks);
  const auditId = useSession((s) => s.auditId);
  const pinned = useAudits((s) => s.audits.find((a) => a.id === auditId)?.pinnedTemplate?.versionId);
  const [framework, setFramework] = useState<FrameworkId>('cobit2019');
  const [templates, setTemplates] = useState<Template[]>([]);
  const [versionId, setVersionId] = useState('');
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['templates.list']({}).then((list) => {
      setTemplates(list);
      setVersionId((current) => current || pinned || list.find((t) => t.versions.length > 0)?.versions[0]?.id || '');
    }, (e: Error) => setError(e.message));
  }, [pinned]);

  useEffect(() => {
    if (!versionId) return;
    api['library.coverage']({ framework, templateVersionId: versionId }).then(
      (c) => {
        setCoverage(c);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [framework, versionId]);

  const definition = frameworks.find((f) => f.framework === framework);
  return (
    <div>
      <div className="toolbar">
        <label htmlFor="framework">Framework</label>
        <select id="framework" value={framework} onChange={(e) => setFramework(e.target.value as FrameworkId)}>
          {frameworkIds.map((id) => (
            <option key={id} value={id}>
              {frameworkShortNames[id]}
            </option>
          ))}
        </select>
        <label htmlFor="coverage-version">Template</label>
        <select id="coverage-version" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
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
      {coverage && (
        <>
          <p className={coverage.gaps > 0 ? 'status-error' : 'status-ok'} role="status">
            {coverage.covered} of {coverage.rows.length} release-relevant requirements covered
            {coverage.gaps > 0 ? `, ${coverage.gaps} ${coverage.gaps === 1 ? 'gap' : 'gaps'}` : ', no gaps'}.
          </p>
          <table className="data-table" aria-label={`${coverage.title} coverage`}>
            <thead>
              <tr>
                <th scope="col">Requirement</th>
                <th scope="col">Covered by</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {coverage.rows.map((row) => (
                <tr key={row.id} className={row.controls.length === 0 ? 'gap' : undefined}>
                  <td>
                    <strong>{row.id}</strong> {row.title}
                    <span className="muted block">{row.summary}</span>
                  </td>
                  <td>{row.controls.length > 0 ? row.controls.map((c) => <div key={c.id}><code>{c.id}</code> {c.title}</div>) : '—'}</td>
                  <td>{row.controls.length > 0 ? <span className="badge badge-ok">Covered</span> : <span className="badge badge-breach">Gap</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
