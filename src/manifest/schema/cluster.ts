// Kinds of the cluster's plumbing: Namespace, ConfigMap, Secret, storage, and the policies around workloads.
import { bool, int, intOrString, list, map, object, oneOf, opt, quantity, str, stringMap } from './fields';
import { kindWithFields, kindWithSpec } from './meta';
import { hostPathSource } from './pod';
import { labelSelector, nodeSelector } from './selector';

export const namespace = kindWithSpec(object({}, { unsupported: { finalizers: 'Berth has no finalizers' } }), { specOptional: true });

export const configMap = kindWithFields({ data: opt(stringMap), binaryData: opt(stringMap), immutable: opt(bool) });

export const secret = kindWithFields({ data: opt(stringMap), stringData: opt(stringMap), type: opt(str), immutable: opt(bool) });

export const priorityClass = kindWithFields({
  value: int,
  globalDefault: opt(bool),
  description: opt(str),
  preemptionPolicy: opt(oneOf(['PreemptLowerPriority', 'Never'])),
});

const accessModes = list(oneOf(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']));
const volumeMode = oneOf(['Filesystem'], ['Block']);
const CLOUD = 'Berth runs on plain hosts: use hostPath or local';

export const persistentVolume = kindWithSpec(
  object(
    {
      capacity: map(quantity),
      accessModes,
      hostPath: opt(hostPathSource),
      local: opt(object({ path: str }, { unsupported: ['fsType'] })),
      nodeAffinity: opt(object({ required: opt(nodeSelector) })),
      persistentVolumeReclaimPolicy: opt(oneOf(['Retain', 'Delete', 'Recycle'])),
      storageClassName: opt(str),
      volumeMode: opt(volumeMode),
    },
    {
      unsupported: {
        ...Object.fromEntries(
          ['awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'glusterfs', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume'].map((k) => [k, CLOUD]),
        ),
        claimRef: 'bind from the claim instead, with its spec.volumeName',
        mountOptions: '',
        volumeAttributesClassName: '',
      },
    },
  ),
);

export const persistentVolumeClaim = kindWithSpec(
  object(
    {
      accessModes,
      resources: object({ requests: opt(map(quantity)), limits: opt(map(quantity)) }),
      storageClassName: opt(str),
      volumeName: opt(str),
      volumeMode: opt(volumeMode),
      selector: opt(labelSelector),
    },
    { unsupported: { dataSource: 'Berth does not clone volumes', dataSourceRef: 'Berth does not clone volumes', volumeAttributesClassName: '' } },
  ),
);

export const podDisruptionBudget = kindWithSpec(
  object({
    minAvailable: opt(intOrString),
    maxUnavailable: opt(intOrString),
    selector: opt(labelSelector),
    unhealthyPodEvictionPolicy: opt(oneOf(['IfHealthyBudget', 'AlwaysAllow'])),
  }),
);

const metricTarget = object({
  type: oneOf(['Utilization', 'AverageValue', 'Value']),
  averageUtilization: opt(int),
  averageValue: opt(quantity),
  value: opt(quantity),
});
const scalingRules = object(
  {
    stabilizationWindowSeconds: opt(int),
    selectPolicy: opt(oneOf(['Max', 'Min', 'Disabled'])),
    policies: opt(list(object({ type: oneOf(['Pods', 'Percent']), value: int, periodSeconds: int }))),
  },
  { unsupported: ['tolerance'] },
);
const ONLY_RESOURCE = 'Berth scales on cpu and memory only (type: Resource)';

export const horizontalPodAutoscaler = kindWithSpec(
  object({
    scaleTargetRef: object({ apiVersion: opt(str), kind: str, name: str }),
    minReplicas: opt(int),
    maxReplicas: int,
    metrics: opt(
      list(
        object(
          { type: oneOf(['Resource'], ['Pods', 'Object', 'External', 'ContainerResource']), resource: opt(object({ name: str, target: metricTarget })) },
          { unsupported: { pods: ONLY_RESOURCE, object: ONLY_RESOURCE, external: ONLY_RESOURCE, containerResource: ONLY_RESOURCE } },
        ),
      ),
    ),
    behavior: opt(object({ scaleUp: opt(scalingRules), scaleDown: opt(scalingRules) })),
  }),
);
