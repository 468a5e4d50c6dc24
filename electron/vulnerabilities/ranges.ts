import { comparatorFor, type Comparator } from './versions/compare';
import type { OsvAffected, OsvRange } from './osv-record';

// Whether a version is affected, by the OSV schema's own algorithm: listed in versions[], or inside
// a SEMVER or ECOSYSTEM range (events sorted, introduced switches on, fixed switches off at the
// fixed version, last_affected off after it, and limit bounds the whole range). GIT ranges name
// commits, which a package version is not, so they are not matched.

const ZERO = '0';

function eventVersion(event: OsvRange['events'][number]): string {
  return (event.introduced ?? event.fixed ?? event.last_affected ?? event.limit) as string;
}

/** Events in version order; introduced "0" first, and at equal versions introduced before the rest. */
function sortedEvents(events: OsvRange['events'], compare: Comparator): OsvRange['events'] {
  return [...events].sort((a, b) => {
    const zeroA = a.introduced === ZERO;
    const zeroB = b.introduced === ZERO;
    if (zeroA || zeroB) return zeroA === zeroB ? 0 : zeroA ? -1 : 1;
    return compare(eventVersion(a), eventVersion(b)) || (a.introduced !== undefined ? -1 : b.introduced !== undefined ? 1 : 0);
  });
}

export function inRange(version: string, range: OsvRange, compare: Comparator): boolean {
  if (range.type === 'GIT') return false;
  const limits = range.events.filter((e) => e.limit !== undefined).map((e) => e.limit as string);
  if (limits.length > 0 && !limits.some((limit) => limit === '*' || compare(version, limit) < 0)) return false;
  let affected = false;
  for (const event of sortedEvents(range.events, compare)) {
    if (event.introduced !== undefined) {
      if (event.introduced === ZERO || compare(version, event.introduced) >= 0) affected = true;
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) affected = false;
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

export interface AffectedAnswer {
  affected: boolean;
  /** How it was decided: the versions list, a range, or the generic order for an ecosystem without its own. */
  how: 'versions' | 'range' | null;
  exactOrder: boolean;
}

export function isAffected(version: string, entry: OsvAffected): AffectedAnswer {
  const { compare, exact } = comparatorFor(entry.ecosystem);
  if (entry.versions.includes(version) || (version.startsWith('v') && entry.versions.includes(version.slice(1)))) return { affected: true, how: 'versions', exactOrder: exact };
  for (const range of entry.ranges) if (inRange(version, range, compare)) return { affected: true, how: 'range', exactOrder: exact };
  return { affected: false, how: null, exactOrder: exact };
}

/** The versions that fix it: the fixed events of its ranges. */
export function fixedVersions(entry: OsvAffected): string[] {
  return [...new Set(entry.ranges.filter((r) => r.type !== 'GIT').flatMap((r) => r.events.filter((e) => e.fixed !== undefined).map((e) => e.fixed as string)))];
}
