// The only page allowed to talk to the main process: the app's own renderer on the app:// scheme.
// Plain Node, so it is tested without Electron.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function isTrustedRendererUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** What the IPC check needs of a frame (Electron's WebFrameMain), so it runs under plain Node. */
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
  processId?: number;
  routingId?: number;
}

/**
 * An IPC call is answered only when it comes from the main frame of the app's own page: never from
 * a frame inside it (an iframe showing evidence, say), never from another page, never without a frame.
 */
export function isTrustedIpcSender(sender: { mainFrame: FrameLike | null } | null | undefined, frame: FrameLike | null | undefined): boolean {
  const main = sender?.mainFrame;
  if (!frame || !main) return false;
  if (frame.parent !== null || main.parent !== null) return false;
  const sameFrame = frame === main || (frame.processId !== undefined && frame.processId === main.processId && frame.routingId !== undefined && frame.routingId === main.routingId);
  return sameFrame && isTrustedRendererUrl(frame.url);
}
