// Names of labels and annotations that Berth reads or writes, in one place so every module agrees on them.

/** Kubernetes' label on pods and ReplicaSets of a Deployment: the hash of the pod template. */
export const LABEL_POD_TEMPLATE_HASH = 'pod-template-hash';
/** Kubernetes' label on DaemonSet pods: the hash of the DaemonSet's pod template (controller-revision-hash). */
export const LABEL_CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_JOB_NAME = 'job-name';
export const LABEL_JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const ANNOTATION_JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const ANNOTATION_DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';

/** Berth's hash of a pod's spec as the agent runs it: a change means the pod must be replaced on its host. */
export const ANNOTATION_SPEC_HASH = 'berth.dev/spec-hash';
/** Set on a Node whose host is the edge (takes NodePort, LoadBalancer and Ingress traffic). */
export const LABEL_EDGE = 'berth.dev/edge';
export const ANNOTATION_CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
export const ANNOTATION_DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const ANNOTATION_MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const LABEL_JOB_NAME_NEW = 'batch.kubernetes.io/job-name';
export const LABEL_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const LABEL_CONTROLLER_UID_LEGACY = 'controller-uid';
/** On a Deployment: how long a new pod may fail to start (image, config, crash, readiness) before the rollout fails. */
export const ANNOTATION_ROLLOUT_FAILURE_TIMEOUT = 'berth.dev/rollout-failure-timeout';
