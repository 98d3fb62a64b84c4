// The controller module: the loop that wires source → load → expand → schedule → plan → apply → observe.
export { planPass, EMPTY_FLEET, type PassResult, type PassOptions } from './pass';
export { Controller, type ControllerOptions, type Snapshot } from './loop';
export { LoopView, ControllerNotFoundError } from './view-impl';
export { FileStore, type Store } from './store';
export { recordEvents, MAX_EVENTS, type Decision } from './events';
export { hostShares, type HostShare } from './desired-sets';
export { nodeLifecycle, TAINT_NOT_READY, TAINT_UNREACHABLE, DEFAULT_EVICTION_MS } from './node-lifecycle';
export type { ControllerView, SyncStatus, PodLogOptions, ExecResult, RolloutRevision, DrainStatus } from './view';
export { serveControllerSocket, ControllerClient, controllerSocketPath, NoControllerError, ControllerRequestError, type ControllerSocket } from './socket';
