import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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

export function offeredToken(request: IncomingMessage, port: number): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookies = request.headers.cookie?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...rest] = cookie.trim().split('=');
    if (name === tokenCookieName(port)) return rest.join('=');
  }
  return undefined;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
