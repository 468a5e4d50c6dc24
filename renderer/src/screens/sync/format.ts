import { formatLocal } from '../../../../shared/time';

// How sync's values read on screen: fingerprints in the pairs people read aloud, values in words.

/** AB:CD:EF:… — the form both laptops show, for a person to compare pair by pair. */
export function formatFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

/** The pairs of a fingerprint in rows of eight, each row ending in a colon but the last (same text as formatFingerprint). */
export function fingerprintRows(fingerprint: string): string[] {
  const pairs = fingerprint.toUpperCase().match(/.{1,2}/g) ?? [];
  const rows: string[] = [];
  for (let i = 0; i < pairs.length; i += 8) rows.push(pairs.slice(i, i + 8).join(':') + (i + 8 < pairs.length ? ':' : ''));
  return rows;
}

export function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

/** A field value from the ledger, as a person reads it: text as is, nothing as "(empty)", records as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length === 0 ? '(empty)' : value.join(', ');
  return JSON.stringify(value, null, 2);
}

export function when(iso: string | null | undefined): string {
  return iso ? formatLocal(iso) : 'an unknown time';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
