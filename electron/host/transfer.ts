import fsp from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Id } from '../../shared/api/common';
import { AppError, type ErrorCode } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/format';
import { UploadParams, type Evidence } from '../../shared/api/evidence';
import { CHUNK_SIZE } from '../vault/vault';
import { contentDisposition, whenOpen } from '../evidence/content-headers';
import { servableMediaType } from '../evidence/media-type';
import { exportedFile } from '../oscal/jobs';
import { reportFile } from '../reports/archive';
import type { Core } from '../services';
import { exportedBundle, receiveBundleUpload } from '../sync/transfer';
import { addEvidenceFromStream, evidenceRow, recordCustody } from '../evidence/service';
import { receiveImportUpload } from '../imports/inbox';
import type { StreamRouteName } from '../../shared/api/routes';

// Evidence bytes in and out of the app, for transports that stream (the browser host) rather than
// pass file paths (the CLI, the desktop app): uploads go straight to the vault, chunk by chunk.

/** A file ready to send: already open, with header values that are always valid. */
export interface ServedFile {
  stream: Readable;
  size: number;
  name: string;
  /** The Content-Disposition header. */
  disposition: string;
}

export interface ServedContent extends ServedFile {
  /** The Content-Type header: the stored media type, or plain bytes when it could not be sent. */
  mediaType: string;
  sha256: string;
  /** Records the view in the custody log: called once the answer is ready to go out, never for a failed one. */
  served(): void;
}

export interface EvidenceTransfer {
  upload(query: Record<string, string>, body: Readable, options: { onProgress?: (bytes: number) => void; signal?: AbortSignal }): Promise<Evidence>;
  /** The stored bytes (only the first `head` bytes when given, for previews). Destroy the stream if it is not sent. */
  content(evidenceId: string, head?: number): Promise<ServedContent>;
  /** An issued report's PDF, for download. */
  report(reportId: string): Promise<ServedFile>;
  /** A sync bundle brought in from the screen, kept until it is imported. */
  uploadBundle(body: Readable, options: { signal?: AbortSignal }): Promise<{ uploadId: string; size: number }>;
  /** A file to import, kept in the import inbox until it is imported. */
  uploadImport(query: Record<string, string>, body: Readable, options: { signal?: AbortSignal }): Promise<{ uploadId: string; size: number; name: string }>;
  /** An exported sync bundle, for download. */
  bundle(downloadId: string): Promise<ServedFile>;
  /** An exported file (OSCAL …), for download. */
  exported(downloadId: string): Promise<ServedFile>;
}

/** Hands an upload's body to the inbox or vault its route names. */
export function receiveUpload(transfer: EvidenceTransfer, name: StreamRouteName, query: Record<string, string>, body: Readable, options: { signal?: AbortSignal }): Promise<unknown> {
  if (name === 'bundleUpload') return transfer.uploadBundle(body, options);
  if (name === 'importUpload') return transfer.uploadImport(query, body, options);
  return transfer.upload(query, body, options);
}

export function createEvidenceTransfer(core: Core): EvidenceTransfer {
  return {
    async upload(query, body, options) {
      const parsed = UploadParams.safeParse(query);
      if (!parsed.success) throw new AppError('VALIDATION', `Invalid upload: ${describeIssues(parsed.error.issues, query)}.`);
      const p = parsed.data;
      if ((p.linkType === undefined) !== (p.linkId === undefined)) throw new AppError('VALIDATION', 'An upload links to a record with both linkType and linkId, or neither.');
      const { alreadyInVault: _existed, ...created } = await addEvidenceFromStream(
        core,
        body,
        {
          auditId: p.auditId,
          originalName: p.name,
          mediaType: p.mediaType,
          refersTo: p.refersTo ?? null,
          sourceSystem: p.sourceSystem,
          captureMethod: p.method === 'clipboard' ? 'clipboard' : p.method === 'drop' ? 'drop' : 'file',
          note: p.note,
          links: p.linkType && p.linkId ? [{ targetType: p.linkType, targetId: p.linkId }] : [],
          custodyDetail: p.method === 'clipboard' ? 'Pasted from the clipboard.' : `Uploaded ${p.method === 'drop' ? 'by drag and drop' : 'from a file picker'} as "${p.name}".`,
        },
        options,
      );
      return created;
    },
    report: (id) => openedDownload(() => reportFile(core, id), 'INTEGRITY', 'The vault no longer holds this report\'s PDF: run `release-audit verify`.'),
    uploadBundle: (body, options) => receiveBundleUpload(core, body, options),
    uploadImport: (query, body, options) => receiveImportUpload(core, query, body, options),
    bundle: (id) => openedDownload(() => exportedBundle(core, id), 'NOT_FOUND', 'That bundle is no longer here (exports are kept for a day): export it again.'),
    exported: (id) => openedDownload(() => exportedFile(core, id), 'NOT_FOUND', 'That export is no longer here (exports are kept for a day): export it again.'),
    async content(evidenceId, head) {
      if (!Id.safeParse(evidenceId).success) throw new AppError('NOT_FOUND', 'There is no evidence at that address.');
      const row = evidenceRow(core, evidenceId);
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(core.vault.objectPath(row.sha256), 'r');
      } catch {
        throw new AppError('INTEGRITY', `The vault no longer holds the file of "${row.originalName}": run \`release-audit verify\`.`);
      }
      const size = head !== undefined ? Math.min(head, row.size) : row.size;
      const stream = size > 0 ? handle.createReadStream({ start: 0, end: size - 1, highWaterMark: CHUNK_SIZE }) : Readable.from([]);
      if (size === 0) await handle.close();
      let viewed = false;
      return {
        stream,
        size,
        name: row.originalName,
        sha256: row.sha256,
        mediaType: servableMediaType(row.mediaType),
        disposition: contentDisposition('inline', row.originalName),
        served() {
          if (viewed) return;
          viewed = true;
          recordCustody(core, evidenceId, 'viewed', 'Opened for preview.');
        },
      };
    },
  };
}

/** A download whose file is open before anything is answered, so a missing file is a clear error, not a broken 200. */
async function openedDownload(find: () => { stream: Readable; size: number; name: string }, code: ErrorCode, missing: string): Promise<ServedFile> {
  const file = find();
  try {
    await whenOpen(file.stream);
  } catch {
    file.stream.destroy();
    throw new AppError(code, missing);
  }
  return { ...file, disposition: contentDisposition('attachment', file.name) };
}
