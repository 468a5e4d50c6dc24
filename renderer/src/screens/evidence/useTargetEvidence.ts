import { useCallback } from 'react';
import type { Evidence, LinkTarget } from '../../../../shared/api/evidence';
import { api } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';

/** The evidence linked to one record (a finding, an interview, a checklist item, a log entry), and adding to it. */
export function useTargetEvidence(targetType: LinkTarget['targetType'], targetId: string): { items: Evidence[]; add: (evidence: Evidence) => void } {
  // A list that cannot be read shows as empty, as the capture zone beside it still works.
  const { data, setData } = useQuery(() => api['evidence.forTarget']({ targetType, targetId }), [targetType, targetId]);
  const add = useCallback((evidence: Evidence) => setData((list) => [...(list ?? []), evidence]), [setData]);
  return { items: data ?? [], add };
}
