import { useMemo, useState, type ReactNode } from 'react';
import { licenceVerdicts, type JudgedComponent, type LicenceVerdict } from '../../../../shared/api/licences';
import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { VirtualList } from '../../components/VirtualList';
import { useQuery } from '../../hooks/useQuery';
import { LicencePolicyEditor } from './LicencePolicyEditor';

// The release's components as its newest SBOM lists them, each with its licence verdict under the
// audit's policy: filter by text and verdict, sort, and open the policy. The vulnerability column is
// a slot another panel fills (`vulnerabilityOf`), so licences and vulnerabilities read side by side.

const badge: Record<LicenceVerdict, string> = { allowed: 'badge badge-ok', review: 'badge badge-warn', denied: 'badge badge-breach', unknown: 'badge badge-warn', missing: 'badge badge-breach' };
const sorts = { name: 'Name', verdict: 'Verdict', licence: 'Licence', supplier: 'Supplier' } as const;
type Sort = keyof typeof sorts;
const rank: Record<LicenceVerdict, number> = { denied: 0, unknown: 1, missing: 2, review: 3, allowed: 4 };

export function VerdictBadge({ verdict }: { verdict: LicenceVerdict }) {
  return <span className={badge[verdict]} data-testid="licence-verdict">{verdict}</span>;
}

export function ComponentsPanel({ release, readOnly, vulnerabilityOf }: { release: Release; readOnly: boolean; vulnerabilityOf?: (component: JudgedComponent) => ReactNode }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useQuery(() => api['licences.components']({ releaseId: release.id }), [release.id, version]);
  const [text, setText] = useState('');
  const [verdict, setVerdict] = useState<LicenceVerdict | ''>('');
  const [sort, setSort] = useState<Sort>('verdict');
  const [editing, setEditing] = useState(false);

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const chosen = (data?.components ?? []).filter((c) => (verdict === '' || c.verdict === verdict) && (needle === '' || [c.name, c.group, c.version, c.purl, c.supplier, c.licence].some((v) => v?.toLowerCase().includes(needle))));
    const key = (c: JudgedComponent) => (sort === 'verdict' ? `${rank[c.verdict]}` : '') + ((sort === 'licence' ? c.licence : sort === 'supplier' ? c.supplier : c.name) ?? '').toLowerCase();
    return [...chosen].sort((a, b) => key(a).localeCompare(key(b)) || a.name.localeCompare(b.name));
  }, [data, text, verdict, sort]);

  if (error) return <div className="panel error-panel" role="alert">The components could not be loaded: {error}</div>;
  if (!data) return <p className="muted" role="status">Loading the components…</p>;
  const policy = editing && <LicencePolicyEditor auditId={release.auditId} readOnly={readOnly} onClose={() => setEditing(false)} onSaved={() => setVersion((v) => v + 1)} />;
  const policyButton = <button type="button" onClick={() => setEditing((e) => !e)}>{editing ? 'Close the licence policy' : 'Licence policy…'}</button>;
  if (data.components.length === 0) {
    return (
      <div className="panel" data-testid="components-panel">
        <EmptyState title="No SBOM on this release yet">
          <p>Drop a CycloneDX or SPDX SBOM on the release (or use Import) to list its components with their licences.</p>
          {policyButton}
        </EmptyState>
        {policy}
      </div>
    );
  }
  return (
    <div className="panel" data-testid="components-panel">
      <p className="muted">
        {data.components.length} components from <strong>{data.source}</strong>:{' '}
        {licenceVerdicts.filter((v) => data.counts[v] > 0).map((v) => `${data.counts[v]} ${v}`).join(', ')}. {policyButton}
      </p>
      {policy}
      <div className="filters" role="search">
        <label>Find <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name, purl, licence…" aria-label="Find a component" /></label>
        <label>
          Verdict{' '}
          <select value={verdict} onChange={(e) => setVerdict(e.target.value as LicenceVerdict | '')} aria-label="Licence verdict">
            <option value="">all</option>
            {licenceVerdicts.map((v) => <option key={v} value={v}>{v} ({data.counts[v]})</option>)}
          </select>
        </label>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort components">
            {Object.entries(sorts).map(([id, label]) => <option key={id} value={id}>{label}</option>)}
          </select>
        </label>
        <span className="muted" role="status">{rows.length} shown</span>
      </div>
      <div className="component-row component-head" aria-hidden="true">
        <span>Component</span><span>Version</span><span>purl</span><span>Supplier</span><span>Licence</span><span>Vulnerabilities</span>
      </div>
      <VirtualList
        rows={rows}
        rowKey={(c) => c.factId}
        estimateSize={44}
        label="Components"
        testId="components-list"
        renderRow={(c) => (
          <div className="component-row" data-testid="component-row">
            <span><strong>{c.group ? `${c.group}/` : ''}{c.name}</strong></span>
            <span>{c.version ?? '—'}</span>
            <span className="mono">{c.purl ?? '—'}</span>
            <span>{c.supplier ?? '—'}</span>
            <span title={c.reason}>{c.licence ?? '(none)'} <VerdictBadge verdict={c.verdict} /></span>
            <span>{vulnerabilityOf ? vulnerabilityOf(c) : <span className="muted">—</span>}</span>
          </div>
        )}
      />
    </div>
  );
}
