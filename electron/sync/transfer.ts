import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/api/errors';
import type { Core } from '../services';
import { bundleLimits } from './bundle-file';
import { receiveInto, receivedFile, sweepFolder, type Inbox } from '../common/inbox';

// Bundle files in and out of the app for screens that cannot hand over a path (the browser, the
// desktop renderer): an upload lands in sync/inbox/<id>.rabundle, an export in sync/outbox/<id>/.
// Ids are UUIDs made here; no name from the other side ever becomes a path. Files older than a day
// are swept away.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const folder = (core: Core, which: 'inbox' | 'outbox'): string => {
  const dir = path.join(core.layout.root, 'sync', which);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};

/** Uploaded bundles wait in sync/inbox/<id>.rabundle (the common inbox: written whole or not at all). */
const bundleInbox = (core: Core): Inbox => ({
  dir: path.join(core.layout.root, 'sync', 'inbox'),
  extension: 'rabundle',
  maxBytes: bundleLimits.maxBundleBytes,
  tooLarge: `The bundle is larger than the limit of ${bundleLimits.maxBundleBytes} bytes.`,
  gone: 'That uploaded bundle is no longer here (uploads are kept for a day): choose the file again.',
});

export async function receiveBundleUpload(core: Core, body: Readable | AsyncIterable<Uint8Array>, options: { signal?: AbortSignal } = {}): Promise<{ uploadId: string; size: number }> {
  const { uploadId, size } = await receiveInto(bundleInbox(core), body as AsyncIterable<Uint8Array>, 'bundle', options);
  return { uploadId, size };
}

export function uploadedBundle(core: Core, uploadId: string): string {
  return receivedFile(bundleInbox(core), uploadId).file;
}

/** A new, empty folder for one export, and its download id. */
export function exportSlot(core: Core): { downloadId: string; dir: string } {
  const outbox = folder(core, 'outbox');
  sweepFolder(outbox);
  const downloadId = randomUUID();
  const dir = path.join(outbox, downloadId);
  fs.mkdirSync(dir, { mode: 0o700 });
  return { downloadId, dir };
}

export function exportedBundle(core: Core, downloadId: string): { stream: Readable; size: number; name: string } {
  const dir = UUID.test(downloadId) ? path.join(folder(core, 'outbox'), downloadId) : '';
  const name = dir && fs.existsSync(dir) ? fs.readdirSync(dir).find((n) => n.endsWith('.rabundle')) : undefined;
  if (!name) throw new AppError('NOT_FOUND', 'That bundle is no longer here (exports are kept for a day): export it again.');
  const file = path.join(dir, name);
  return { stream: fs.createReadStream(file), size: fs.statSync(file).size, name };
}

/** A file name a person recognises: the audit, the auditor and the day. */
export function bundleFileName(auditName: string, actor: string, forPeer: string | null): string {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'audit';
  const day = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${slug(auditName)}-from-${slug(actor)}${forPeer ? `-for-${slug(forPeer)}` : ''}-${day}.rabundle`;
}
