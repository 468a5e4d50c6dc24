import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { departmentCookie } from '../../shared/api/department';

// The view's sessions, held in the hub's memory: a link's token is traded once for a random session
// id in a strict cookie; the session remembers only the token's hash, so revoking the viewer ends it
// at their next request. A hub restart asks viewers to open their link again.

export const SESSION_SECONDS = 8 * 3600;
const MAX_SESSIONS = 10_000;

export interface ViewerSession {
  tokenSha256: string;
  expiresAt: number;
}

export class ViewerSessions {
  private readonly sessions = new Map<string, ViewerSession>();

  constructor(private readonly now: () => number = Date.now) {}

  open(tokenSha256: string): string {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
    // The oldest session gives way when the hub holds too many.
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { tokenSha256, expiresAt: now + SESSION_SECONDS * 1000 });
    return id;
  }

  /** The session a request's cookie names, while it has not expired. */
  of(request: IncomingMessage): (ViewerSession & { id: string }) | null {
    const id = cookieValue(request, departmentCookie);
    const session = id ? this.sessions.get(id) : undefined;
    if (!id || !session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return { ...session, id };
  }

  close(id: string): void {
    this.sessions.delete(id);
  }
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const cookie of request.headers.cookie?.split(';') ?? []) {
    const [key, ...rest] = cookie.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export const sessionCookie = (id: string): string => `${departmentCookie}=${id}; HttpOnly; Secure; SameSite=Strict; Path=/department; Max-Age=${SESSION_SECONDS}`;
export const clearedCookie = `${departmentCookie}=; HttpOnly; Secure; SameSite=Strict; Path=/department; Max-Age=0`;
