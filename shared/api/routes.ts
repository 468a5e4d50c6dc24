// The streamed routes: file bytes that never pass through the API's JSON. Declared once here; the
// browser host (electron/host/server.ts), the desktop app's app:// handler (electron/app-protocol.ts)
// and the renderer's upload and download helpers all read this table.

export interface StreamRoute {
  method: 'GET' | 'POST';
  /** The path, with `:id` standing for one URL-encoded segment. */
  path: string;
  /** upload: the request body is the file; download: the answer is. */
  direction: 'upload' | 'download';
  /** The Content-Type of a download (`stored`: the evidence's own, checked media type). */
  contentType: 'application/pdf' | 'application/octet-stream' | 'stored' | null;
  /** Takes its parameters in the query string (an upload's metadata, a preview's `head`). */
  query: boolean;
}

export const streamRoutes = {
  /** An evidence file into the vault, its metadata in the query (shared/api/evidence.ts UploadParams). */
  evidenceUpload: { method: 'POST', path: '/upload/evidence', direction: 'upload', contentType: null, query: true },
  /** A sync bundle into the inbox, answered with an upload id. */
  bundleUpload: { method: 'POST', path: '/upload/bundle', direction: 'upload', contentType: null, query: false },
  /** A file to import (a pipeline log, a change record, a git log) into the import inbox, answered with an upload id; its name in the query. */
  importUpload: { method: 'POST', path: '/upload/import', direction: 'upload', contentType: null, query: true },
  /** An evidence file's bytes (the first `head` bytes for a preview). */
  evidenceContent: { method: 'GET', path: '/evidence/:id/content', direction: 'download', contentType: 'stored', query: true },
  /** An issued report's PDF. */
  reportFile: { method: 'GET', path: '/reports/:id/file', direction: 'download', contentType: 'application/pdf', query: false },
  /** An exported sync bundle. */
  bundleFile: { method: 'GET', path: '/bundles/:id/file', direction: 'download', contentType: 'application/octet-stream', query: false },
  /** An exported file (OSCAL, and the spreadsheets and documents to come), by the download id its export job gave. */
  exportFile: { method: 'GET', path: '/exports/:id/file', direction: 'download', contentType: 'application/octet-stream', query: false },
} as const satisfies Record<string, StreamRoute>;

export type StreamRouteName = keyof typeof streamRoutes;
type WithId = { [N in StreamRouteName]: (typeof streamRoutes)[N]['path'] extends `${string}:id${string}` ? N : never }[StreamRouteName];

/** A path's route; id is the decoded `:id` segment, undefined when the route has none or its escapes are broken. */
export type StreamMatch = { [N in StreamRouteName]: { name: N; route: (typeof streamRoutes)[N]; id: string | undefined } }[StreamRouteName];

/** The streamed route a path names (whatever the method: the caller answers a wrong one), or null. */
export function matchStreamRoute(pathname: string): StreamMatch | null {
  const parts = pathname.split('/');
  for (const [name, route] of Object.entries(streamRoutes) as [StreamRouteName, StreamRoute][]) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    let id: string | undefined;
    let matches = true;
    for (let i = 0; i < pattern.length && matches; i++) {
      const part = parts[i] as string;
      if (pattern[i] === ':id') {
        matches = part.length > 0;
        id = decodeSegment(part);
      } else matches = pattern[i] === part;
    }
    if (matches) return { name, route, id } as StreamMatch;
  }
  return null;
}

/** The page-relative address of a streamed route ("./bundles/<id>/file"), with its query if any. */
export function streamUrl(name: Exclude<StreamRouteName, WithId>, query?: URLSearchParams): string;
export function streamUrl(name: WithId, id: string, query?: URLSearchParams): string;
export function streamUrl(name: StreamRouteName, idOrQuery?: string | URLSearchParams, maybeQuery?: URLSearchParams): string {
  const id = typeof idOrQuery === 'string' ? idOrQuery : undefined;
  const query = typeof idOrQuery === 'string' ? maybeQuery : idOrQuery;
  const path = streamRoutes[name].path.replace(':id', () => encodeURIComponent(id ?? ''));
  const search = query?.toString();
  return `.${path}${search ? `?${search}` : ''}`;
}

/** One path segment of an address, decoded; undefined when its escapes are broken (%ZZ). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
