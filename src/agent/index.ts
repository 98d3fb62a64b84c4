// The host agent (Berth's kubelet): startAgent wires the parts; the API client is what the controller uses.
export { startAgent, AGENT_DEFAULTS, type Agent, type AgentOptions } from './agent';
export { AgentClient, AgentApiError, type AgentConnection, type AgentClientOptions, type PodList, type HostFacts, type PodStats, type ExecResult } from './api';
export type { DesiredSet } from './state';
export {
  ANNOTATION_REPLACE_DEADLINE,
  DEFAULT_REPLACE_DEADLINE_SECONDS,
  CONDITION_ROLLED_BACK,
  REASON_NOT_READY_IN_TIME,
  REASON_ADOPTED_ROLLBACK,
} from './loop-book';
