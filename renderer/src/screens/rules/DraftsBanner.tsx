import { useState } from 'react';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';
import { DraftsPanel } from './DraftsPanel';
import './rules.css';

// On the Findings screen: how many findings the rules drafted and are waiting for a decision, and
// the list itself on demand, where each is confirmed into a finding or dismissed with a reason.

export function DraftsBanner({ auditId, readOnly, onOpen }: { auditId: string; readOnly: boolean; onOpen: (findingId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [decided, setDecided] = useState(0);
  const waiting = useQuery(() => api['rules.drafts']({ auditId, state: 'draft' }), [auditId, decided]);
  const count = waiting.data?.length ?? 0;
  if (!open && count === 0) return null;
  return (
    <div className="drafts-banner" role="region" aria-label="Drafted by rules">
      <p>
        <strong>{plural(count, 'finding')} drafted by rules</strong>, waiting to be confirmed or dismissed.{' '}
        <button type="button" className="small" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? 'Hide drafts' : 'Review drafts'}
        </button>
      </p>
      {open && <DraftsPanel auditId={auditId} readOnly={readOnly} onOpen={onOpen} onDecided={() => setDecided((n) => n + 1)} />}
    </div>
  );
}
