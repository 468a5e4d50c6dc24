// Times are stored in UTC and shown in local time with the zone, e.g. "26 Nov 2026, 09:15 CET".

export function formatLocal(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** The wall-clock time (YYYY-MM-DDTHH:mm) that a UTC instant shows in a time zone. */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The UTC instant (ISO, ms) of a wall-clock time in a time zone, e.g. a deployment window in Berlin. */
export function zonedLocalToUtc(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local}:00.000Z`);
  if (Number.isNaN(asUtc)) throw new Error(`Not a date and time: ${local}`);
  // The zone's offset at that moment, found by seeing what that instant shows there (twice, for DST edges).
  let guess = asUtc;
  for (let i = 0; i < 2; i += 1) {
    const shown = Date.parse(`${utcToZonedLocal(new Date(guess).toISOString(), timeZone)}:00.000Z`);
    guess = asUtc - (shown - guess);
  }
  return new Date(guess).toISOString();
}

/** Minutes, signed, as "+5 min" / "−3 min" / "on time". */
export function formatVariance(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes === 0) return 'on time';
  const abs = Math.abs(minutes);
  const sign = minutes > 0 ? '+' : '−';
  if (abs < 60) return `${sign}${abs} min`;
  if (abs < 24 * 60) return `${sign}${Math.floor(abs / 60)} h ${abs % 60} min`;
  return `${sign}${Math.floor(abs / 1440)} d ${Math.floor((abs % 1440) / 60)} h`;
}

/** Whether a name is a time zone this computer knows ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
