import type { ReadStream } from 'node:fs';

// Header values built from what a record holds (names typed by people, or brought in by bundles):
// always valid header text, so an answer never fails half-way with a file already open.

const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `inline` or `attachment`, with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const wellFormed = name.replace(loneSurrogates, '\ufffd');
  const ascii = wellFormed.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Waits until a file stream has its file open, so a missing file is answered before any header goes out. */
export function whenOpen(stream: NodeJS.ReadableStream): Promise<void> {
  const file = stream as Partial<ReadStream>;
  if (typeof file.pending !== 'boolean' || !file.pending) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      file.off?.('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      file.off?.('ready', onReady);
      reject(error);
    };
    file.once?.('ready', onReady);
    file.once?.('error', onError);
  });
}
