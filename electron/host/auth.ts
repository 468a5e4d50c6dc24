import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

// The browser host's per-launch token: given once in the printed URL, then kept in a strict cookie.

/** One cookie name per port, so two hosts on one machine never log each other out. */
export function tokenCookieName(port: number): string {
  return `ra_token_${port}`;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensMatch(expected: string, offered: string | undefined): boolean {
  if (!offered) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request offers, and whether it came in the cookie (which a browser adds on its own). */
export function offeredToken(request: IncomingMessage, port: number): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice('Bearer '.length).trim(), via: 'bearer' };
  const cookies = request.headers.cookie?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...rest] = cookie.trim().split('=');
    if (name === tokenCookieName(port)) return { token: rest.join('='), via: 'cookie' };
  }
  return undefined;
}

/** The header the app's own page adds to its API calls and uploads (renderer/src/api). */
export const pageHeader = 'x-release-audit';

/**
 * A cookie is sent by the browser whoever asks, and SameSite counts every port of 127.0.0.1 as the
 * same site: so a request carrying only the cookie must also show it comes from the app's own page.
 * A browser says where a request comes from in Sec-Fetch-Site, and its word is final. Only when it
 * says nothing (an older browser, a script) does the app's header count: another page cannot add a
 * custom header without a CORS preflight, which this host never grants.
 */
export function fromAppPage(headers: IncomingHttpHeaders, isPageAddress: boolean): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  // The person typed the address, opened a bookmark or reloaded: fine for the app's page, not for data.
  if (site === 'none') return isPageAddress && headers['sec-fetch-mode'] === 'navigate';
  if (site === undefined) return headers[pageHeader] === '1';
  return false;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
