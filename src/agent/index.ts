// The host agent (Berth's kubelet): startAgent wires the parts; the API client is what the controller uses.
export { startAgent, AGENT_DEFAULTS, type Agent, type AgentOptions } from './agent';
export { agentPaths, DEFAULT_AGENT_PATHS, ENV_AGENT_HOME, ENV_AGENT_SOCKET, type AgentPaths } from './paths';
export {
  AgentClient,
  AgentApiError,
  type AgentConnection,
  type AgentClientOptions,
  type LoadImageOptions,
  type PodsOptions,
  type PodsAnswer,
  type HostFactsAnswer,
  type PodList,
  type HostFacts,
  type Healthz,
  type LoadedImages,
  type PodStats,
  type ExecResult,
  type LogOptions,
} from './api';
export { REASON_RUNTIME_DOWN, type RuntimeStatus } from './loop';
export { qosClass } from './pods/status-qos';
// The lab builds its demo images as the agent builds its sandbox image.
export { buildImage, imageExists } from './runtime';
export type { DesiredSet } from './state';
export {
  ANNOTATION_REPLACE_DEADLINE,
  DEFAULT_REPLACE_DEADLINE_SECONDS,
  CONDITION_ROLLED_BACK,
  REASON_NOT_READY_IN_TIME,
  REASON_ADOPTED_ROLLBACK,
} from './loop';
