// Every user-facing reason a filter can give, in one place for callers that branch on or explain them.
export { ERR_REASON_UNSCHEDULABLE as NODE_UNSCHEDULABLE } from './plugins/nodeunschedulable';
export { ERR_REASON as NODE_NAME } from './plugins/nodename';
export { errReasonUntoleratedTaint as untoleratedTaint } from './plugins/tainttoleration';
export { ERR_REASON_POD as NODE_AFFINITY, ERR_REASON_CONFLICT as NODE_AFFINITY_CONFLICT } from './plugins/nodeaffinity';
export { ERR_REASON as NODE_PORTS } from './plugins/nodeports';
export {
  ERR_REASON_TOO_MANY_PODS as TOO_MANY_PODS,
  ERR_REASON_INSUFFICIENT_CPU as INSUFFICIENT_CPU,
  ERR_REASON_INSUFFICIENT_MEMORY as INSUFFICIENT_MEMORY,
  ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE as INSUFFICIENT_EPHEMERAL_STORAGE,
} from './plugins/noderesources/fit';
export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as POD_AFFINITY,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as POD_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING_POD_ANTI_AFFINITY,
} from './plugins/interpodaffinity';
export {
  ERR_REASON_CONSTRAINTS_NOT_MATCH as TOPOLOGY_SPREAD,
  ERR_REASON_NODE_LABEL_NOT_MATCH as TOPOLOGY_SPREAD_MISSING_LABEL,
} from './plugins/podtopologyspread';
