import { useState } from 'react';
import type { Evidence, LinkTarget } from '../../../../shared/api/evidence';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';

/** Links evidence already in the vault to one more record: one file can support many checks. */
export function LinkExisting({ auditId, target, linked, onLinked }: { auditId: string; target: LinkTarget; linked: Evidence[]; onLinked: (evidence: Evidence) => void }) {
  const { data: all = [] } = useQuery(() => api['evidence.list']({ auditId }), [auditId]);
  const [choice, setChoice] = useState('');
  const push = useNotices((s) => s.push);
  // A finalised audit's evidence is linked no more (the capture zone beside this says why).
  const finalised = useAudits((s) => s.audits.find((a) => a.id === auditId)?.status === 'finalised');
  const available = all.filter((e) => !linked.some((l) => l.id === e.id));
  if (available.length === 0 || finalised) return null;
  return (
    <span className="inline-add">
      <Field inline label="Link existing evidence">
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">Choose…</option>
          {available.map((e) => (
            <option key={e.id} value={e.id}>
              {e.originalName} ({e.sha256.slice(0, 10)}…)
            </option>
          ))}
        </select>
      </Field>
      <button
        type="button"
        className="small"
        disabled={!choice}
        onClick={() => {
          const evidence = all.find((e) => e.id === choice);
          api['evidence.link']({ evidenceId: choice, ...target }).then(
            () => {
              if (evidence) onLinked(evidence);
              setChoice('');
            },
            (e: Error) => push('error', e.message),
          );
        }}
      >
        Link
      </button>
    </span>
  );
}
