import { useState } from 'react';
import { conclusionRatingLabels, conclusionRatings, type ConclusionRating, type PlanFields } from '../../../../shared/api/plans';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { useQuery } from '../../hooks/useQuery';

type Conclusion = Pick<PlanFields, 'conclusionRating' | 'conclusionText'>;

/**
 * The auditor's overall conclusion: a rating and a paragraph, autosaved into the plan, printed in every
 * report and required before finalising. Read-only once the audit is finalised (it freezes with it).
 */
export function ConclusionEditor({ auditId, finalised, onSaved }: { auditId: string; finalised: boolean; onSaved?: () => void }) {
  const loaded = useQuery(async () => {
    const plan = await api['plans.get']({ auditId });
    return { conclusionRating: plan.conclusionRating, conclusionText: plan.conclusionText } as Conclusion;
  }, [auditId]);
  // What the auditor has typed since the load (shown at once, saved by the autosave).
  const [typed, setTyped] = useState<Partial<Conclusion>>({});
  const value: Conclusion | null = loaded.data ? { ...loaded.data, ...typed } : null;
  const error = loaded.error;
  const { state, queue } = useAutosave<Conclusion>(async (patch) => {
    await api['plans.save']({ auditId, ...patch });
    onSaved?.();
  }, 500, { conclusionRating: 'Overall rating', conclusionText: 'Conclusion' });
  const edit = (patch: Partial<Conclusion>) => {
    setTyped((current) => ({ ...current, ...patch }));
    queue(patch);
  };
  if (error) return <p className="form-error" role="alert">The conclusion could not be loaded: {error}</p>;
  if (!value) return <p className="muted" role="status">Loading the conclusion…</p>;
  if (finalised) {
    return (
      <section aria-label="Overall conclusion">
        <h3>Overall conclusion: {value.conclusionRating ? conclusionRatingLabels[value.conclusionRating] : 'none'}</h3>
        <p>{value.conclusionText || 'No conclusion was written.'}</p>
      </section>
    );
  }
  return (
    <section className="form" aria-label="Overall conclusion">
      <h3>Overall conclusion</h3>
      <p className="muted">Printed in every report; required before finalising.</p>
      <Field label="Overall rating" id="conclusion-rating">
        <select value={value.conclusionRating ?? ''} onChange={(e) => edit({ conclusionRating: (e.target.value || null) as ConclusionRating | null })}>
          <option value="">Not rated yet</option>
          {conclusionRatings.map((r) => (
            <option key={r} value={r}>
              {conclusionRatingLabels[r]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Conclusion" id="conclusion-text" className="wide">
        <textarea rows={4} value={value.conclusionText} onChange={(e) => edit({ conclusionText: e.target.value })} placeholder="What the audit found overall, and why it earns this rating." />
      </Field>
      <SaveIndicator state={state} />
    </section>
  );
}
