import { streamUrl } from '../../../shared/api/routes';
import { uploadFile, type UploadHandle } from './upload-file';

// Sends a bundle file's bytes to the app's sync inbox, with progress: over HTTP to the browser host,
// or to the same path on app:// in the desktop app. The answer is an upload id to inspect and import.

export interface BundleUpload {
  uploadId: string;
  size: number;
}

export function uploadBundle(file: Blob, onProgress: (fraction: number) => void): UploadHandle<BundleUpload> {
  return uploadFile<BundleUpload>(streamUrl('bundleUpload'), file, onProgress, 'The upload was cancelled; nothing was kept.');
}

export function bundleDownloadUrl(downloadId: string): string {
  return streamUrl('bundleFile', downloadId);
}
