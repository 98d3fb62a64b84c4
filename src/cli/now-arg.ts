import { UsageError } from '../errors';

/** --now of plan and diff: the time CronJobs are evaluated at; absent, the present. */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now "${value}" is not a time; use ISO 8601, e.g. 2026-01-31T12:00:00Z`);
  return d;
}
