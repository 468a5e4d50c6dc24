import type { SearchHit } from '../../../../shared/api/search';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { OPEN_EVIDENCE_KEY } from '../evidence/EvidenceScreen';

// Opening a search hit: its audit becomes the current one and its screen opens on the record (the
// screens keep their chosen item under these session keys, see hooks/useRememberedSelection).

const remember = (key: string, id: string) => window.sessionStorage.setItem(`release-audit.${key}`, id);

/** Opens the record a hit names; a log line has no screen of its own yet (the dialog shows it). */
export function openHit(hit: SearchHit): boolean {
  const session = useSession.getState();
  const { open } = useUi.getState();
  if (session.auditId !== hit.auditId) session.chooseAudit(hit.auditId);
  switch (hit.type) {
    case 'finding':
      remember('finding', hit.id);
      open('findings');
      return true;
    case 'interview':
    case 'note':
      remember('interview', hit.type === 'note' ? (hit.parentId ?? '') : hit.id);
      session.setPane('interviews');
      open('fieldwork');
      return true;
    case 'warroom':
      if (hit.parentId) session.chooseRelease(hit.parentId);
      session.requestWarRoom();
      open('fieldwork');
      return true;
    case 'evidence':
      window.sessionStorage.setItem(OPEN_EVIDENCE_KEY, hit.id);
      open('evidence');
      return true;
    case 'log-line':
      return false;
  }
}
