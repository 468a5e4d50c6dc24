import type { Evidence, LinkTarget } from '../../../shared/api/evidence';
import { isErrorBody, type ApiResult } from '../../../shared/api/errors';

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

export interface UploadHandle {
  done: Promise<Evidence>;
  cancel: () => void;
}

export function uploadEvidence(request: UploadRequest, onProgress: (fraction: number) => void): UploadHandle {
  const query = new URLSearchParams({
    auditId: request.auditId,
    name: request.name,
    mediaType: request.file.type || 'application/octet-stream',
    method: request.method,
    ...(request.sourceSystem ? { sourceSystem: request.sourceSystem } : {}),
    ...(request.refersTo ? { refersTo: request.refersTo } : {}),
    ...(request.link ? { linkType: request.link.targetType, linkId: request.link.targetId } : {}),
  });
  const xhr = new XMLHttpRequest();
  const done = new Promise<Evidence>((resolve, reject) => {
    xhr.open('POST', `./upload/evidence?${query.toString()}`);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: ApiResult<Evidence> | undefined;
      try {
        body = JSON.parse(xhr.responseText) as ApiResult<Evidence>;
      } catch {
        reject(new Error(`The upload was answered with ${xhr.status} and no readable message.`));
        return;
      }
      if (body.ok) resolve(body.value);
      else reject(new Error(isErrorBody(body.error) ? body.error.message : 'The upload failed.'));
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted: Release Audit did not answer.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled; nothing was stored.'));
    xhr.send(request.file);
  });
  return { done, cancel: () => xhr.abort() };
}

export function evidenceContentUrl(evidenceId: string): string {
  return `./evidence/${encodeURIComponent(evidenceId)}/content`;
}
