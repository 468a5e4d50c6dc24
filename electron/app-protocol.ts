import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
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

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
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
