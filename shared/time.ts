// Times are stored in UTC and shown in one form everywhere, in the zone named next to them:
// "26 Nov 2026, 09:15 Europe/Berlin". The zone is the IANA name, never "GMT+1" on one screen and
// "CET" on another, and the form does not depend on the computer's locale (screens and PDFs agree).

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The time zone this computer is set to ("Europe/Berlin"), or UTC when it cannot say. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "20 Nov 2026, 23:00 Europe/Berlin": a UTC instant as the wall clock of a zone, with the zone. */
export function formatInZone(iso: string, timeZone: string = localTimeZone()): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const local = utcToZonedLocal(iso, zone);
  const [date = '', clock = ''] = local.split('T');
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year}, ${clock} ${zone}`;
}

/** "31 Jan 2027": a calendar date (a due date, a schedule), which has no zone, in the same form as the times. */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  if (!match) return date;
  return `${Number(match[3])} ${months[Number(match[2]) - 1] ?? match[2]} ${match[1]}`;
}

/** "23:00": the wall-clock time of an instant in a zone, for a table whose header names the zone. */
export function formatClockInZone(iso: string, timeZone: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return utcToZonedLocal(iso, isValidTimeZone(timeZone) ? timeZone : 'UTC').slice(11);
}

/** The same form as formatInZone; without a zone, the computer's own. (The locale argument is kept for old callers.) */
export function formatLocal(iso: string, _locale?: string, timeZone?: string): string {
  return formatInZone(iso, timeZone ?? localTimeZone());
}

// One formatter per zone, made once: making an Intl.DateTimeFormat costs far more than using one (ICU
// builds its patterns and calendar each time, in native memory the JavaScript heap does not see), and a
// report formats thousands of times in one zone. Only valid zones are kept, and only a few of them.
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 32;

/** The formatter of a zone's wall clock (throws a RangeError for a zone this computer does not know). */
function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formats.size >= MAX_FORMATS) formats.clear();
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time (YYYY-MM-DDTHH:mm) that a UTC instant shows in a time zone. */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    zonedFormat(timeZone)
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
    zonedFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}
