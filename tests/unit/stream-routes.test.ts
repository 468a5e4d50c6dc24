import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchStreamRoute, streamRoutes, streamUrl } from '../../shared/api/routes';

// The streamed routes are declared once; the browser host and app:// both match paths through this.

describe('stream routes', () => {
  it('match each declared path, with its decoded id, and nothing near it', () => {
    expect(matchStreamRoute('/upload/evidence')).toMatchObject({ name: 'evidenceUpload', id: undefined, route: { method: 'POST', direction: 'upload' } });
    expect(matchStreamRoute('/upload/bundle')).toMatchObject({ name: 'bundleUpload', route: { method: 'POST', direction: 'upload' } });
    expect(matchStreamRoute('/evidence/a%20b/content')).toMatchObject({ name: 'evidenceContent', id: 'a b', route: { method: 'GET', contentType: 'stored' } });
    expect(matchStreamRoute('/reports/r1/file')).toMatchObject({ name: 'reportFile', id: 'r1', route: { contentType: 'application/pdf' } });
    expect(matchStreamRoute('/bundles/d1/file')).toMatchObject({ name: 'bundleFile', id: 'd1', route: { contentType: 'application/octet-stream' } });
    // Broken escapes still name the route (the transport answers NOT_FOUND), with no id.
    expect(matchStreamRoute('/bundles/%E0%A4%A/file')).toMatchObject({ name: 'bundleFile', id: undefined });
    for (const near of ['/', '/upload', '/upload/evidence/', '/upload/other', '/evidence//content', '/evidence/x/content/more', '/reports/x/pdf', '/bundles/x', '/api/sync.status', '/assets/app.js', '/upload/bundle/x']) {
      expect(matchStreamRoute(near), near).toBeNull();
    }
  });

  it('build the page-relative addresses the renderer uses, encoding the id and keeping the query', () => {
    expect(streamUrl('bundleUpload')).toBe('./upload/bundle');
    expect(streamUrl('evidenceUpload', new URLSearchParams({ auditId: 'a', name: 'x y.log' }))).toBe('./upload/evidence?auditId=a&name=x+y.log');
    expect(streamUrl('reportFile', 'r/1')).toBe('./reports/r%2F1/file');
    expect(streamUrl('bundleFile', 'd1')).toBe('./bundles/d1/file');
    expect(streamUrl('evidenceContent', 'e1')).toBe('./evidence/e1/content');
    // Every address built matches back to its own route and id.
    for (const name of ['reportFile', 'bundleFile', 'evidenceContent'] as const) {
      const id = 'id with % and /';
      expect(matchStreamRoute(streamUrl(name, id).slice(1))).toMatchObject({ name, id });
    }
  });

  it('are written nowhere else: the host, app:// and the renderer read the table', () => {
    const files = ['electron/host/server.ts', 'electron/app-protocol.ts', 'renderer/src/api/evidence-upload.ts', 'renderer/src/api/bundle-upload.ts', 'renderer/src/api/import-upload.ts', 'renderer/src/api/report-download.ts', 'renderer/src/screens/reports/ReportsScreen.tsx'];
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      for (const route of Object.values(streamRoutes)) {
        // The path as code would spell it: its fixed parts, with anything (an id, a template hole, a regex) between.
        const spelled = new RegExp(route.path.split(':id').map((part) => part.replace(/[/.]/g, (c) => `\\${c}`)).join('[^\'"`\\s]*') + '(?![\\w-])');
        expect(source, `${file} spells ${route.path}`).not.toMatch(spelled);
      }
    }
  });
});
