// The plan module: desired vs live → per-host actions and per-object RFC 6902 patches. Pure: no I/O, no clock.
export { parseLiveSnapshot, SnapshotError, type LiveSnapshot, type LiveHost, type SnapshotResult, type SnapshotErrorData } from './snapshot';
export { pairObjects, compareObjectKeys, type ObjectPair } from './pair';
export { adoptLiveHosts, adopt } from './adopt';
export { plan, REASON_NOT_RUNNING, REASON_NOT_IN_GIT, REASON_NOT_SCHEDULED, REASON_PENDING } from './plan';
// The plan's spec hash of a pod is the base module's, the one the agent reads too.
export { podSpecHashOf as podSpecHash, specHashOf } from '../manifest';
export { comparableObject } from './comparable';
export { objectPatches, podPatch } from './patches';
export { hostSets, type HostSet } from './host-sets';
export { renderPlan } from './render';
export { renderObjectDiff, type ObjectDiffOptions } from './objectdiff';
export { podKey, comparePodKeys } from './order';
export type { Action, ActionType, HostPlan, PendingPod, ObjectPatch, Plan, PlanWithSets, PlanSummary, PlanInput } from './types';
