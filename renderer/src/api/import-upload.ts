import { streamUrl } from '../../../shared/api/routes';
import { uploadFile, type UploadHandle } from './upload-file';

// Sends a file to import (a pipeline log, a change record, a git log) to the app's import inbox, with
// progress: over HTTP to the browser host, or to the same path on app:// in the desktop app. The
// answer is an upload id to preview and, once confirmed, to import.

export interface ImportUpload {
  uploadId: string;
  size: number;
  name: string;
}

export function uploadImport(file: Blob, name: string, onProgress: (fraction: number) => void): UploadHandle<ImportUpload> {
  return uploadFile<ImportUpload>(streamUrl('importUpload', new URLSearchParams({ name })), file, onProgress, 'The upload was cancelled; nothing was kept.');
}
