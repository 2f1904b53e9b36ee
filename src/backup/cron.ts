/**
 * Five-field cron schedules (minute hour day-of-month month day-of-week, in UTC): `*`, numbers,
 * ranges `a-b`, steps `*\/n` and `a-b/n`, and lists of those. When both day fields are restricted a
 * day matches either, as in cron itself. Pure: the caller gives the time.
 */

export interface CronSchedule {
  readonly text: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday (7 is read as 0). */
  readonly weekdays: ReadonlySet<number>;
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron ${field.name} '${part}' is not *, N, N-M or a step /N of those`);
    const from = m[1] === '*' ? field.min : Number(m[2]);
    const to = m[1] === '*' ? field.max : m[3] === undefined ? (m[4] ? field.max : from) : Number(m[3]);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    if (from < field.min || to > field.max || from > to || step < 1) {
      throw new Error(`cron ${field.name} '${part}' is outside ${field.min}-${field.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(field.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

export function parseCron(text: string): CronSchedule {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`cron schedule '${text}' needs 5 fields: minute hour day-of-month month day-of-week`);
  }
  const [minutes, hours, days, months, weekdays] = FIELDS.map((f, i) => parseField(parts[i] ?? '', f));
  return {
    text,
    minutes: minutes as Set<number>,
    hours: hours as Set<number>,
    days: days as Set<number>,
    months: months as Set<number>,
    weekdays: weekdays as Set<number>,
    anyDay: parts[2] === '*',
    anyWeekday: parts[4] === '*',
  };
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const day = s.days.has(t.getUTCDate());
  const weekday = s.weekdays.has(t.getUTCDay());
  if (s.anyDay && s.anyWeekday) return true;
  if (s.anyDay) return weekday;
  if (s.anyWeekday) return day;
  return day || weekday;
}

const MINUTE = 60_000;
/** Long enough for any schedule that can fire at all (Feb 29 on a given weekday recurs within 28 years). */
const HORIZON_MINUTES = 60 * 24 * 366 * 28;

/** The first minute strictly after `after` that the schedule fires at; undefined if it never does. */
export function nextRun(schedule: CronSchedule, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < HORIZON_MINUTES; i++) {
    const d = new Date(t);
    if (!schedule.months.has(d.getUTCMonth() + 1) || !dayMatches(schedule, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!schedule.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (schedule.minutes.has(d.getUTCMinutes())) return d;
    t += MINUTE;
  }
  return undefined;
}
