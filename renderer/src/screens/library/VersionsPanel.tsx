import { useState } from 'react';
import type { Template, TemplateDiff } from '../../../../shared/api/templates';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { downloadText } from '../../api/text-download';
import { DataTable, type Column } from '../../components/DataTable';
import { Field } from '../../components/Field';
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
      downloadText(file.text, file.fileName, format === 'json' ? 'application/json' : 'application/yaml');
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
      <DataTable
        className="data-table compact"
        rows={versions}
        rowKey={(v) => v.id}
        columns={[
          ...publishedColumns<Template['versions'][number]>(),
          { header: 'Items', cell: (v) => v.items },
          {
            header: 'Export',
            cell: (v) => (
              <>
                <button type="button" className="small" onClick={() => void download(v.id, 'yaml')} aria-label={`Export v${v.version} as YAML`}>
                  YAML
                </button>{' '}
                <button type="button" className="small" onClick={() => void download(v.id, 'json')} aria-label={`Export v${v.version} as JSON`}>
                  JSON
                </button>
              </>
            ),
          },
        ]}
      />
      {versions.length > 1 && (
        <CompareBar versions={versions} from={from} to={to} setFrom={setFrom} setTo={setTo} onCompare={() => api['templates.diff']({ fromVersionId: from, toVersionId: to }).then(setDiff, (e: Error) => push('error', e.message))} />
      )}
      {diff && <DiffList diff={diff} />}
    </section>
  );
}

/** A choice of published versions (of a template or a rule pack), by number. */
export function VersionSelect({ versions, value, onChange, id }: { versions: ReadonlyArray<{ id: string; version: number }>; value: string; onChange: (id: string) => void; id?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {versions.map((v) => (
        <option key={v.id} value={v.id}>
          v{v.version}
        </option>
      ))}
    </select>
  );
}

type Published = { id: string; version: number; publishedAt: string; publishedBy: string; reason: string };

/** The columns every published version has: its number, when, by whom and why. */
export function publishedColumns<V extends Published>(): Array<Column<V>> {
  return [
    { header: 'Version', cell: (v) => `v${v.version}` },
    { header: 'Published', cell: (v) => <time dateTime={v.publishedAt}>{formatLocal(v.publishedAt)}</time> },
    { header: 'By', cell: (v) => v.publishedBy },
    { header: 'Why', cell: (v) => v.reason },
  ];
}

/** Two versions to compare, and the button that shows their changes. */
export function CompareBar({ versions, from, to, setFrom, setTo, onCompare }: { versions: ReadonlyArray<{ id: string; version: number }>; from: string; to: string; setFrom: (id: string) => void; setTo: (id: string) => void; onCompare: () => void }) {
  return (
    <div className="inline-add">
      <Field inline label="Compare">
        <VersionSelect versions={versions} value={from} onChange={setFrom} />
      </Field>
      <Field inline label="with">
        <VersionSelect versions={versions} value={to} onChange={setTo} />
      </Field>
      <button type="button" className="small" onClick={onCompare}>
        Show changes
      </button>
    </div>
  );
}
