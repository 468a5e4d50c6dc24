import type { Readable } from 'node:stream';
import { AppError } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/format';
import { UploadParams, type Evidence } from '../../shared/api/evidence';
import { reportFile } from '../reports/archive';
import type { Core } from '../services';
import { exportedBundle, receiveBundleUpload } from '../sync/transfer';
import { addEvidenceFromStream, evidenceRow, recordCustody } from './service';

// Evidence bytes in and out of the app, for transports that stream (the browser host) rather than
// pass file paths (the CLI, the desktop app): uploads go straight to the vault, chunk by chunk.

export interface EvidenceTransfer {
  upload(query: Record<string, string>, body: Readable, options: { onProgress?: (bytes: number) => void; signal?: AbortSignal }): Promise<Evidence>;
  /** The stored bytes (only the first `head` bytes when given, for previews). */
  content(evidenceId: string, head?: number): { stream: Readable; mediaType: string; size: number; sha256: string; name: string };
  /** An issued report's PDF, for download. */
  report(reportId: string): { stream: Readable; size: number; name: string };
  /** A sync bundle brought in from the screen, kept until it is imported. */
  uploadBundle(body: Readable, options: { signal?: AbortSignal }): Promise<{ uploadId: string; size: number }>;
  /** An exported sync bundle, for download. */
  bundle(downloadId: string): { stream: Readable; size: number; name: string };
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
    report: (id) => reportFile(core, id),
    uploadBundle: (body, options) => receiveBundleUpload(core, body, options),
    bundle: (id) => exportedBundle(core, id),
    content(evidenceId, head) {
      const row = evidenceRow(core, evidenceId);
      recordCustody(core, evidenceId, 'viewed', 'Opened for preview.');
      const size = head !== undefined ? Math.min(head, row.size) : row.size;
      return { stream: core.vault.openRead(row.sha256, size), mediaType: row.mediaType, size, sha256: row.sha256, name: row.originalName };
    },
  };
}
