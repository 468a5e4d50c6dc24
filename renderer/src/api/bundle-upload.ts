import { isErrorBody, type ApiResult } from '../../../shared/api/errors';

// Sends a bundle file's bytes to the app's sync inbox, with progress: over HTTP to the browser host,
// or to the same path on app:// in the desktop app. The answer is an upload id to inspect and import.

export interface BundleUpload {
  uploadId: string;
  size: number;
}

export interface BundleUploadHandle {
  done: Promise<BundleUpload>;
  cancel: () => void;
}

export function uploadBundle(file: Blob, onProgress: (fraction: number) => void): BundleUploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<BundleUpload>((resolve, reject) => {
    xhr.open('POST', './upload/bundle');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: ApiResult<BundleUpload> | undefined;
      try {
        body = JSON.parse(xhr.responseText) as ApiResult<BundleUpload>;
      } catch {
        reject(new Error(`The upload was answered with ${xhr.status} and no readable message.`));
        return;
      }
      if (body.ok) resolve(body.value);
      else reject(new Error(isErrorBody(body.error) ? body.error.message : 'The upload failed.'));
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted: Release Audit did not answer.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled; nothing was kept.'));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}

export function bundleDownloadUrl(downloadId: string): string {
  return `./bundles/${encodeURIComponent(downloadId)}/file`;
}
