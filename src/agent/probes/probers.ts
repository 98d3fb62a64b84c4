// Running one probe against a container: httpGet, tcpSocket or exec, as the kubelet's prober does
// (pkg/kubelet/prober/prober.go). Errors that mean the probe could not be run at all (a port name the container does
// not declare, no pod IP yet) are Unknown, which the state machine throws away, as the kubelet does.
import type { Container, Probe } from 'kubernetes-types/core/v1';
import { httpGetProbe } from './http';
import type { ProbeResult } from './state';
import { tcpSocketProbe } from './tcp';

/** The container a probe runs against. */
export interface ProbeTarget {
  /** The pod's address: the host of httpGet and tcpSocket probes unless they name one. */
  podIP?: string;
  container: Container;
  containerId: string;
}

export interface Prober {
  probe(probe: Probe, target: ProbeTarget, signal?: AbortSignal): Promise<ProbeResult>;
}

/** Runs a command in a container (Docker exec); the runtime's `exec` fits. Throws an error with code ExecTimeout. */
export type ExecFunction = (
  containerId: string,
  command: string[],
  options: { timeoutMs: number },
) => Promise<{ exitCode: number; stdout?: string; stderr?: string }>;

export interface ProberOptions {
  exec: ExecFunction;
}

export function createProber({ exec }: ProberOptions): Prober {
  return {
    async probe(probe, target, signal) {
      const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
      if (probe.exec) return execProbe(exec, target.containerId, probe.exec.command ?? [], timeoutMs);
      if (probe.httpGet) {
        const port = resolvePort(probe.httpGet.port, target.container);
        if (typeof port === 'string') return { result: 'Unknown', message: port };
        const host = probe.httpGet.host || target.podIP;
        if (!host) return { result: 'Unknown', message: 'the pod has no IP address yet' };
        return httpGetProbe({ ...probe.httpGet, host, port }, { timeoutMs, signal });
      }
      if (probe.tcpSocket) {
        const port = resolvePort(probe.tcpSocket.port, target.container);
        if (typeof port === 'string') return { result: 'Unknown', message: port };
        const host = probe.tcpSocket.host || target.podIP;
        if (!host) return { result: 'Unknown', message: 'the pod has no IP address yet' };
        return tcpSocketProbe(host, port, { timeoutMs, signal });
      }
      return { result: 'Unknown', message: 'missing probe handler' };
    },
  };
}

/**
 * A probe's port as a number: a number, or the name of one of the container's ports, or a number written as a
 * string (the kubelet's last-ditch effort in extractPort). A string is the error.
 */
export function resolvePort(port: number | string, container: Container): number | string {
  let n: number;
  if (typeof port === 'number') n = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    n = named ? named.containerPort : /^\d+$/.test(port) ? Number(port) : NaN;
    if (Number.isNaN(n)) return `couldn't find port: ${port} in container ${container.name}`;
  }
  return n > 0 && n < 65536 ? n : `invalid port number: ${n}`;
}

/** Exit code 0 is success; the output is the message, as the kubelet's exec prober has it. */
export async function execProbe(exec: ExecFunction, containerId: string, command: string[], timeoutMs: number): Promise<ProbeResult> {
  const timedOut = { result: 'Failure', message: `command ${JSON.stringify(command.join(' '))} timed out` } as const;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), timeoutMs + 1000);
  });
  try {
    const run = exec(containerId, command, { timeoutMs }).then(
      ({ exitCode, stdout = '', stderr = '' }): ProbeResult => {
        const output = (stdout + stderr).trim();
        if (exitCode === 0) return { result: 'Success', message: output || undefined };
        return { result: 'Failure', message: output || `command ${JSON.stringify(command.join(' '))} exited with code ${exitCode}` };
      },
      (err: unknown): ProbeResult => {
        if ((err as { code?: unknown })?.code === 'ExecTimeout') return timedOut;
        return { result: 'Unknown', message: err instanceof Error ? err.message : String(err) };
      },
    );
    // The exec function is asked to give up at the timeout; the race is a backstop for one that does not.
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
