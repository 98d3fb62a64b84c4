import { UsageError } from '../errors';
import { formatRFC1123Z } from '../controllers';
import { parseDuration } from '../common';

// Times as kubectl prints them: apimachinery's duration.HumanDuration for AGE columns, RFC 1123Z for describe.

/** duration.HumanDuration: "45s", "5m3s", "3h", "2d4h", "1y30d"; within 2 s in the future is "0s". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** translateTimestampSince: the age of a timestamp, "<unknown>" when there is none. */
export function since(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const then = Date.parse(timestamp);
  return Number.isNaN(then) ? '<unknown>' : humanDuration(now.getTime() - then);
}

/** Go's time.RFC1123Z in UTC ("Mon, 02 Jan 2006 15:04:05 +0000"), as `kubectl describe` prints times. */
export function rfc1123z(timestamp: string | undefined): string {
  if (!timestamp) return '<unset>';
  const d = new Date(timestamp);
  return Number.isNaN(d.getTime()) ? timestamp : formatRFC1123Z(d);
}

/** A duration flag ("5m", "1h30m", "30s": Go's durations, as kubectl's --since and --timeout take them) → ms. */
export function parseDurationFlag(flag: string, value: string): number {
  const parsed = parseDuration(value);
  if ('error' in parsed) throw new UsageError(`${flag}: ${parsed.error}`);
  if (parsed.ms < 0) throw new UsageError(`${flag}: must not be negative, not ${JSON.stringify(value)}`);
  return parsed.ms;
}
