// What every OSCAL document this app writes shares: the version it follows and the namespace of the
// properties only Release Audit defines.

export const OSCAL_VERSION = '1.1.3';
/** The namespace of this app's own OSCAL properties (prop.ns). */
export const RA_NS = 'urn:release-audit:oscal';

export type OscalObject = Record<string, unknown>;

/** A calendar date (2026-05-01) as the start or end of an OSCAL date-time range, in UTC. */
export function dayStart(date: string): string {
  return `${date}T00:00:00.000Z`;
}
export function dayEnd(date: string): string {
  return `${date}T23:59:59.999Z`;
}

/** Text as an OSCAL string field: no leading or trailing white space, never empty. */
export function oscalText(text: string, fallback: string): string {
  const trimmed = text.trim();
  return trimmed.length > 0 ? trimmed : fallback;
}

/** An OSCAL token (ids, names): a letter or underscore, then letters, digits, dots, hyphens or underscores. */
export function oscalToken(text: string): string {
  const cleaned = text.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[^\p{L}_]+/u, '');
  return cleaned.length > 0 ? cleaned : `_${text.length}`;
}

/** Adds a field only when it has something: OSCAL arrays must hold at least one item. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
