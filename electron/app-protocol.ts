import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';
import { toErrorBody } from './api/dispatch';
import type { EvidenceTransfer } from './evidence/transfer';
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
        const id = decodeURIComponent(download[2] as string);
        const file = download[1] === 'bundles' ? transfer.bundle(id) : transfer.report(id);
        return new Response(Readable.toWeb(file.stream) as unknown as ReadableStream, {
          headers: {
            'Content-Type': download[1] === 'bundles' ? 'application/octet-stream' : 'application/pdf',
            'Content-Disposition': `attachment; filename="${file.name}"`,
          },
        });
      } catch (error) {
        return Response.json({ ok: false, error: toErrorBody(error) }, { status: 404 });
      }
    }
    const content = /^\/evidence\/([^/]+)\/content$/.exec(url.pathname);
    if (content && request.method === 'GET') {
      try {
        const head = url.searchParams.get('head');
        const file = transfer.content(decodeURIComponent(content[1] as string), head && /^\d{1,10}$/.test(head) ? Number(head) : undefined);
        const stream = Readable.toWeb(file.stream) as unknown as ReadableStream;
        const policy = file.mediaType === 'application/pdf' ? "default-src 'none'" : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
        return new Response(stream, { status: 200, headers: { 'Content-Type': file.mediaType, 'Content-Security-Policy': policy, 'X-Content-Type-Options': 'nosniff' } });
      } catch (error) {
        return Response.json({ ok: false, error: toErrorBody(error) }, { status: 404 });
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
