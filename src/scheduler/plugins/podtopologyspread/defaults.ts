// Default topology spread constraints: what PodTopologySpread applies to pods that set none, configured as
// kube-scheduler's PodTopologySpreadArgs (defaultingType System or List, defaultConstraints) and validated as it does.
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { TerminalError } from '../../../errors';
import { LABEL_HOSTNAME } from '../../../manifest';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export interface PodTopologySpreadArgs {
  /** With defaultingType List: the constraints of pods that set none. No labelSelector: it is deduced per pod. */
  defaultConstraints?: TopologySpreadConstraint[];
  /** System (the default): SYSTEM_DEFAULT_CONSTRAINTS, and defaultConstraints must be empty. List: defaultConstraints. */
  defaultingType?: 'System' | 'List';
}

/** kube-scheduler's systemDefaultConstraints: spread softly over hosts, and more softly over zones. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
]);

export interface DefaultConstraints {
  readonly constraints: readonly TopologySpreadConstraint[];
  /**
   * System defaulting. kube-scheduler then scores a node that lacks one of the keys by the others (a cluster without
   * zone labels still spreads over hosts), where for any other constraints such a node is ignored (scores 0).
   */
  readonly systemDefaulted: boolean;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const PATH = 'pluginConfig.PodTopologySpread';

/** The default constraints the arguments ask for; a TerminalError naming every invalid field otherwise. */
export function defaultConstraints(args: PodTopologySpreadArgs = {}): DefaultConstraints {
  const type = args.defaultingType ?? 'System';
  const list = args.defaultConstraints ?? [];
  const errors: string[] = [];
  if (type !== 'System' && type !== 'List') {
    errors.push(`${PATH}.defaultingType: Unsupported value: "${type}": supported values: "System", "List"`);
  } else if (type === 'System' && list.length > 0) {
    errors.push(`${PATH}.defaultingType: Invalid value: "System": when .defaultConstraints are not empty`);
  }
  list.forEach((c, i) => errors.push(...constraintErrors(list, i)));
  if (errors.length) {
    throw new TerminalError('SchedulerConfigError', errors.join('; '), { plugin: 'PodTopologySpread', errors });
  }
  return type === 'System'
    ? { constraints: SYSTEM_DEFAULT_CONSTRAINTS, systemDefaulted: true }
    : { constraints: list, systemDefaulted: false };
}

/** kube-scheduler's ValidatePodTopologySpreadArgs for defaultConstraints[i], in its words. */
function constraintErrors(list: readonly TopologySpreadConstraint[], i: number): string[] {
  const c = list[i];
  const at = `${PATH}.defaultConstraints[${i}]`;
  const errors: string[] = [];
  if (!Number.isInteger(c.maxSkew) || c.maxSkew <= 0) errors.push(`${at}.maxSkew: Invalid value: ${c.maxSkew}: not in valid range`);
  if (!c.topologyKey) errors.push(`${at}.topologyKey: Required value: can not be empty`);
  if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) {
    const supported = WHEN_UNSATISFIABLE.map((w) => `"${w}"`).join(', ');
    errors.push(`${at}.whenUnsatisfiable: Unsupported value: "${c.whenUnsatisfiable}": supported values: ${supported}`);
  }
  if (c.labelSelector) errors.push(`${at}.labelSelector: Forbidden: constraint must not define a selector, as it is deduced for each pod`);
  const first = list.findIndex((d) => d.topologyKey === c.topologyKey && d.whenUnsatisfiable === c.whenUnsatisfiable);
  if (first < i) errors.push(`${at}: Duplicate value: {${c.topologyKey}, ${c.whenUnsatisfiable}} (as defaultConstraints[${first}])`);
  return errors;
}
