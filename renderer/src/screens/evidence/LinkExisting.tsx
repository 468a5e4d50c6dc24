import { useState } from 'react';
import type { Evidence, LinkTarget } from '../../../../shared/api/evidence';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';

/** How many pieces the chooser offers at once; past that, a search narrows them (by name, hash, system, person). */
const OFFERED = 200;

/** Links evidence already in the vault to one more record: one file can support many checks. */
export function LinkExisting({ auditId, target, linked, onLinked }: { auditId: string; target: LinkTarget; linked: Evidence[]; onLinked: (evidence: Evidence) => void }) {
  const [search, setSearch] = useState('');
  const filter = search.trim().toLowerCase();
  const { data: page } = useQuery(() => api['evidence.list']({ auditId, filter, limit: OFFERED }), [auditId, filter]);
  const [choice, setChoice] = useState('');
  const push = useNotices((s) => s.push);
  // A finalised audit's evidence is linked no more (the capture zone beside this says why).
  const finalised = useAudits((s) => s.audits.find((a) => a.id === auditId)?.status === 'finalised');
  const available = (page?.rows ?? []).filter((e) => !linked.some((l) => l.id === e.id));
  const searchable = (page?.all ?? 0) > OFFERED;
  if ((available.length === 0 && !searchable) || finalised) return null;
  return (
    <span className="inline-add">
      {searchable && (
        <Field inline label="Find evidence">
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name, hash, system, person" />
        </Field>
      )}
      <Field inline label="Link existing evidence">
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{page && page.total > page.rows.length ? `Choose… (newest ${page.rows.length} of ${page.total})` : 'Choose…'}</option>
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
          api['evidence.link']({ evidenceId: choice, ...target })
            .then(() => api['evidence.get']({ id: choice }))
            .then(
              (evidence) => {
                onLinked(evidence);
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
