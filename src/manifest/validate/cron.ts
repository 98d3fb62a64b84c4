// CronJob schedules as Kubernetes parses them (robfig/cron ParseStandard): five fields, names, ranges, steps,
// lists, `?`, and the descriptors @yearly … @hourly and @every <duration>.
import { parseDuration } from '../../common';

export interface CronFields {
  minute: ReadonlySet<number>;
  hour: ReadonlySet<number>;
  dayOfMonth: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dayOfWeek: ReadonlySet<number>;
  /** robfig/cron: when day-of-month or day-of-week is `*` or `?`, both must match; otherwise either may. */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

export type CronSchedule = { every: number } | CronFields;

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));
const FIELDS: Array<[keyof CronFields, Bounds]> = [
  ['minute', { min: 0, max: 59 }],
  ['hour', { min: 0, max: 23 }],
  ['dayOfMonth', { min: 1, max: 31 }],
  ['month', { min: 1, max: 12, names: MONTHS }],
  ['dayOfWeek', { min: 0, max: 6, names: DAYS }],
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function parseSchedule(schedule: string): CronSchedule | { error: string } {
  const s = schedule.trim();
  if (s === '') return { error: 'schedule is empty' };
  if (s.startsWith('@every ')) {
    const d = parseDuration(s.slice(7).trim());
    if ('error' in d) return { error: `failed to parse duration in ${s}: ${d.error}` };
    // robfig/cron runs at most once a second.
    return { every: Math.max(1000, d.ms) };
  }
  if (s.startsWith('@')) {
    const expanded = DESCRIPTORS[s.toLowerCase()];
    if (!expanded) return { error: `unrecognized descriptor ${s}: use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>` };
    return parseSchedule(expanded);
  }
  const parts = s.split(/\s+/);
  if (parts.length !== 5) return { error: `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}: ${s}` };
  const out: Partial<Record<keyof CronFields, unknown>> = {};
  for (let i = 0; i < 5; i++) {
    const [name, bounds] = FIELDS[i];
    const values = new Set<number>();
    let star = false;
    for (const expr of parts[i].split(',')) {
      const r = parseRange(expr, bounds, values);
      if (typeof r === 'string') return { error: `${name}: ${r}` };
      star ||= r;
    }
    out[name] = values;
    if (name === 'dayOfMonth') out.dayOfMonthStar = star;
    if (name === 'dayOfWeek') out.dayOfWeekStar = star;
  }
  return out as unknown as CronFields;
}

/** Adds the values of one range to `into`; returns whether it was a star, or an error. */
function parseRange(expr: string, b: Bounds, into: Set<number>): boolean | string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    if (lowAndHigh.length > 1) return `too many hyphens: ${expr}`;
    [start, end, star] = [b.min, b.max, true];
  } else {
    const s = intOrName(lowAndHigh[0], b);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1], b);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    if (!/^\d+$/.test(rangeAndStep[1])) return `failed to parse step from ${expr}`;
    step = Number(rangeAndStep[1]);
    if (lowAndHigh.length === 1 && !star) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function intOrName(s: string, b: Bounds): number | string {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(s)) return `failed to parse int from ${JSON.stringify(s)}`;
  return Number(s);
}

/** Whether a wall-clock minute (in the schedule's time zone) is a run time of the schedule. */
export function scheduleMatches(s: CronFields, t: { minute: number; hour: number; dayOfMonth: number; month: number; dayOfWeek: number }): boolean {
  if (!s.minute.has(t.minute) || !s.hour.has(t.hour) || !s.month.has(t.month)) return false;
  const dom = s.dayOfMonth.has(t.dayOfMonth);
  const dow = s.dayOfWeek.has(t.dayOfWeek);
  return s.dayOfMonthStar || s.dayOfWeekStar ? dom && dow : dom || dow;
}

/** An IANA time zone name that the runtime knows ("Europe/Paris", "UTC"); Kubernetes refuses "Local". */
export function timeZoneErrors(tz: string): string[] {
  if (tz.toLowerCase() === 'local' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) {
    return [`${JSON.stringify(tz)} is not an IANA time zone name (e.g. Europe/Paris, America/New_York, UTC)`];
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return [];
  } catch {
    return [`unknown time zone ${JSON.stringify(tz)}: use an IANA time zone name (e.g. Europe/Paris, America/New_York, UTC)`];
  }
}
