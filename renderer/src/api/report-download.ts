import { streamUrl } from '../../../shared/api/routes';

// An issued report's PDF, downloaded from the browser host or app:// (shared/api/routes.ts).

export function reportDownloadUrl(reportId: string): string {
  return streamUrl('reportFile', reportId);
}
