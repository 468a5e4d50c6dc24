import { streamUrl } from '../../../shared/api/routes';

// An exported file (OSCAL …), downloaded from the browser host or app:// by the id its export job gave.

export function exportDownloadUrl(downloadId: string): string {
  return streamUrl('exportFile', downloadId);
}
