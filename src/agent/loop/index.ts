// The pod loop (Berth's kubelet SyncLoop) and what the rest of the agent reads of it.
export { PodLoop, groupBy, messageOf } from './pod-loop';
export {
  instanceKey,
  ANNOTATION_REPLACE_DEADLINE,
  DEFAULT_REPLACE_DEADLINE_SECONDS,
  CONDITION_ROLLED_BACK,
  REASON_NOT_READY_IN_TIME,
  REASON_ADOPTED_ROLLBACK,
} from './book';
export { killForProbe } from './probe-kill';
export { REASON_RUNTIME_DOWN, RUNTIME_CALL_TIMEOUT_MS, RUNTIME_CALL_WHILE_DOWN_MS, withinDeadline, type RuntimeStatus } from './runtime-health';
export { reportedPod, unreachablePod } from './status';
