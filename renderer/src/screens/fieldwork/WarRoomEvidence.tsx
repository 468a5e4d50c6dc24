import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';
import { useTargetEvidence } from '../evidence/useTargetEvidence';

/** Evidence for the log entry selected (a screenshot of the dashboard at the halt decision, say). */
export function EntryEvidence({ auditId, entryId }: { auditId: string; entryId: string }) {
  const { items, add } = useTargetEvidence('warroom-entry', entryId);
  const target = { targetType: 'warroom-entry' as const, targetId: entryId };
  return (
    <div className="item-evidence" aria-label="Evidence for the selected entry" role="region">
      <h3>Evidence for the selected entry</h3>
      <EvidenceCapture auditId={auditId} link={target} onAdded={add} label="Evidence for the selected entry" />
      <LinkExisting auditId={auditId} target={target} linked={items} onLinked={add} />
      <EvidenceList items={items} empty="No evidence for this entry yet." />
    </div>
  );
}
