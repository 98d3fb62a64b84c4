// The outcome of one extension point, after kube-scheduler's framework.Status. "Does not fit" is an expected
// outcome with user-facing reasons, never an exception. `null` stands for Success on hot paths (Go's nil *Status).

export enum Code {
  Success = 0,
  /** Does not fit now; might after other pods move (preemption may help). */
  Unschedulable = 1,
  /** Does not fit and moving other pods cannot change that (a label, a taint, a cordon). */
  UnschedulableAndUnresolvable = 2,
  /** The plugin has nothing to do for this pod: the framework skips its later extension points. */
  Skip = 3,
  /** An internal failure, not a property of the pod or the node. */
  Error = 4,
}

export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that returned it, set by the framework where it matters (diagnosis). */
    readonly plugin?: string,
  ) {}

  get message(): string {
    return this.reasons.join(', ');
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }
}

export const SKIP = new Status(Code.Skip);

export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

export function asError(plugin: string, err: unknown): Status {
  return new Status(Code.Error, [err instanceof Error ? err.message : String(err)], plugin);
}

/** True for null (Success) and Success statuses. */
export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === Code.Success;
}

/** Count each reason once per node that reported it, like Kubernetes' FitError reason histogram. */
export function reasonHistogram(statuses: Iterable<Status>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) for (const r of s.reasons) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/**
 * Kubernetes' FitError.Error(): "0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient
 * memory." — "N reason" strings sorted as plain strings (Go's sort.Strings, so "10 x" sorts before "2 y"), joined
 * with ", ". Berth says "hosts" in the leading count. A PreFilter rejection replaces the histogram with its message.
 */
export function fitErrorMessage(numAllNodes: number, reasons: Record<string, number>, preFilterMsg?: string): string {
  let msg = `0/${numAllNodes} hosts are available:`;
  if (preFilterMsg) return `${msg} ${preFilterMsg}.`;
  const parts = Object.entries(reasons).map(([r, n]) => `${n} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (parts.length) msg += ` ${parts.join(', ')}.`;
  return msg;
}

export const NO_NODES_AVAILABLE = 'no hosts available to schedule pods';
