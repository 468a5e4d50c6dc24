import type { DoraBand, DoraKeyId } from '../../shared/api/dora';

// The benchmark: the software delivery performance levels of ONE report, the 2023 Accelerate State of
// DevOps Report (DORA, Google Cloud), chapter 1 "How do you compare?", table of performance levels
// (https://dora.dev/research/2023/dora-report/). Its words are kept as written; each is read as a
// range in the key's unit (a week of 7 days, a month of 30 days). Where the report gives the low
// level the same words as the medium one (frequency and lead time), low is read as slower than
// medium; where it gives one typical rate per level (change failure rate), the boundaries lie halfway
// between neighbouring levels; where it leaves a gap (recovery between one week and one month), the
// gap goes to the slower level.

export const benchmark = {
  name: 'Accelerate State of DevOps Report 2023 (DORA, Google Cloud): software delivery performance levels',
  year: 2023,
  source: 'https://dora.dev/research/2023/dora-report/',
  note:
    'Words as the report gives them; read as ranges with a week of 7 days and a month of 30 days. The report words low like medium for frequency and lead time, so low here means slower than medium; for change failure rate it gives one typical rate per level, so the boundaries sit halfway between them (7.5%, 12.5%, 39.5%); recovery between one week and one month, which no level covers, counts as low.',
} as const;

const WEEK_HOURS = 7 * 24;
const MONTH_HOURS = 30 * 24;
/** Once per month, in deployments per week. */
const ONCE_PER_MONTH = 7 / 30;

export const doraBands: Record<DoraKeyId, DoraBand[]> = {
  'deployment-frequency': [
    { level: 'elite', words: 'On demand (multiple deploys per day); read as once per day or more', from: 7 },
    { level: 'high', words: 'Between once per day and once per week', from: 1, to: 7 },
    { level: 'medium', words: 'Between once per week and once per month', from: ONCE_PER_MONTH, to: 1 },
    { level: 'low', words: 'Between once per week and once per month (as the report words it); read as less than once per month', from: 0, to: ONCE_PER_MONTH },
  ],
  'lead-time': [
    { level: 'elite', words: 'Less than one day', from: 0, to: 24 },
    { level: 'high', words: 'Between one day and one week', from: 24, to: WEEK_HOURS },
    { level: 'medium', words: 'Between one week and one month', from: WEEK_HOURS, to: MONTH_HOURS },
    { level: 'low', words: 'Between one week and one month (as the report words it); read as more than one month', from: MONTH_HOURS },
  ],
  'change-failure-rate': [
    { level: 'elite', words: '5%; read as below 7.5%', from: 0, to: 7.5 },
    { level: 'high', words: '10%; read as 7.5% to below 12.5%', from: 7.5, to: 12.5 },
    { level: 'medium', words: '15%; read as 12.5% to below 39.5%', from: 12.5, to: 39.5 },
    { level: 'low', words: '64%; read as 39.5% or more', from: 39.5 },
  ],
  'recovery-time': [
    { level: 'elite', words: 'Less than one hour', from: 0, to: 1 },
    { level: 'high', words: 'Less than one day', from: 1, to: 24 },
    { level: 'medium', words: 'Between one day and one week', from: 24, to: WEEK_HOURS },
    { level: 'low', words: 'Between one month and six months; read as one week or more', from: WEEK_HOURS },
  ],
};

/** The level a value falls in: from ≤ value < to. Null for no value. */
export function bandOf(key: DoraKeyId, value: number | null): DoraBand | null {
  if (value === null || !Number.isFinite(value)) return null;
  return doraBands[key].find((b) => (b.from === undefined || value >= b.from) && (b.to === undefined || value < b.to)) ?? null;
}
