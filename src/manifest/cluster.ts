/** cluster.yaml: berth.dev/v1 Cluster, the cluster-wide settings. Defaults are filled by the Cluster kind spec. */
export interface Cluster {
  apiVersion: 'berth.dev/v1';
  kind: 'Cluster';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: ClusterSpec;
}

export interface ClusterSpec {
  sync: {
    /** The branch or ref the cluster follows. Default `main`. */
    ref: string;
    /** Poll interval as a duration string ("30s", "5m"). Default 30s. */
    interval: string;
    /** Delete what is no longer in git. Default true. */
    prune: boolean;
    /** Undo changes made on hosts by hand. Default true. */
    selfHeal: boolean;
    /** Revert a commit whose rollout failed. Default false. */
    autoRevert: boolean;
  };
  network: {
    /** Virtual IPs of Services. Default 10.96.0.0/16. */
    serviceCIDR: string;
    /** Default cluster.local. */
    clusterDomain: string;
    /** Default "30000-32767". */
    nodePortRange: string;
  };
  /** Hosts that take NodePort, LoadBalancer and Ingress traffic; default: hosts labelled berth.dev/edge=true. */
  edge?: { hosts?: string[] };
  previews?: {
    enabled: boolean;
    refPattern: string;
    domain?: string;
    ttl: string;
    maxPods: number;
  };
  registry?: { url: string; insecure?: boolean };
  notifications?: { webhook?: { url: string; secretRef?: { name: string; key: string } } };
  rollouts: {
    /**
     * How long a new pod of a Deployment may fail to start (image pull, config error, crash, readiness) before the
     * rollout fails and rolls back, as a duration ("1m", "90s"; "0": only progressDeadlineSeconds). Default 1m.
     * A Deployment's berth.dev/rollout-failure-timeout annotation overrides it.
     */
    failureTimeout: string;
  };
  /** What pods may ask of hosts. Both default false, as a cautious PodSecurity "baseline". */
  security: { allowPrivileged: boolean; allowHostPath: boolean; allowHostNetwork: boolean };
  scheduling: {
    /**
     * How long placement of new pods waits for inventory hosts that have not reported yet (the controller just
     * started, or hosts are being bootstrapped), as a duration; "0s" places at once on the hosts that answered.
     * Default 30s, at most 10m.
     */
    settleTime: string;
    /**
     * Move pods that break their topology spread (DoNotSchedule) or required pod anti-affinity once a better host
     * exists, one at a time within PodDisruptionBudgets and maxUnavailable (the descheduler's
     * RemovePodsViolatingTopologySpreadConstraint and RemovePodsViolatingInterPodAntiAffinity). Default true; a
     * workload opts out with the annotation berth.dev/rebalance: "false".
     */
    rebalance: boolean;
  };
}
