import type { Evidence, LinkTarget } from '../../../shared/api/evidence';
import { streamUrl } from '../../../shared/api/routes';
import { uploadFile, type UploadHandle } from './upload-file';

// Sends a file's bytes to the vault as a stream, with progress: over HTTP to the browser host, or to
// the same path on app:// in the desktop app. Large files never pass through the API's JSON.

export interface UploadRequest {
  auditId: string;
  file: Blob;
  name: string;
  method: 'file' | 'drop' | 'clipboard';
  link?: LinkTarget;
  sourceSystem?: string;
  refersTo?: string;
}

export type { UploadHandle } from './upload-file';

export function uploadEvidence(request: UploadRequest, onProgress: (fraction: number) => void): UploadHandle<Evidence> {
  const query = new URLSearchParams({
    auditId: request.auditId,
    name: request.name,
    mediaType: request.file.type || 'application/octet-stream',
    method: request.method,
    ...(request.sourceSystem ? { sourceSystem: request.sourceSystem } : {}),
    ...(request.refersTo ? { refersTo: request.refersTo } : {}),
    ...(request.link ? { linkType: request.link.targetType, linkId: request.link.targetId } : {}),
  });
  return uploadFile<Evidence>(streamUrl('evidenceUpload', query), request.file, onProgress, 'The upload was cancelled; nothing was stored.');
}

export function evidenceContentUrl(evidenceId: string): string {
  return streamUrl('evidenceContent', evidenceId);
}
