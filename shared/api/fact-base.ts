import { z } from 'zod';

// What every imported fact is made of: the lines of the file it came from, and times as the file wrote them.

/** A time as the file gave it: the instant in UTC, and whether the file said which zone it was in. */
export const ReadTime = z.object({
  text: z.string(),
  /** ISO 8601 instant in UTC; null when the file gives only a clock time with no date. */
  utc: z.string().nullable(),
  /** The offset the time was written in (`Z`, `+01:00`), or null when the file did not state one. */
  offset: z.string().nullable(),
  zone: z.enum(['stated', 'not-stated']),
  /** For clock-only times (HH:MM:SS): whole days after the first time in the file (midnight rollovers). */
  day: z.number().int().nonnegative().optional(),
});
export type ReadTime = z.infer<typeof ReadTime>;

export const LineRange = z.tuple([z.number().int().positive(), z.number().int().positive()]);
export const sourced = { lines: LineRange };
export const Time = ReadTime.nullable();
