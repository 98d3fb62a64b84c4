// The controller module: the loop that wires source → load → expand → schedule → plan → apply → observe.
export { planPass, EMPTY_FLEET, type PassResult, type PassOptions } from './plan-pass';
export { runPass, FIRST_PASS, type PassInput, type PassOutcome, type PassMemory, type PassView } from './pass';
export { Controller, type ControllerOptions, type Snapshot } from './loop';
export { LoopView, ControllerNotFoundError } from './view-impl';
export { FileStore, StagedStore, applyStoreUpdates, lockState, type Store, type StoreReader, type StoreUpdate, type StateLock, type StateHolder } from './store';
export type { HostObservation, HostReport, HostRecord } from './observe';
export { recordEvents, mergeReportedEvents, MAX_EVENTS, type Decision } from './events';
export { desiredSets, type HostDesired } from './desired-sets';
export { nodeLifecycle, TAINT_NOT_READY, TAINT_UNREACHABLE, DEFAULT_EVICTION_MS } from './node-lifecycle';
export type { ControllerView, SyncStatus, PodLogOptions, ExecResult, RolloutRevision, DrainStatus } from './view';
export { serveControllerSocket, ControllerClient, controllerSocketPath, NoControllerError, ControllerRequestError, type ControllerSocket } from './socket';
