import { app, session, type WebContents } from 'electron';
import { isTrustedRendererUrl } from './trusted-url';

// Secure defaults for every web contents: no navigation away from the app, no new windows,
// no permissions, no webviews.

export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.whenReady().then(
    () => {
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
    },
    () => undefined,
  );
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedRendererUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
