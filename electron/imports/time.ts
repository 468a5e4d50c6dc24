import type { ReadTime } from '../../shared/api/imports';

// Times as logs and exports write them, read into an instant plus what the file said about its zone.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function normaliseOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

function build(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: string | null): ReadTime | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const utc = local - (offset ? offsetMinutes(offset) : 0) * 60_000;
  if (!Number.isFinite(utc)) return null;
  return { text, utc: new Date(utc).toISOString(), offset, zone: offset ? 'stated' : 'not-stated' };
}

/** ISO 8601 / RFC 3339 and the `YYYY-MM-DD HH:MM:SS` form; without an offset the zone is "not stated". */
export function readIso(text: string | null | undefined, assumeOffset?: string): ReadTime | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  const m = ISO.exec(trimmed);
  if (!m) return null;
  const fraction = m[7] ? Number(m[7].slice(1, 4).padEnd(3, '0')) : 0;
  const offset = m[8] ? normaliseOffset(m[8]) : assumeOffset ?? null;
  return build(trimmed, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), fraction, offset);
}

export function readEpochSeconds(seconds: number, text = String(seconds)): ReadTime | null {
  if (!Number.isFinite(seconds)) return null;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return null;
  return { text, utc: date.toISOString(), offset: 'Z', zone: 'stated' };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** git's default date format: `Tue Dec 1 14:56:56 2026 +0100`. */
export function readGitDate(text: string): ReadTime | null {
  const trimmed = text.trim();
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) ([+-]\d{4})$/.exec(trimmed);
  if (!m) return readIso(trimmed);
  const month = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1;
  return build(trimmed, Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0, normaliseOffset(m[7] ?? '+0000'));
}

/**
 * Clock-only stamps (`16:37:45`) carry no date: each is kept as a clock time with the number of
 * midnights passed since the first stamp, counted whenever the clock goes backwards by more than an hour.
 */
export class ClockSequence {
  private last = -1;
  private day = 0;

  read(text: string): ReadTime | null {
    const m = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
    if (!m) return null;
    const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    if (Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) > 59) return null;
    if (this.last >= 0 && seconds + 3600 < this.last) this.day += 1;
    this.last = seconds;
    return { text, utc: null, offset: null, zone: 'not-stated', day: this.day };
  }
}
