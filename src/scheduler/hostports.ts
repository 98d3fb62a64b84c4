// Host ports in use on a node, after kube-scheduler's framework.HostPortInfo: ip → set of "protocol/port".
import type { PodSpec } from 'kubernetes-types/core/v1';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** The host ports a pod asks for (containers' ports with hostPort > 0), with Kubernetes' defaults filled in. */
export function podHostPorts(spec: PodSpec): HostPort[] {
  const out: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) {
        out.push({ ip: p.hostIP || DEFAULT_BIND_ALL_HOST_IP, protocol: p.protocol || 'TCP', port: p.hostPort });
      }
    }
  }
  return out;
}

export class HostPortInfo {
  private readonly byIP = new Map<string, Set<string>>();

  get size(): number {
    return this.byIP.size;
  }

  clear(): void {
    this.byIP.clear();
  }

  add(p: HostPort): void {
    let s = this.byIP.get(p.ip);
    if (!s) this.byIP.set(p.ip, (s = new Set()));
    s.add(`${p.protocol}/${p.port}`);
  }

  /**
   * A wanted 0.0.0.0 port conflicts with that protocol/port on any IP; a specific IP conflicts with the same IP
   * and with 0.0.0.0.
   */
  checkConflict(p: HostPort): boolean {
    if (p.port <= 0) return false;
    const pp = `${p.protocol}/${p.port}`;
    if (p.ip === DEFAULT_BIND_ALL_HOST_IP) {
      for (const s of this.byIP.values()) if (s.has(pp)) return true;
      return false;
    }
    return !!(this.byIP.get(DEFAULT_BIND_ALL_HOST_IP)?.has(pp) || this.byIP.get(p.ip)?.has(pp));
  }
}
