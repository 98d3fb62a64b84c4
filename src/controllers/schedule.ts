// When CronJobs run: the slots of a schedule (read by manifest's parseSchedule, as validation reads it) and Go's time
// formats for the events and status that name them.
import { TerminalError } from '../errors';
import { parseSchedule, type CronFields, type CronSchedule } from '../manifest';

/**
 * The most recent time the schedule fires at or before `now`, in `timeZone` (IANA; UTC when unset — Kubernetes uses
 * the controller's local zone, Berth does not read the host's zone so plans are the same everywhere).
 * `@every <duration>` counts from `since` (the last run or the creation, as robfig's ConstantDelaySchedule does),
 * or from the Unix epoch when neither is known.
 */
export function mostRecentScheduleTime(schedule: string, timeZone: string | undefined, now: Date, since?: Date): Date | undefined {
  const parsed = readSchedule(schedule, timeZone);
  if ('every' in parsed) {
    const start = everyStart(since);
    const k = Math.floor((now.getTime() - start) / parsed.every);
    return k >= 1 ? new Date(start + k * parsed.every) : undefined;
  }
  // previousRuns is strictly before its reference; a slot at exactly `now` is due (Kubernetes: !t.After(now)).
  const [slot] = run(parsed, () => parsed.cron.previousRuns(1, new Date(now.getTime() + 1)));
  return slot ?? undefined;
}

/** The first time the schedule fires strictly after `after` (robfig's Schedule.Next); `since` as for mostRecentScheduleTime. */
export function nextScheduleTime(schedule: string, timeZone: string | undefined, after: Date, since?: Date): Date | undefined {
  const parsed = readSchedule(schedule, timeZone);
  if ('every' in parsed) {
    const start = everyStart(since);
    const k = Math.max(0, Math.floor((after.getTime() - start) / parsed.every) + 1);
    return new Date(start + k * parsed.every);
  }
  return run(parsed, () => parsed.cron.nextRun(after)) ?? undefined;
}

/**
 * Kubernetes' estimate of the slots missed since `earliest` (the last run or the creation, moved up to
 * now − startingDeadlineSeconds): the time from the first slot to now over the gap between the first two, plus one.
 * Above 100 it warns (TooManyMissedTimes) and still starts only the most recent slot.
 */
export function missedScheduleCount(schedule: string, timeZone: string | undefined, earliest: Date, now: Date, since?: Date): number {
  const t1 = nextScheduleTime(schedule, timeZone, earliest, since);
  if (!t1 || now < t1) return 0;
  const t2 = nextScheduleTime(schedule, timeZone, t1, since);
  if (!t2 || now < t2) return 1;
  const gap = Math.round((t2.getTime() - t1.getTime()) / 1000);
  return gap < 1 ? 0 : Math.floor(Math.floor((now.getTime() - t1.getTime()) / 1000) / gap) + 1;
}

/** The schedule as validation read it; reaching an error here means the two disagree, which retrying cannot fix. */
function readSchedule(schedule: string, timeZone: string | undefined): CronSchedule {
  const parsed = parseSchedule(schedule, timeZone);
  if ('error' in parsed) throw scheduleInvalid(schedule, timeZone, parsed.error);
  return parsed;
}

/** `@every` counts from the last run or the creation, as robfig's ConstantDelaySchedule does; else from the epoch. */
function everyStart(since: Date | undefined): number {
  return Math.floor((since?.getTime() ?? 0) / 1000) * 1000;
}

function run<T>({ text, timeZone }: CronFields, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw scheduleInvalid(text, timeZone, e instanceof Error ? e.message : String(e));
  }
}

function scheduleInvalid(schedule: string, timeZone: string | undefined, reason: string): TerminalError {
  return new TerminalError('ScheduleInvalid', `cannot schedule "${schedule}"${timeZone ? ` in ${timeZone}` : ''}: ${reason}`, { schedule, timeZone });
}

/** Go's time.Format(time.RFC3339) of `date` in `timeZone`: local wall time and offset, whole seconds, Z for UTC. */
export function formatRFC3339(date: Date, timeZone: string | undefined): string {
  const seconds = Math.floor(date.getTime() / 1000) * 1000;
  if (!timeZone) return new Date(seconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(seconds))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMinutes = Math.round((wall - seconds) / 60_000);
  const local = new Date(wall).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's t.UTC().Format(time.RFC1123Z), as the MissSchedule event prints a slot: "Sun, 10 Mar 2024 12:05:00 +0000". */
export function formatRFC1123Z(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}
