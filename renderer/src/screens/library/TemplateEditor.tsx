import { useCallback, useEffect, useState } from 'react';
import type { TemplateContent } from '../../../../shared/api/templates';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { DeviationsEditor } from './DeviationsEditor';
import { ItemsEditor } from './ItemsEditor';
import { VersionsPanel } from './VersionsPanel';
import { Field } from '../../components/Field';

type DraftPatch = { name: string; description: string; draft: TemplateContent };

/** Edit a template's draft (saved as you type), publish it as a version, compare and export versions. */
export function TemplateEditor({ templateId, onChanged }: { templateId: string; onChanged: () => void }) {
  const { data: template, setData: setTemplate } = useQuery(() => api['templates.get']({ id: templateId }), [templateId], useErrorNotice());
  const [reason, setReason] = useState('');
  const [publishing, setPublishing] = useState(false);
  const push = useNotices((s) => s.push);
  // Accepted template proposals name the findings behind the draft's changes: that is the reason offered.
  useEffect(() => {
    api['proposals.draftReason']({ templateId }).then((r) => r.reason && setReason((current) => current || r.reason), () => {});
  }, [templateId]);

  // The whole draft is one ledger field: saving after a short pause keeps the history readable.
  const { state, queue, flush } = useAutosave<DraftPatch>(async (patch) => {
    const saved = await api['templates.saveDraft']({ id: templateId, ...patch });
    setTemplate((current) => (current ? { ...current, versions: saved.versions, hasUnpublishedChanges: saved.hasUnpublishedChanges, updatedAt: saved.updatedAt } : saved));
    onChanged();
  }, 1500);

  const edit = useCallback(
    (patch: Partial<DraftPatch>) => {
      setTemplate((current) => (current ? { ...current, ...patch } : current));
      queue(patch);
    },
    [queue, setTemplate],
  );

  async function publish() {
    setPublishing(true);
    try {
      if (!(await flush())) {
        push('error', 'The draft has changes that could not be saved; correct them before publishing.');
        return;
      }
      const version = await api['templates.publish']({ id: templateId, reason });
      setTemplate(await api['templates.get']({ id: templateId }));
      setReason('');
      onChanged();
      push('success', `Published "${version.templateName}" v${version.version}.`);
    } catch (error) {
      push('error', (error as Error).message);
    } finally {
      setPublishing(false);
    }
  }

  if (!template) return <p className="muted" role="status">Loading the template…</p>;
  const setDraft = (draft: TemplateContent) => edit({ draft });
  return (
    <div className="template-editor">
      <div className="panel form">
        <div className="editor-head">
          <Field label="Template name" className="grow">
            <input value={template.name} onChange={(e) => edit({ name: e.target.value })} />
          </Field>
          <SaveIndicator state={state} />
        </div>
        <Field label="Description" className="wide">
          <textarea rows={2} value={template.description} onChange={(e) => edit({ description: e.target.value })} />
        </Field>
        <div className="publish-bar">
          <span className={template.hasUnpublishedChanges || state.kind === 'error' ? 'status-error' : 'muted'}>
            {state.kind === 'error' || state.kind === 'pending' || state.kind === 'saving'
              ? 'The draft has changes not saved yet.'
              : template.hasUnpublishedChanges
              ? template.versions.length > 0
                ? `The draft differs from v${template.versions[0]?.version}.`
                : 'Not published yet.'
              : `The draft matches v${template.versions[0]?.version}.`}
          </span>
          <Field inline label="Why publish this version" labelClassName="sr-only">
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why this version (required to publish)" />
          </Field>
          <button
            type="button"
            className="primary"
            disabled={publishing || reason.trim() === '' || (!template.hasUnpublishedChanges && state.kind !== 'pending' && state.kind !== 'saving')}
            onClick={() => void publish()}
          >
            {publishing ? 'Publishing…' : `Publish v${(template.versions[0]?.version ?? 0) + 1}`}
          </button>
        </div>
      </div>
      <VersionsPanel key={template.versions.length} template={template} />
      <ItemsEditor content={template.draft} onChange={setDraft} />
      <DeviationsEditor content={template.draft} onChange={setDraft} />
    </div>
  );
}
