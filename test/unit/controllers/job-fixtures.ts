// Live pods as agents report them, built from desired pods, for the Job, HPA and disruption tests.
import type { Pod } from 'kubernetes-types/core/v1';

export interface LiveOptions {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  /** When the pod finished (its containers terminated), RFC 3339. */
  finishedAt?: string;
  restarts?: number;
  startTime?: string;
  /** When Ready last changed, RFC 3339. */
  readySince?: string;
  node?: string;
}

/** `desired` as an agent reports it: placed on a node, with phase, readiness, container state and restarts. */
export function live(desired: Pod, { phase = 'Running', ready = phase === 'Running', finishedAt, restarts = 0, startTime, readySince, node = 'h1' }: LiveOptions = {}): Pod {
  const name = desired.spec?.containers[0]?.name ?? 'app';
  const terminated = phase === 'Succeeded' || phase === 'Failed';
  return {
    ...desired,
    spec: { ...desired.spec!, nodeName: node },
    status: {
      phase,
      ...(startTime ? { startTime } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(readySince ? { lastTransitionTime: readySince } : {}) }],
      containerStatuses: [
        {
          name,
          image: 'img',
          imageID: '',
          ready,
          restartCount: restarts,
          state: terminated
            ? { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, ...(finishedAt ? { finishedAt } : {}) } }
            : { running: {} },
        },
      ],
    },
  };
}

export const at = (iso: string) => new Date(iso);

/** `iso` plus `seconds`, as a Date. */
export const after = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000);
