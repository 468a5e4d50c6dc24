import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Record identifiers are UUIDv7: time-ordered and unique across laptops. */
export function newId(): string {
  return uuidv7();
}

/** The current time as stored: UTC ISO-8601 with milliseconds. */
export function utcNow(clock: () => number = Date.now): string {
  return new Date(clock()).toISOString();
}

/**
 * The same identifier on every laptop for a record that stands for one thing (the result of one
 * checklist item in one audit): a UUIDv8 made from a SHA-256 of its parts, so two laptops that
 * record it before they sync hold one record, merged field by field, not two.
 */
export function derivedId(...parts: Array<string | null>): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
