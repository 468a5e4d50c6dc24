import crypto, { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  // A value already in canonical order (what JSON.parse gives back of canonical JSON, as ledger
  // entries are stored and sent) is serialised as it is, without building a sorted copy of it.
  return JSON.stringify(inCanonicalOrder(value) ? value : sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = sortKeys(item);
    }
    return sorted;
  }
  return value;
}

/**
 * Whether JSON.stringify of the value gives what it gives of sortKeys(value): plain objects and
 * arrays only (no class instances, no toJSON), each object's keys already in sorted order as they
 * are enumerated. (A sorted copy enumerates its integer-like keys first, as any object does; keys
 * enumerated in sorted order already are in that order, so the copy's order is the same.)
 */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (const item of value) if (!inCanonicalOrder(item)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    // (An own __proto__ key, which JSON.parse can make, is not copied by sortKeys: it sets the copy's prototype.)
    if (!Object.hasOwn(value, key) || key === '__proto__') return false;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!inCanonicalOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

// Node's one-shot hash (Node 20.12 and later) costs about half of a Hash object for a short text.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}
