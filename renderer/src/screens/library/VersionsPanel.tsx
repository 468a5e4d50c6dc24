import { useState } from 'react';
import type { Template, TemplateDiff } from '../../../../shared/api/templates';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { DiffList } from './DiffList';

/** Published versions: who, when, why; export any as YAML or JSON; compare any two. */
export function VersionsPanel({ template }: { template: Template }) {
  const versions = template.versions;
  const [from, setFrom] = useState(versions[1]?.id ?? '');
  const [to, setTo] = useState(versions[0]?.id ?? '');
  const [diff, setDiff] = useState<TemplateDiff | null>(null);
  const push = useNotices((s) => s.push);

  async function download(versionId: string, format: 'yaml' | 'json') {
    try {
      const file = await api['templates.export']({ versionId, format });
      const url = URL.createObjectURL(new Blob([file.text], { type: format === 'json' ? 'application/json' : 'application/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  if (versions.length === 0) {
    return (
      <section className="panel" aria-label="Published versions">
        <h2>Published versions</h2>
        <p className="muted">None yet. Write why, then publish: audits can only pin published versions.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-label="Published versions">
      <h2>Published versions</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col">Why</th>
            <th scope="col">Items</th>
            <th scope="col">Export</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>v{v.version}</td>
              <td>
                <time dateTime={v.publishedAt}>{formatLocal(v.publishedAt)}</time>
              </td>
              <td>{v.publishedBy}</td>
              <td>{v.reason}</td>
              <td>{v.items}</td>
              <td>
                <button type="button" className="small" onClick={() => void download(v.id, 'yaml')} aria-label={`Export v${v.version} as YAML`}>
                  YAML
                </button>{' '}
                <button type="button" className="small" onClick={() => void download(v.id, 'json')} aria-label={`Export v${v.version} as JSON`}>
                  JSON
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && (
        <div className="inline-add">
          <label htmlFor="diff-from">Compare</label>
          <select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version}
              </option>
            ))}
          </select>
          <label htmlFor="diff-to">with</label>
          <select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version}
              </option>
            ))}
          </select>
          <button type="button" className="small" onClick={() => api['templates.diff']({ fromVersionId: from, toVersionId: to }).then(setDiff, (e: Error) => push('error', e.message))}>
            Show changes
          </button>
        </div>
      )}
      {diff && <DiffList diff={diff} />}
    </section>
  );
}
