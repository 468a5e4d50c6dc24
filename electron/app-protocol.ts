import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';
import { AppError } from '../shared/api/errors';
import { matchStreamRoute, type StreamMatch } from '../shared/api/routes';
import { toErrorBody } from './error-body';
import { receiveUpload, type EvidenceTransfer, type ServedFile } from './host/transfer';
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
    // The same streamed routes as the browser host (shared/api/routes.ts), so the renderer's upload and download code is one.
    const stream = matchStreamRoute(url.pathname);
    if (stream && request.method === stream.route.method) {
      try {
        return await answerStream(stream, url, request, transfer);
      } catch (error) {
        return errorResponse(error, stream.route.direction);
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

async function answerStream(stream: StreamMatch, url: URL, request: Request, transfer: EvidenceTransfer): Promise<Response> {
  if (stream.route.direction === 'upload') {
    if (!request.body) throw new AppError('VALIDATION', 'An upload sends the file as the request body.');
    const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
    const value = await receiveUpload(transfer, stream.name, Object.fromEntries(url.searchParams), body, {});
    return Response.json({ ok: true, value });
  }
  const id = stream.id;
  if (id === undefined) throw new AppError('NOT_FOUND', 'There is nothing at that address.');
  if (stream.name === 'bundleFile') return fileResponse(await transfer.bundle(id), stream.route.contentType, {});
  if (stream.name === 'reportFile') return fileResponse(await transfer.report(id), stream.route.contentType, {});
  if (stream.name === 'exportFile') return fileResponse(await transfer.exported(id), stream.route.contentType, {});
  const head = url.searchParams.get('head');
  const file = await transfer.content(id, head && /^\d{1,10}$/.test(head) ? Number(head) : undefined);
  const policy = file.mediaType === 'application/pdf' ? "default-src 'none'" : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
  return fileResponse(file, file.mediaType, { 'Content-Security-Policy': policy }, () => file.served());
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

/** A failed upload answers 400, as it always has; a failed download its code's status. */
function errorResponse(error: unknown, direction: 'upload' | 'download'): Response {
  const body = toErrorBody(error);
  if (direction === 'upload') return Response.json({ ok: false, error: body }, { status: 400 });
  return Response.json({ ok: false, error: body }, { status: body.code === 'NOT_FOUND' ? 404 : body.code === 'VALIDATION' ? 400 : body.code === 'INTEGRITY' ? 422 : 500 });
}
