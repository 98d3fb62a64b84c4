import { bool, int, intOrString, list, map, object, oneOf, opt, quantity, str, strings } from './fields';

export const protocol = oneOf(['TCP', 'UDP'], ['SCTP']);

const containerPort = object(
  { containerPort: int, hostPort: opt(int), name: opt(str), protocol: opt(protocol) },
  { unsupported: { hostIP: 'host ports bind on all of the host’s addresses' } },
);

const keySelector = object({ name: str, key: str, optional: opt(bool) });
const envVarSource = object({
  configMapKeyRef: opt(keySelector),
  secretKeyRef: opt(keySelector),
  fieldRef: opt(object({ fieldPath: str, apiVersion: opt(str) })),
  resourceFieldRef: opt(object({ resource: str, containerName: opt(str), divisor: opt(quantity) })),
});
const envVar = object({ name: str, value: opt(str), valueFrom: opt(envVarSource) });
const envSource = object({ name: str, optional: opt(bool) });
const envFromSource = object({ configMapRef: opt(envSource), secretRef: opt(envSource), prefix: opt(str) });

export const resourceRequirements = object(
  { limits: opt(map(quantity)), requests: opt(map(quantity)) },
  { unsupported: { claims: 'Berth has no dynamic resource allocation' } },
);

const volumeMount = object(
  { name: str, mountPath: str, readOnly: opt(bool), subPath: opt(str) },
  { unsupported: ['mountPropagation', 'recursiveReadOnly', 'subPathExpr'] },
);

const execAction = object({ command: strings });
export const httpGetAction = object({
  path: opt(str),
  port: intOrString,
  host: opt(str),
  scheme: opt(oneOf(['HTTP', 'HTTPS'])),
  httpHeaders: opt(list(object({ name: str, value: str }))),
});
const tcpSocketAction = object({ port: intOrString, host: opt(str) });

const probe = object(
  {
    exec: opt(execAction),
    httpGet: opt(httpGetAction),
    tcpSocket: opt(tcpSocketAction),
    initialDelaySeconds: opt(int),
    timeoutSeconds: opt(int),
    periodSeconds: opt(int),
    successThreshold: opt(int),
    failureThreshold: opt(int),
  },
  { unsupported: { grpc: 'use httpGet, tcpSocket or exec', terminationGracePeriodSeconds: 'the pod’s terminationGracePeriodSeconds applies' } },
);

const lifecycleHandler = object(
  { exec: opt(execAction), httpGet: opt(httpGetAction), sleep: opt(object({ seconds: int })) },
  { unsupported: { tcpSocket: 'deprecated by Kubernetes; use exec or httpGet' } },
);

export const seccompProfile = object(
  { type: oneOf(['RuntimeDefault', 'Unconfined'], ['Localhost']) },
  { unsupported: ['localhostProfile'] },
);

const securityContext = object(
  {
    privileged: opt(bool),
    runAsUser: opt(int),
    runAsGroup: opt(int),
    runAsNonRoot: opt(bool),
    readOnlyRootFilesystem: opt(bool),
    allowPrivilegeEscalation: opt(bool),
    capabilities: opt(object({ add: opt(strings), drop: opt(strings) })),
    seccompProfile: opt(seccompProfile),
  },
  { unsupported: ['appArmorProfile', 'procMount', 'seLinuxOptions', 'windowsOptions'] },
);

export const container = object(
  {
    name: str,
    image: str,
    command: opt(strings),
    args: opt(strings),
    workingDir: opt(str),
    ports: opt(list(containerPort)),
    env: opt(list(envVar)),
    envFrom: opt(list(envFromSource)),
    resources: opt(resourceRequirements),
    volumeMounts: opt(list(volumeMount)),
    livenessProbe: opt(probe),
    readinessProbe: opt(probe),
    startupProbe: opt(probe),
    lifecycle: opt(object({ postStart: opt(lifecycleHandler), preStop: opt(lifecycleHandler) })),
    imagePullPolicy: opt(oneOf(['Always', 'IfNotPresent', 'Never'])),
    securityContext: opt(securityContext),
  },
  {
    unsupported: {
      stdin: 'Berth containers have no attached terminal',
      stdinOnce: 'Berth containers have no attached terminal',
      tty: 'Berth containers have no attached terminal',
      terminationMessagePath: 'Berth keeps container logs instead',
      terminationMessagePolicy: 'Berth keeps container logs instead',
      resizePolicy: 'Berth does not resize containers in place',
      restartPolicy: 'sidecar init containers are not supported',
      volumeDevices: 'Berth has no block volumes',
    },
  },
);
