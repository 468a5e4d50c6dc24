import { v7 as uuidv7 } from 'uuid';

/** Record identifiers are UUIDv7: time-ordered and unique across laptops. */
export function newId(): string {
  return uuidv7();
}

/** The current time as stored: UTC ISO-8601 with milliseconds. */
export function utcNow(clock: () => number = Date.now): string {
  return new Date(clock()).toISOString();
}
