import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/format';
import { text } from '../../shared/api/common';
import { receiveInto, receivedFile, type Inbox, type Received } from '../common/inbox';
import type { Core } from '../services';

// Files to import, brought in from the screen (POST /upload/import?name=…), kept in imports/inbox
// until they are imported or a day has passed. Nothing is recorded until the import itself.

export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;

const ImportUploadParams = z.strictObject({ name: text('File name', 500).pipe(z.string().min(1, 'File name is required')) });

function inbox(core: Core): Inbox {
  return {
    dir: path.join(core.layout.root, 'imports', 'inbox'),
    extension: 'upload',
    maxBytes: MAX_IMPORT_BYTES,
    tooLarge: `The file is larger than ${MAX_IMPORT_BYTES / 1024 ** 3} GiB, the most one import takes: split the log or export a smaller range.`,
    gone: 'That uploaded file is no longer here (uploads are kept for a day): choose the file again.',
  };
}

export function receiveImportUpload(core: Core, query: Record<string, string>, body: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal } = {}): Promise<Received> {
  const parsed = ImportUploadParams.safeParse(query);
  if (!parsed.success) throw new AppError('VALIDATION', `Invalid upload: ${describeIssues(parsed.error.issues, query)}.`);
  return receiveInto(inbox(core), body, parsed.data.name, options);
}

export function uploadedImport(core: Core, uploadId: string): { file: string; name: string } {
  return receivedFile(inbox(core), uploadId);
}
