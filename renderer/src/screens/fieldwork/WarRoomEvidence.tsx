import { useEffect, useState } from 'react';
import type { Evidence } from '../../../../shared/api/evidence';
import { api } from '../../api/client';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';

/** Evidence for the log entry selected (a screenshot of the dashboard at the halt decision, say). */
export function EntryEvidence({ auditId, entryId }: { auditId: string; entryId: string }) {
  const [items, setItems] = useState<Evidence[]>([]);
  useEffect(() => {
    api['evidence.forTarget']({ targetType: 'warroom-entry', targetId: entryId }).then(setItems, () => setItems([]));
  }, [entryId]);
  const target = { targetType: 'warroom-entry' as const, targetId: entryId };
  return (
    <div className="item-evidence" aria-label="Evidence for the selected entry" role="region">
      <h3>Evidence for the selected entry</h3>
      <EvidenceCapture auditId={auditId} link={target} onAdded={(e) => setItems((l) => [...l, e])} label="Evidence for the selected entry" />
      <LinkExisting auditId={auditId} target={target} linked={items} onLinked={(e) => setItems((l) => [...l, e])} />
      <EvidenceList items={items} empty="No evidence for this entry yet." />
    </div>
  );
}
