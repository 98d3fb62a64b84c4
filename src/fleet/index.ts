// The fleet: how the controller reaches hosts. A plain list of exports.
export type { HostSession, CommandResult, ExecOptions } from './session';
export { Fleet, type FleetOptions } from './ssh/fleet';
export { fanOut, type FanOutResult, type FanOutOptions } from './ssh/fan-out';
export { SshSession, DEFAULT_CALL_TIMEOUT_MS } from './ssh/ssh-session';
export { SshConnection, CONNECTION_DEFAULTS, type ConnectionOptions } from './ssh/connection';
export { dial, DIAL_DEFAULTS, type DialOptions } from './ssh/dial';
export { sshTarget, resolvePath, type SshTarget } from './ssh/target';
export { agentClientFor } from './ssh/agent-client';
export { fetchHostKey } from './ssh/fetch-host-key';
export { fingerprint, keyType } from './ssh/host-key';
export { knownHostName } from './ssh/host-pattern';
export { parseKnownHosts, verifyHostKey, type KnownHosts, type KnownHostEntry, type HostKeyCheck } from './ssh/known-hosts';
export { readKnownHosts, recordHostKey, type RecordHostKey } from './ssh/known-hosts-file';
export {
  HostKeyUnknownError,
  HostKeyChangedError,
  HostKeyRevokedError,
  HostIdentityError,
  HostAuthError,
  HostUnreachableError,
  HostTimeoutError,
  HostCallError,
} from './ssh/errors';
export { LocalSession, type LocalSessionOptions } from './local';
export { readAgentBundle, defaultAgentBundlePath, type AgentBundle } from './agent-bundle';
export { bootstrapHost, type BootstrapOptions, type BootstrapReport, type BootstrapOutcome } from './bootstrap';
export { planBootstrap, missingPrerequisites, MIN_NODE_MAJOR, DEFAULT_MIN_FREE_BYTES, type BootstrapStep, type BootstrapPlan, type BootstrapWanted, type MissingPrerequisite } from './bootstrap-plan';
export { agentLayout, bundleFileName, type AgentLayout } from './bootstrap-layout';
export { probeCommand, parseProbe, type BootstrapFacts } from './bootstrap-probe';
export { ImageShipper, type ImageShipperOptions, type EnsureImagesOptions, type ImageResult, type ImageOutcome, type ImageProgress } from './images';
export { normalizeImageRef, missingImages } from './images-refs';
export { HostMonitor, sessionHealthProbe, type HostMonitorOptions, type HostHealth, type HealthProbe } from './health-monitor';
export { nodeConditions, readyStatus, kubeTime, DEFAULT_GRACE_PERIOD_MS, REASON_AGENT_READY, REASON_NODE_STATUS_UNKNOWN, REASON_NODE_STATUS_NEVER_UPDATED, type Heartbeats } from './health-conditions';
export { runningAgentVersion } from './health-client';
export { statusRound, type HostStatus, type StatusRoundOptions } from './status-round';
export { hostNode, allocatedOn, nodeStatusText, notReadyReasons, RUNTIME_DOWN_ADVICE, type HostReport, type Allocated } from './node-status';
