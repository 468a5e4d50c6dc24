import { z } from 'zod';

// Shared field schemas: identifiers are UUIDv7, times are UTC ISO-8601 strings with milliseconds.
export const Id = z.uuid({ message: 'must be a record identifier (a UUID)' });
// A year outside 2000–2199 is a typo (1970 for a zeroed clock, 2106 for 2016), not a release date.
const plausibleYear = (value: string) => value >= '2000' && value < '2200';
export const UtcTimestamp = z.iso
  .datetime({ precision: 3, message: 'must be a UTC time like 2026-01-31T09:15:00.000Z' })
  .refine(plausibleYear, 'must be a time between the years 2000 and 2199');
export const CalendarDate = z.iso.date({ message: 'must be a date like 2026-01-31' }).refine(plausibleYear, 'must be a date between the years 2000 and 2199');
/** A control of the library, like RA-RFC-01. */
export const ControlId = z.string({ message: 'must be text' }).regex(/^RA-[A-Z]+-\d\d$/, 'must be a control id of the library, like RA-RFC-01');
/** The key of a checklist item or deviation: what results and bypasses refer to. */
export const ItemKey = z.string({ message: 'must be text' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, dots, dashes or underscores');
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash (64 hex characters)');

// Control characters (other than tab and line breaks) and bidirectional overrides can hide or
// reorder what a reader sees in a report: they are refused in every text field.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const unsafeCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

// Half of a UTF-16 surrogate pair cannot be stored as UTF-8: the database would silently replace it.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function text(label: string, max: number) {
  return z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((value) => !unsafeCharacters.test(value), `${label} contains control or text-direction characters`)
    .refine((value) => !loneSurrogate.test(value), `${label} contains a broken character (half of a UTF-16 pair)`);
}

export function requiredText(label: string, max: number) {
  return text(label, max).min(1, `${label} is required`);
}
