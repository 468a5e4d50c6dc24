import { useState } from 'react';
import type { Audit } from '../../../../shared/api/audits';
import type { TemplateDiff } from '../../../../shared/api/templates';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { DiffList } from '../library/DiffList';
import { Field } from '../../components/Field';

/** Which published checklist version the audit uses; it stays pinned when the template moves on. */
export function TemplatePinSection({ audit, onPinned }: { audit: Audit; onPinned: (audit: Audit) => void }) {
  const { data: templates = [] } = useQuery(() => api['templates.list']({}), [], useErrorNotice());
  const [choice, setChoice] = useState('');
  const [diff, setDiff] = useState<TemplateDiff | null>(null);
  const push = useNotices((s) => s.push);

  const pinned = audit.pinnedTemplate;
  const pinnedTemplate = templates.find((t) => t.id === pinned?.templateId);
  const latest = pinnedTemplate?.versions[0];
  const newer = pinned && latest && latest.version > pinned.version ? latest : null;

  async function pin() {
    if (!choice) return;
    try {
      const updated = await api['audits.pinTemplate']({ auditId: audit.id, templateVersionId: choice });
      onPinned(updated);
      setDiff(null);
      push('success', `Pinned ${updated.pinnedTemplate?.name} v${updated.pinnedTemplate?.version}.`);
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  return (
    <section className="panel form" aria-label="Checklist template">
      <h2>Checklist template</h2>
      {pinned ? (
        <p data-testid="pinned-template">
          Pinned: <strong>{pinned.name}</strong> <span className="badge">v{pinned.version}</span>
        </p>
      ) : (
        <p className="muted">No checklist pinned yet. Pick a published version: the audit keeps it even when the template changes later.</p>
      )}
      {newer && pinned && (
        <div className="callout">
          <span>
            v{newer.version} of {pinned.name} has been published since ({newer.reason.replace(/\.$/, '')}).
          </span>
          <button
            type="button"
            className="small"
            onClick={() => api['templates.diff']({ fromVersionId: pinned.versionId, toVersionId: newer.id }).then(setDiff, (e: Error) => push('error', e.message))}
          >
            Show what changed
          </button>
        </div>
      )}
      {diff && <DiffList diff={diff} />}
      <div className="inline-add">
        <Field inline label="Template version" id="pin-version">
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a published version…</option>
            {templates.map((t) => (
              <optgroup key={t.id} label={t.name}>
                {t.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t.name} v{v.version} — {v.items} items{v.id === pinned?.versionId ? ' (pinned)' : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <button type="button" className="primary" disabled={!choice || choice === pinned?.versionId} onClick={() => void pin()}>
          Pin to audit
        </button>
      </div>
    </section>
  );
}
