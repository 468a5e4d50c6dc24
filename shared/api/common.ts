import { z } from 'zod';

// Shared field schemas: identifiers are UUIDv7, times are UTC ISO-8601 strings with milliseconds.
export const Id = z.uuid({ message: 'must be a record identifier (a UUID)' });
export const UtcTimestamp = z.iso.datetime({ precision: 3, message: 'must be a UTC time like 2026-01-31T09:15:00.000Z' });
export const CalendarDate = z.iso.date({ message: 'must be a date like 2026-01-31' });
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash (64 hex characters)');

export function text(label: string, max: number) {
  return z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`);
}

export function requiredText(label: string, max: number) {
  return text(label, max).min(1, `${label} is required`);
}
