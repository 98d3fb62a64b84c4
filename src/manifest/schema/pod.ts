import { bool, int, list, object, oneOf, opt, quantity, str, stringMap, strings } from './fields';
import { container, seccompProfile } from './container';
import { templateMeta } from './meta';
import { labelSelector, nodeSelector, nodeSelectorTerm } from './selector';

const keyToPath = object({ key: str, path: str, mode: opt(int) });

export const hostPathSource = object({
  path: str,
  type: opt(oneOf(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'])),
});

const CLOUD = 'Berth runs on plain hosts: use hostPath, emptyDir or a PersistentVolumeClaim';

export const volume = object(
  {
    name: str,
    configMap: opt(object({ name: str, items: opt(list(keyToPath)), defaultMode: opt(int), optional: opt(bool) })),
    secret: opt(object({ secretName: str, items: opt(list(keyToPath)), defaultMode: opt(int), optional: opt(bool) })),
    emptyDir: opt(object({ medium: opt(oneOf(['', 'Memory'], ['HugePages'])), sizeLimit: opt(quantity) })),
    hostPath: opt(hostPathSource),
    persistentVolumeClaim: opt(object({ claimName: str, readOnly: opt(bool) })),
  },
  {
    unsupported: {
      ...Object.fromEntries(
        ['awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'glusterfs', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume'].map((k) => [k, CLOUD]),
      ),
      projected: 'mount the configMap and secret volumes separately',
      downwardAPI: 'use env valueFrom.fieldRef',
      ephemeral: 'use emptyDir',
      gitRepo: 'deprecated by Kubernetes; use an init container',
    },
  },
);

const podAffinityTerm = object(
  { labelSelector: opt(labelSelector), namespaces: opt(strings), topologyKey: str },
  { unsupported: ['namespaceSelector', 'matchLabelKeys', 'mismatchLabelKeys'] },
);
const podAffinity = object({
  requiredDuringSchedulingIgnoredDuringExecution: opt(list(podAffinityTerm)),
  preferredDuringSchedulingIgnoredDuringExecution: opt(list(object({ weight: int, podAffinityTerm }))),
});
const affinity = object({
  nodeAffinity: opt(
    object({
      requiredDuringSchedulingIgnoredDuringExecution: opt(nodeSelector),
      preferredDuringSchedulingIgnoredDuringExecution: opt(list(object({ weight: int, preference: nodeSelectorTerm }))),
    }),
  ),
  podAffinity: opt(podAffinity),
  podAntiAffinity: opt(podAffinity),
});

export const taintEffect = oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

const toleration = object({
  key: opt(str),
  operator: opt(oneOf(['Exists', 'Equal'])),
  value: opt(str),
  effect: opt(oneOf(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'])),
  tolerationSeconds: opt(int),
});

const topologySpreadConstraint = object(
  {
    maxSkew: int,
    topologyKey: str,
    whenUnsatisfiable: oneOf(['DoNotSchedule', 'ScheduleAnyway']),
    labelSelector: opt(labelSelector),
    minDomains: opt(int),
    nodeAffinityPolicy: opt(oneOf(['Honor', 'Ignore'])),
    nodeTaintsPolicy: opt(oneOf(['Honor', 'Ignore'])),
  },
  { unsupported: ['matchLabelKeys'] },
);

const podSecurityContext = object(
  {
    runAsUser: opt(int),
    runAsGroup: opt(int),
    runAsNonRoot: opt(bool),
    fsGroup: opt(int),
    supplementalGroups: opt(list(int)),
    seccompProfile: opt(seccompProfile),
  },
  { unsupported: ['appArmorProfile', 'fsGroupChangePolicy', 'seLinuxOptions', 'sysctls', 'windowsOptions', 'supplementalGroupsPolicy'] },
);

const NO_SERVICE_ACCOUNTS = 'Berth has no service accounts or API tokens';

export const podSpec = object(
  {
    containers: list(container),
    initContainers: opt(list(container)),
    volumes: opt(list(volume)),
    restartPolicy: opt(oneOf(['Always', 'OnFailure', 'Never'])),
    terminationGracePeriodSeconds: opt(int),
    activeDeadlineSeconds: opt(int),
    dnsPolicy: opt(oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'])),
    dnsConfig: opt(object({ nameservers: opt(strings), searches: opt(strings), options: opt(list(object({ name: str, value: opt(str) }))) })),
    nodeSelector: opt(stringMap),
    nodeName: opt(str),
    hostNetwork: opt(bool),
    hostname: opt(str),
    subdomain: opt(str),
    hostAliases: opt(list(object({ ip: str, hostnames: opt(strings) }))),
    affinity: opt(affinity),
    tolerations: opt(list(toleration)),
    topologySpreadConstraints: opt(list(topologySpreadConstraint)),
    priorityClassName: opt(str),
    securityContext: opt(podSecurityContext),
    imagePullSecrets: opt(list(object({ name: str }))),
  },
  {
    unsupported: {
      serviceAccountName: NO_SERVICE_ACCOUNTS,
      serviceAccount: NO_SERVICE_ACCOUNTS,
      automountServiceAccountToken: NO_SERVICE_ACCOUNTS,
      enableServiceLinks: 'Berth injects no service environment variables; use DNS names',
      ephemeralContainers: '',
      hostIPC: '',
      hostPID: '',
      hostUsers: '',
      os: 'Berth runs Linux containers only',
      overhead: '',
      preemptionPolicy: 'set it on the PriorityClass',
      priority: 'set priorityClassName instead',
      readinessGates: '',
      resourceClaims: '',
      runtimeClassName: 'Berth runs every pod with Docker’s default runtime',
      schedulerName: 'Berth has one scheduler',
      schedulingGates: '',
      setHostnameAsFQDN: '',
      shareProcessNamespace: '',
    },
  },
);

export const podTemplate = object({ metadata: opt(templateMeta), spec: podSpec });
