// CronJob schedules, read once for both validation and scheduling: croner with the options that make it read a
// schedule as Kubernetes' CronJob controller does (robfig/cron's ParseStandard), so that what validation accepts is
// exactly what the controller can schedule. Errors are told in robfig's words, which people find in Kubernetes' docs.
import { Cron } from 'croner';
import { parseDuration } from '../common';

/**
 * Exactly 5 fields, @yearly/@monthly/@weekly/@daily/@hourly macros, `N/step` meaning N-max/step, day-of-month OR
 * day-of-week when both are restricted.
 */
export const CRON_OPTIONS = { mode: '5-part', legacyMode: true, sloppyRanges: true } as const;

/** A five-field schedule (or a macro), read by croner in `timeZone` (UTC when unset). */
export interface CronFields {
  cron: Cron;
  text: string;
  timeZone?: string;
}

/** `@every <duration>`: whole seconds, at least one (robfig's ConstantDelaySchedule). */
export type CronSchedule = { every: number } | CronFields;

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
const NAMES: Record<number, string[]> = {
  3: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  4: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
// croner's part names → robfig's bounds; croner counts days of the month and months from 0.
const BOUNDS: Record<string, { field: string; min: number; max: number; shift: number }> = {
  minute: { field: 'minute', min: 0, max: 59, shift: 0 },
  hour: { field: 'hour', min: 0, max: 23, shift: 0 },
  day: { field: 'day-of-month', min: 1, max: 31, shift: 1 },
  month: { field: 'month', min: 1, max: 12, shift: 1 },
  dayOfWeek: { field: 'day-of-week', min: 0, max: 6, shift: 0 },
};

/**
 * robfig/cron also takes the zone as a prefix, `TZ=Europe/Paris 0 9 * * *`: the prefix, split off. Kubernetes'
 * validation refuses it in new objects (the timeZone field replaces it); its controller still honours it.
 */
export function splitTimeZone(schedule: string): { schedule: string; timeZone?: string } {
  const prefixed = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/.exec(schedule.trim());
  return prefixed ? { schedule: prefixed[2], timeZone: prefixed[1] } : { schedule };
}

/** Reads a schedule (a `TZ=` prefix wins over `timeZone`), or says what is wrong with it. */
export function parseSchedule(schedule: string, timeZone?: string): CronSchedule | { error: string } {
  const split = splitTimeZone(schedule);
  const text = split.schedule.trim();
  const zone = split.timeZone ?? timeZone;
  if (text === '') return { error: 'schedule is empty' };
  const every = /^@every\s+(\S+)$/.exec(text);
  if (every) {
    const d = parseDuration(every[1]);
    if ('error' in d) return { error: `failed to parse duration in ${text}: ${d.error}` };
    // robfig's Every: whole seconds, at least one.
    return { every: Math.max(1000, Math.floor(d.ms / 1000) * 1000) };
  }
  if (text.startsWith('@') && !DESCRIPTORS.has(text.toLowerCase())) {
    return { error: `unrecognized descriptor ${text}: use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>` };
  }
  if (zone !== undefined) {
    const [zoneError] = timeZoneErrors(zone);
    if (zoneError) return { error: zoneError };
  }
  const narrower = text.startsWith('@') ? undefined : robfigOnlyError(text);
  if (narrower) return { error: narrower };
  try {
    const cron = new Cron(text.startsWith('@') ? text.toLowerCase() : text, { ...CRON_OPTIONS, timezone: zone ?? 'Etc/UTC' });
    return zone === undefined ? { cron, text } : { cron, text, timeZone: zone };
  } catch (err) {
    return { error: robfigMessage(err instanceof Error ? err.message : String(err), text) };
  }
}

/**
 * What croner accepts and robfig's standard parser does not, so Kubernetes would refuse it: croner's L, W and #,
 * names outside the month and day-of-week fields, and 7 for Sunday. Each field is numbers, names, `*` or `?`,
 * joined by `,`, `-` and `/`.
 */
function robfigOnlyError(text: string): string | undefined {
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `expected exactly 5 fields (${FIELD_NAMES.join(' ')}), found ${parts.length}: ${text}`;
  for (const [i, part] of parts.entries()) {
    for (const token of part.split(/[,/-]/)) {
      const named = NAMES[i]?.includes(token.toLowerCase()) ?? false;
      if (!named && !/^(\d+|\*|\?)$/.test(token)) return `${FIELD_NAMES[i]}: failed to parse int from ${JSON.stringify(token)}`;
      if (i === 4 && Number(token) > 6) return `day-of-week: end of range (${token}) above maximum (6): ${part}`;
    }
  }
  return undefined;
}

/** croner's message about a schedule, as robfig/cron words it. */
function robfigMessage(message: string, text: string): string {
  const reason = message.replace(/^CronPattern: /, '');
  const value = /^Invalid value for (\w+): (-?\d+)/.exec(reason);
  if (value && BOUNDS[value[1]]) {
    const { field, min, max, shift } = BOUNDS[value[1]];
    const n = Number(value[2]) + shift;
    return n < min ? `${field}: beginning of range (${n}) below minimum (${min})` : `${field}: end of range (${n}) above maximum (${max})`;
  }
  const range = /^From value is larger than to value: '(.*)'/.exec(reason);
  if (range) return `beginning of range beyond end of range: ${range[1]}`;
  if (/^Syntax error, illegal stepping: 0/.test(reason)) return `step of range should be a positive number: ${text}`;
  const hyphens = /^Syntax error, illegal range: '(.*)'/.exec(reason);
  if (hyphens && hyphens[1].split('-').length > 2) return `too many hyphens: ${hyphens[1]}`;
  const slashes = /^Syntax error, illegal stepping: '(.*)'/.exec(reason);
  if (slashes && slashes[1].split('/').length > 2) return `too many slashes: ${slashes[1]}`;
  return reason;
}

/** Whether a wall-clock minute (in the schedule's time zone) is a run time of the schedule. */
export function scheduleMatches(s: CronFields, t: { minute: number; hour: number; dayOfMonth: number; month: number; dayOfWeek: number }): boolean {
  // A date with that wall clock: the calendar repeats within 28 years, so one of them has the day on that weekday.
  for (let year = 2000; year < 2028; year++) {
    const date = new Date(Date.UTC(year, t.month - 1, t.dayOfMonth, t.hour, t.minute));
    if (date.getUTCDate() !== t.dayOfMonth || date.getUTCDay() !== t.dayOfWeek) continue;
    return new Cron(s.cron.getPattern()!, { ...CRON_OPTIONS, timezone: 'Etc/UTC' }).match(date);
  }
  return false;
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
