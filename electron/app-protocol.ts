import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';
import { toErrorBody } from './api/dispatch';
import { AppError } from '../shared/api/errors';
import { decodeSegment } from './evidence/content-headers';
import type { EvidenceTransfer, ServedFile } from './host/transfer';
import { contentSecurityPolicy } from '../shared/security';
import { resolveStaticFile } from './host/static-files';
import { APP_HOST, APP_SCHEME } from './trusted-url';

// Serves the built renderer on app://renderer/ with the app's CSP: a secure, standard origin that
// is not file:// (so no page can read the disk) and that IPC can recognise as our own.

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string, transfer: EvidenceTransfer): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    // The same evidence paths as the browser host, so the renderer's upload and preview code is one.
    if (url.pathname === '/upload/evidence' && request.method === 'POST' && request.body) {
      try {
        const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
        const evidence = await transfer.upload(Object.fromEntries(url.searchParams), body, {});
        return Response.json({ ok: true, value: evidence });
      } catch (error) {
        const body = toErrorBody(error);
        return Response.json({ ok: false, error: body }, { status: 400 });
      }
    }
    if (url.pathname === '/upload/bundle' && request.method === 'POST' && request.body) {
      try {
        const value = await transfer.uploadBundle(Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>), {});
        return Response.json({ ok: true, value });
      } catch (error) {
        return Response.json({ ok: false, error: toErrorBody(error) }, { status: 400 });
      }
    }
    // Downloads: an exported sync bundle, or an issued report.
    const download = /^\/(bundles|reports)\/([^/]+)\/file$/.exec(url.pathname);
    if (download && request.method === 'GET') {
      try {
        const id = decodeSegment(download[2]);
        if (id === undefined) throw new AppError('NOT_FOUND', 'There is nothing at that address.');
        const file = download[1] === 'bundles' ? await transfer.bundle(id) : await transfer.report(id);
        return fileResponse(file, download[1] === 'bundles' ? 'application/octet-stream' : 'application/pdf', {});
      } catch (error) {
        return errorResponse(error);
      }
    }
    const content = /^\/evidence\/([^/]+)\/content$/.exec(url.pathname);
    if (content && request.method === 'GET') {
      try {
        const head = url.searchParams.get('head');
        const id = decodeSegment(content[1]);
        if (id === undefined) throw new AppError('NOT_FOUND', 'There is no evidence at that address.');
        const file = await transfer.content(id, head && /^\d{1,10}$/.test(head) ? Number(head) : undefined);
        const policy = file.mediaType === 'application/pdf' ? "default-src 'none'" : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
        return fileResponse(file, file.mediaType, { 'Content-Security-Policy': policy }, () => file.served());
      } catch (error) {
        return errorResponse(error);
      }
    }
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('The interface is not built: run npm run build.', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Type', file.contentType);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}

/** An open file as a response; if its headers cannot be built, the file is closed and nothing is recorded. */
function fileResponse(file: ServedFile, contentType: string, extra: Record<string, string>, beforeSending?: () => void): Response {
  try {
    const headers = new Headers({ ...extra, 'Content-Type': contentType, 'Content-Disposition': file.disposition, 'X-Content-Type-Options': 'nosniff' });
    beforeSending?.();
    return new Response(Readable.toWeb(file.stream) as unknown as ReadableStream, { status: 200, headers });
  } catch (error) {
    file.stream.destroy();
    throw error;
  }
}

function errorResponse(error: unknown): Response {
  const body = toErrorBody(error);
  return Response.json({ ok: false, error: body }, { status: body.code === 'NOT_FOUND' ? 404 : body.code === 'VALIDATION' ? 400 : body.code === 'INTEGRITY' ? 422 : 500 });
}
