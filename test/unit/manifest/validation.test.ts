import { describe, expect, it } from 'vitest';
import { kindSpecs } from '../../../src/manifest';
import type { FieldPath } from '../../../src/manifest';
import { manifest } from './fixtures';

type Obj = Record<string, any>;

function specOf(kind: string) {
  return [...kindSpecs.values()].find((k) => k.kind === kind)!;
}

function validate(kind: string, change: (o: Obj) => void) {
  const o = manifest(kind) as Obj;
  change(o);
  return specOf(kind).validate(o);
}

const pod = (o: Obj) => o.spec.template.spec;
const c0 = (o: Obj) => o.spec.template.spec.containers[0];
const T = ['spec', 'template', 'spec'];
const C0 = [...T, 'containers', 0];

// [what, kind, change, path of the problem, fragment of its message, code]
const CASES: Array<[string, string, (o: Obj) => void, FieldPath, string | RegExp, string?]> = [
  // Structure: strict decoding.
  ['a misspelt field', 'Deployment', (o) => ((o.spec.replica = 3), delete o.spec.replicas), ['spec', 'replica'], 'unknown field "replica" (did you mean "replicas"?)', 'FieldNotSupported'],
  ['a misspelt container field', 'Deployment', (o) => (c0(o).imagePolicy = 'Always'), [...C0, 'imagePolicy'], 'did you mean "imagePullPolicy"?'],
  ['an unimplemented Kubernetes field', 'Deployment', (o) => (pod(o).serviceAccountName = 'web'), [...T, 'serviceAccountName'], 'field not supported by Berth (remove it)', 'FieldNotSupported'],
  ['an unknown field without a near name', 'Service', (o) => (o.spec.zzz = 1), ['spec', 'zzz'], /unknown field "zzz": remove it/],
  ['an integer given as a string', 'Deployment', (o) => (o.spec.replicas = '3'), ['spec', 'replicas'], 'must be an integer, got string "3"', 'FieldValueTypeInvalid'],
  ['a fractional integer', 'Deployment', (o) => (o.spec.replicas = 1.5), ['spec', 'replicas'], 'must be an integer, got number 1.5'],
  ['a label value that is a boolean', 'Deployment', (o) => (o.metadata.labels.enabled = true), ['metadata', 'labels', 'enabled'], 'must be a string, got boolean true (quote it: "true")'],
  ['an env value that is a number', 'Deployment', (o) => c0(o).env.push({ name: 'PORT', value: 8080 }), [...C0, 'env', 3, 'value'], 'quote it: "8080"'],
  ['a missing image', 'Deployment', (o) => delete c0(o).image, [...C0, 'image'], 'is required', 'FieldValueRequired'],
  ['a missing spec', 'Deployment', (o) => delete o.spec, ['spec'], 'is required'],
  ['containers that are not a list', 'Deployment', (o) => (pod(o).containers = { name: 'x' }), [...T, 'containers'], 'must be a list, got an object'],
  ['an unknown enum value', 'Deployment', (o) => (o.spec.strategy = { type: 'Rolling' }), ['spec', 'strategy', 'type'], 'unsupported value "Rolling": use one of "RollingUpdate", "Recreate"', 'FieldValueNotSupported'],
  ['an unsupported protocol', 'Service', (o) => (o.spec.ports[0].protocol = 'SCTP'), ['spec', 'ports', 0, 'protocol'], '"SCTP" is not supported by Berth'],
  ['a server-set metadata field', 'ConfigMap', (o) => (o.metadata.uid = 'abc'), ['metadata', 'uid'], 'field not supported by Berth'],
  ['a non-empty status', 'Deployment', (o) => (o.status = { replicas: 1 }), ['status'], 'status is reported by Berth'],
  // Names, labels, annotations.
  ['an upper-case name', 'Deployment', (o) => (o.metadata.name = 'Web'), ['metadata', 'name'], 'RFC 1123 subdomain'],
  ['a Namespace name with dots', 'Namespace', (o) => (o.metadata.name = 'a.b'), ['metadata', 'name'], 'RFC 1123 label'],
  ['a Service name starting with a digit', 'Service', (o) => (o.metadata.name = '1web'), ['metadata', 'name'], 'DNS-1035 label'],
  ['a CronJob name over 52 characters', 'CronJob', (o) => (o.metadata.name = 'a'.repeat(53)), ['metadata', 'name'], 'must be no more than 52 characters'],
  ['an invalid label key', 'Deployment', (o) => (o.metadata.labels['bad key'] = 'x'), ['metadata', 'labels', 'bad key'], 'invalid label key'],
  ['a label value over 63 characters', 'Deployment', (o) => (o.metadata.labels.app = 'a'.repeat(64)), ['metadata', 'labels', 'app'], 'must be no more than 63 characters'],
  ['annotations over 256 KiB', 'ConfigMap', (o) => (o.metadata.annotations = { big: 'x'.repeat(300_000) }), ['metadata', 'annotations'], 'at most 262144 bytes'],
  // Quantities and resources.
  ['a bad quantity', 'Deployment', (o) => (c0(o).resources.limits.memory = '12Q'), [...C0, 'resources', 'limits', 'memory'], '"12Q" is not a quantity'],
  ['requests over limits', 'Deployment', (o) => (c0(o).resources.requests.cpu = '2'), [...C0, 'resources', 'requests', 'cpu'], 'must be less than or equal to cpu limit of 1'],
  ['a negative quantity', 'Deployment', (o) => (c0(o).resources.requests.memory = '-1Mi'), [...C0, 'resources', 'requests', 'memory'], 'must be greater than or equal to 0'],
  ['an unknown resource', 'Deployment', (o) => (c0(o).resources.limits.gpu = '1'), [...C0, 'resources', 'limits', 'gpu'], 'unsupported resource "gpu"'],
  // Containers, ports, volumes, probes.
  ['a port out of range', 'Deployment', (o) => (c0(o).ports[0].containerPort = 70000), [...C0, 'ports', 0, 'containerPort'], 'must be between 1 and 65535'],
  ['a bad port name', 'Deployment', (o) => (c0(o).ports[0].name = 'HTTP_port'), [...C0, 'ports', 0, 'name'], 'lower case alphanumeric'],
  ['duplicate container names', 'Deployment', (o) => pod(o).containers.push({ name: 'web', image: 'x:1' }), [...T, 'containers', 1, 'name'], 'duplicate container name "web"', 'FieldValueDuplicate'],
  ['duplicate volume names', 'Deployment', (o) => pod(o).volumes.push({ name: 'cache', emptyDir: {} }), [...T, 'volumes', 2, 'name'], 'duplicate volume name "cache"'],
  ['a mount of a missing volume', 'Deployment', (o) => (c0(o).volumeMounts[0].name = 'conf'), [...C0, 'volumeMounts', 0, 'name'], 'no volume named "conf"'],
  ['a relative mount path', 'Deployment', (o) => (c0(o).volumeMounts[0].mountPath = 'etc/x'), [...C0, 'volumeMounts', 0, 'mountPath'], 'must be an absolute path'],
  ['a volume with two sources', 'Deployment', (o) => (pod(o).volumes[1].hostPath = { path: '/tmp' }), [...T, 'volumes', 1], 'may not specify more than one volume type'],
  ['a volume without a source', 'Deployment', (o) => delete pod(o).volumes[1].emptyDir, [...T, 'volumes', 1], 'must specify a volume type'],
  ['a probe period of 0', 'Deployment', (o) => (c0(o).readinessProbe.periodSeconds = 0), [...C0, 'readinessProbe', 'periodSeconds'], 'must be greater than or equal to 1'],
  ['a liveness successThreshold of 2', 'Deployment', (o) => (c0(o).livenessProbe.successThreshold = 2), [...C0, 'livenessProbe', 'successThreshold'], 'must be 1 for liveness and startup probes'],
  ['a probe with two handlers', 'Deployment', (o) => (c0(o).livenessProbe.exec = { command: ['true'] }), [...C0, 'livenessProbe'], 'may not specify more than one handler'],
  ['a probe of an unnamed port', 'Deployment', (o) => (c0(o).readinessProbe.httpGet.port = 'admin'), [...C0, 'readinessProbe', 'httpGet', 'port'], 'no port named "admin"'],
  ['an invalid env name', 'Deployment', (o) => (c0(o).env[0].name = '1ST'), [...C0, 'env', 0, 'name'], 'valid environment variable name'],
  ['value and valueFrom together', 'Deployment', (o) => (c0(o).env[0].value = 'x'), [...C0, 'env', 0, 'valueFrom'], 'may not be specified when value is not empty'],
  ['an unsupported fieldRef', 'Deployment', (o) => (c0(o).env[2].valueFrom.fieldRef.fieldPath = 'spec.serviceAccountName'), [...C0, 'env', 2, 'valueFrom', 'fieldRef', 'fieldPath'], 'unsupported fieldPath'],
  ['an image with upper case', 'Deployment', (o) => (c0(o).image = 'Nginx:1.25'), [...C0, 'image'], 'is not a valid image reference'],
  // Workloads.
  ['a selector that misses the template', 'Deployment', (o) => (o.spec.selector.matchLabels.app = 'api'), ['spec', 'template', 'metadata', 'labels'], 'selector does not match template labels'],
  ['an empty selector', 'Deployment', (o) => (o.spec.selector = {}), ['spec', 'selector'], 'empty selector is invalid'],
  ['a missing selector', 'DaemonSet', (o) => delete o.spec.selector, ['spec', 'selector'], 'is required'],
  ['restartPolicy Never in a Deployment', 'Deployment', (o) => (pod(o).restartPolicy = 'Never'), [...T, 'restartPolicy'], 'Deployment pods must use restartPolicy Always'],
  ['restartPolicy Always in a Job', 'Job', (o) => (o.spec.template.spec.restartPolicy = 'Always'), [...T, 'restartPolicy'], 'OnFailure or Never'],
  ['a Job without restartPolicy', 'Job', (o) => delete o.spec.template.spec.restartPolicy, [...T, 'restartPolicy'], 'Job pods must set restartPolicy', 'FieldValueRequired'],
  ['negative replicas', 'Deployment', (o) => (o.spec.replicas = -1), ['spec', 'replicas'], 'must be greater than or equal to 0'],
  ['maxSurge and maxUnavailable both 0', 'Deployment', (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }), ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], 'may not be 0 when maxSurge is 0'],
  ['a bad percentage', 'Deployment', (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: '25 percent' } }), ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], 'percentage'],
  ['progressDeadlineSeconds under minReadySeconds', 'Deployment', (o) => ((o.spec.minReadySeconds = 100), (o.spec.progressDeadlineSeconds = 50)), ['spec', 'progressDeadlineSeconds'], 'must be greater than minReadySeconds'],
  ['a DaemonSet surging with maxUnavailable', 'DaemonSet', (o) => (o.spec.updateStrategy = { rollingUpdate: { maxSurge: 1 } }), ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'], 'may not be set when maxUnavailable is non-zero'],
  ['a Job selector without manualSelector', 'Job', (o) => (o.spec.selector = { matchLabels: { app: 'migrate' } }), ['spec', 'selector'], 'set manualSelector: true'],
  ['an Indexed Job without completions', 'Job', (o) => ((o.spec.completionMode = 'Indexed'), (o.spec.parallelism = 2)), ['spec', 'completions'], 'required when completionMode is Indexed'],
  ['a cron schedule with 6 fields', 'CronJob', (o) => (o.spec.schedule = '0 30 2 * * 1'), ['spec', 'schedule'], 'expected exactly 5 fields'],
  ['a cron minute out of range', 'CronJob', (o) => (o.spec.schedule = '61 * * * *'), ['spec', 'schedule'], 'above maximum (59)'],
  ['an unknown cron descriptor', 'CronJob', (o) => (o.spec.schedule = '@fortnightly'), ['spec', 'schedule'], 'unrecognized descriptor'],
  ['TZ in the schedule', 'CronJob', (o) => (o.spec.schedule = 'TZ=UTC 0 * * * *'), ['spec', 'schedule'], 'use the timeZone field'],
  ['an unknown time zone', 'CronJob', (o) => (o.spec.timeZone = 'Mars/Olympus'), ['spec', 'timeZone'], 'unknown time zone'],
  // Services and ingress.
  ['duplicate service ports', 'Service', (o) => (o.spec.ports[1].port = 80), ['spec', 'ports', 1], 'duplicate port 80/TCP', 'FieldValueDuplicate'],
  ['an unnamed port among several', 'Service', (o) => delete o.spec.ports[1].name, ['spec', 'ports', 1, 'name'], 'required when a Service has more than one port'],
  ['a nodePort on a ClusterIP Service', 'Service', (o) => (o.spec.ports[0].nodePort = 30080), ['spec', 'ports', 0, 'nodePort'], 'may not be used when type is ClusterIP'],
  ['a Service without ports', 'Service', (o) => (o.spec.ports = []), ['spec', 'ports'], 'at least one port is required'],
  ['an Ingress path without pathType', 'Ingress', (o) => delete o.spec.rules[0].http.paths[0].pathType, ['spec', 'rules', 0, 'http', 'paths', 0, 'pathType'], 'is required'],
  ['a relative Prefix path', 'Ingress', (o) => (o.spec.rules[0].http.paths[0].path = 'api'), ['spec', 'rules', 0, 'http', 'paths', 0, 'path'], 'must be an absolute path'],
  ['an Ingress host that is an IP', 'Ingress', (o) => (o.spec.rules[0].host = '10.0.0.1'), ['spec', 'rules', 0, 'host'], 'must be a DNS name, not an IP address'],
  ['an Ingress backend with both port fields', 'Ingress', (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 80), ['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port'], 'cannot set both'],
  // Autoscaling, budgets, priorities, storage, config.
  ['HPA min over max', 'HorizontalPodAutoscaler', (o) => (o.spec.minReplicas = 20), ['spec', 'maxReplicas'], 'must be greater than or equal to minReplicas'],
  ['an HPA on Pods metrics', 'HorizontalPodAutoscaler', (o) => (o.spec.metrics[0] = { type: 'Pods', pods: {} }), ['spec', 'metrics', 0, 'type'], '"Pods" is not supported by Berth'],
  ['an HPA on a StatefulSet', 'HorizontalPodAutoscaler', (o) => (o.spec.scaleTargetRef.kind = 'StatefulSet'), ['spec', 'scaleTargetRef', 'kind'], 'Berth scales Deployments only'],
  ['a PDB with both bounds', 'PodDisruptionBudget', (o) => (o.spec.maxUnavailable = 1), ['spec', 'minAvailable'], 'cannot both be set'],
  ['a PDB over 100%', 'PodDisruptionBudget', (o) => (o.spec.minAvailable = '150%'), ['spec', 'minAvailable'], 'must not be greater than 100%'],
  ['a PriorityClass too high', 'PriorityClass', (o) => (o.value = 2_000_000_000), ['value'], 'must be no more than 1000000000'],
  ['a PVC without a storage request', 'PersistentVolumeClaim', (o) => (o.spec.resources = { requests: {} }), ['spec', 'resources', 'requests', 'storage'], 'is required'],
  ['a local PV without node affinity', 'PersistentVolume', (o) => delete o.spec.nodeAffinity, ['spec', 'nodeAffinity', 'required'], 'requires nodeAffinity'],
  ['Secret data that is not base64', 'Secret', (o) => (o.data.password = 'not base64!'), ['data', 'password'], 'is not valid base64'],
  ['a ConfigMap key with a slash', 'ConfigMap', (o) => (o.data['a/b'] = 'x'), ['data', 'a/b'], 'valid config key'],
  ['a TLS Secret without its key', 'Secret', (o) => ((o.type = 'kubernetes.io/tls'), (o.data = { 'tls.crt': 'eA==' })), ['data', 'tls.key'], 'needs the key tls.key'],
  // cluster.yaml and hosts.yaml.
  ['a bad sync interval', 'Cluster', (o) => (o.spec.sync.interval = '30 seconds'), ['spec', 'sync', 'interval'], 'is not a duration'],
  ['a service CIDR with host bits', 'Cluster', (o) => (o.spec.network.serviceCIDR = '10.96.0.1/16'), ['spec', 'network', 'serviceCIDR'], 'host bits set; use 10.96.0.0/16'],
  ['an IPv6 service CIDR', 'Cluster', (o) => (o.spec.network.serviceCIDR = 'fd00:10:96::/112'), ['spec', 'network', 'serviceCIDR'], 'IPv4 Service addresses only'],
  ['a rollout failure timeout that is not a duration', 'Cluster', (o) => (o.spec.rollouts = { failureTimeout: 'a minute' }), ['spec', 'rollouts', 'failureTimeout'], 'is not a duration'],
  ['a negative rollout failure timeout', 'Cluster', (o) => (o.spec.rollouts = { failureTimeout: '-1m' }), ['spec', 'rollouts', 'failureTimeout'], 'must not be negative'],
  ['a rollout failure timeout annotation without a unit', 'Deployment', (o) => (o.metadata.annotations = { 'berth.dev/rollout-failure-timeout': '90' }), ['metadata', 'annotations', 'berth.dev/rollout-failure-timeout'], /"90" is not a duration.*e\.g\. 90s/],
  ['a bad node port range', 'Cluster', (o) => (o.spec.network.nodePortRange = '32767-30000'), ['spec', 'network', 'nodePortRange'], 'is not a port range'],
  ['two hosts with one address', 'Inventory', (o) => (o.hosts[1].address = '10.77.0.11'), ['hosts', 1, 'address'], 'address 10.77.0.11 is used by both h1 and h2'],
  ['two hosts with one name', 'Inventory', (o) => (o.hosts[1].name = 'h1'), ['hosts', 1, 'name'], 'duplicate host name "h1"'],
  ['a host name with upper case', 'Inventory', (o) => (o.hosts[0].name = 'H1'), ['hosts', 0, 'name'], 'RFC 1123 label'],
  ['a bad host address', 'Inventory', (o) => (o.hosts[0].address = '10.77.0.300'), ['hosts', 0, 'address'], 'not a valid IPv4 address'],
  ['an SSH port out of range', 'Inventory', (o) => (o.hosts[1].port = 0), ['hosts', 1, 'port'], 'must be between 1 and 65535'],
  ['a taint with a bad effect', 'Inventory', (o) => (o.hosts[1].taints[0].effect = 'NoRun'), ['hosts', 1, 'taints', 0, 'effect'], 'use one of "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  ['a host capacity that is not a quantity', 'Inventory', (o) => (o.hosts[0].capacity.memory = '4 GB'), ['hosts', 0, 'capacity', 'memory'], 'is not a quantity'],
];

describe('validation messages', () => {
  it.each(CASES)('reports %s', (_what, kind, change, path, fragment, code) => {
    const issues = validate(kind, change);
    const at = issues.filter((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(at, `issues: ${JSON.stringify(issues)}`).not.toHaveLength(0);
    const found = at.find((i) => (typeof fragment === 'string' ? i.message.includes(fragment) : fragment.test(i.message)));
    expect(found, `issues at the path: ${JSON.stringify(at)}`).toBeDefined();
    if (code) expect(found!.code).toBe(code);
  });

  it('reports every problem of an object, not only the first', () => {
    const issues = validate('Deployment', (o) => {
      o.spec.replica = 3;
      c0(o).ports[0].containerPort = '80';
      pod(o).hostIPC = true;
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['spec.replica', 'spec.template.spec.containers.0.ports.0.containerPort', 'spec.template.spec.hostIPC']),
    );
  });
});
