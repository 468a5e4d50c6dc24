import type { FindingStatus } from '../../../../shared/api/findings';

export const statusLabels: Record<FindingStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  'in-remediation': 'In remediation',
  'ready-for-verification': 'Ready for verification',
  closed: 'Closed',
  'risk-accepted': 'Risk accepted',
};
