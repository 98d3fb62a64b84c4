// Go's time.ParseDuration, the one reader of durations ("30s", "1h30m", "1.5h") in manifests, cron's @every and the
// CLI's --since and --timeout, so that a duration means the same everywhere.

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const TERM = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;

/** "30s", "5m", "1h30m", "1.5h", "-2m" → milliseconds, or what is wrong. */
export function parseDuration(s: string): { ms: number } | { error: string } {
  const bad = { error: `${JSON.stringify(s)} is not a duration: use a number with a unit (ms, s, m, h), e.g. 30s, 5m, 1h30m` };
  if (s === '0') return { ms: 0 };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') return bad;
  let ms = 0;
  while (rest) {
    const m = TERM.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') return bad;
    ms += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return { ms: sign * ms };
}

/**
 * A duration the manifest has already validated, in ms: `fallbackMs` when it is absent, or (never after validation)
 * does not parse or is negative. For the pure core's readers of cluster.yaml fields and annotations.
 */
export function durationMs(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const parsed = parseDuration(text.trim());
  return 'ms' in parsed && parsed.ms >= 0 ? parsed.ms : fallbackMs;
}
