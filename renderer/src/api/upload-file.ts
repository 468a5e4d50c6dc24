import { isErrorBody, type ApiResult } from '../../../shared/api/errors';

// Sends a file's bytes as a stream, with progress: over HTTP to the browser host, or to the same
// path on app:// in the desktop app. Large files never pass through the API's JSON.

export interface UploadHandle<T> {
  done: Promise<T>;
  cancel: () => void;
}

export function uploadFile<T>(url: string, file: Blob, onProgress: (fraction: number) => void, cancelled: string): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.withCredentials = true;
    // Says the upload comes from the app's own page (see electron/host/auth.ts).
    xhr.setRequestHeader('X-Release-Audit', '1');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: ApiResult<T> | undefined;
      try {
        body = JSON.parse(xhr.responseText) as ApiResult<T>;
      } catch {
        reject(new Error(`The upload was answered with ${xhr.status} and no readable message.`));
        return;
      }
      if (body.ok) resolve(body.value);
      else reject(new Error(isErrorBody(body.error) ? body.error.message : 'The upload failed.'));
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted: Release Audit did not answer.'));
    xhr.onabort = () => reject(new Error(cancelled));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}
