// The Containers section of `kubectl describe` (describeContainers and its helpers), for pods and pod templates.
import type { Container, ContainerState, ContainerStatus, EnvVar, Pod, Probe } from 'kubernetes-types/core/v1';
import { rfc1123z } from '../humanize';
import type { DescribeWriter } from './writer';

export interface ContainersOf {
  /** A pod's containers have statuses; a template's have none. */
  statuses?: ContainerStatus[];
  pod?: Pod;
  /** "" for a pod and "  " inside a Pod Template, where names get one more space, as kubectl does. */
  space?: string;
}

export function writeContainers(w: DescribeWriter, label: string, containers: Container[], { statuses, pod, space = '' }: ContainersOf = {}): void {
  w.write(0, `${space}${label}:\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.line(2, 'Container ID:', status.containerID ?? '');
    w.line(2, 'Image:', c.image ?? '');
    if (status) w.line(2, 'Image ID:', status.imageID ?? '');
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.line(2, ports.includes(',') ? 'Ports:' : 'Port:', ports || '<none>');
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.line(2, hostPorts.includes(',') ? 'Host Ports:' : 'Host Port:', hostPorts || '<none>');
    writeCommand(w, 'Command', c.command);
    writeCommand(w, 'Args', c.args);
    if (status) {
      writeState(w, 'State', status.state);
      if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
      w.line(2, 'Ready:', status.ready ? 'True' : 'False');
      w.line(2, 'Restart Count:', status.restartCount ?? 0);
    }
    writeResources(w, 'Limits', c.resources?.limits);
    writeResources(w, 'Requests', c.resources?.requests);
    if (c.livenessProbe) w.line(2, 'Liveness:', describeProbe(c.livenessProbe));
    if (c.readinessProbe) w.line(2, 'Readiness:', describeProbe(c.readinessProbe));
    if (c.startupProbe) w.line(2, 'Startup:', describeProbe(c.startupProbe));
    if (c.envFrom?.length) writeEnvFrom(w, c);
    writeEnv(w, c.env ?? [], pod);
    writeMounts(w, c);
  }
}

function writeCommand(w: DescribeWriter, title: string, parts: string[] | undefined): void {
  if (!parts?.length) return;
  w.write(2, `${title}:\n`);
  for (const part of parts) for (const line of part.split('\n')) w.write(3, `${line}\n`);
}

function writeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.line(2, `${title}:`, 'Running');
    w.line(3, 'Started:', rfc1123z(state.running.startedAt));
  } else if (state?.terminated) {
    const t = state.terminated;
    w.line(2, `${title}:`, 'Terminated');
    if (t.reason) w.line(3, 'Reason:', t.reason);
    if (t.message) w.line(3, 'Message:', t.message);
    w.line(3, 'Exit Code:', t.exitCode);
    if ((t.signal ?? 0) > 0) w.line(3, 'Signal:', t.signal!);
    w.line(3, 'Started:', rfc1123z(t.startedAt));
    w.line(3, 'Finished:', rfc1123z(t.finishedAt));
  } else {
    w.line(2, `${title}:`, 'Waiting');
    if (state?.waiting?.reason) w.line(3, 'Reason:', state.waiting.reason);
    // kubectl shows the reason only; the message says why (`Back-off pulling image "x": ErrImagePull: …`).
    if (state?.waiting?.message) w.line(3, 'Message:', state.waiting.message);
  }
}

function writeResources(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const names = Object.keys(list ?? {}).sort();
  if (names.length === 0) return;
  w.write(2, `${title}:\n`);
  for (const name of names) w.line(3, `${name}:`, String(list![name]));
}

/** DescribeProbe: "http-get http://:http/ delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const host = g.port !== undefined && String(g.port) !== '' ? `${g.host?.includes(':') ? `[${g.host}]` : (g.host ?? '')}:${g.port}` : (g.host ?? '');
    return `http-get ${(g.scheme ?? 'HTTP').toLowerCase()}://${host}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function writeEnvFrom(w: DescribeWriter, c: Container): void {
  w.write(2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const [from, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : ['Secret', e.secretRef];
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.line(3, ref?.name ?? '', what, `Optional: ${ref?.optional === true}`);
  }
}

function writeEnv(w: DescribeWriter, env: EnvVar[], pod: Pod | undefined): void {
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((line, i) => (i === 0 ? w.line(3, `${e.name}:`, line) : w.line(3, '', line)));
    } else if (from.fieldRef) {
      w.line(3, `${e.name}:`, `${pod ? fieldValue(pod, from.fieldRef.fieldPath) : ''} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`);
    } else if (from.resourceFieldRef) {
      w.line(3, `${e.name}:`, ` (${from.resourceFieldRef.resource})`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.line(3, `${e.name}:`, `<set to the key '${r.key}' in secret '${r.name}'>`, `Optional: ${r.optional === true}`);
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.line(3, `${e.name}:`, `<set to the key '${r.key}' of config map '${r.name}'>`, `Optional: ${r.optional === true}`);
    }
  }
}

/** What the downward API gives for a fieldRef, as kubectl's EnvValueRetriever resolves it from the pod. */
function fieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]] ?? '';
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return values[path] ?? '';
}

function writeMounts(w: DescribeWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}
