// A lab's ranges must collide with nothing this machine already routes (its LAN, the main Docker bridge, a VPN).
import type { LabConfig } from './config';
import { overlaps, parseCidr } from '../common';

export interface Route {
  /** `ip -j route`'s dst: "default", "10.77.0.0/24", "192.0.2.1". */
  dst: string;
  dev?: string;
}

/** Messages for each of the lab's ranges that an existing route overlaps (routes on the lab's own bridge are its). */
export function routeConflicts(routes: Route[], config: LabConfig): string[] {
  const ranges: Array<{ field: 'subnet' | 'dockerSubnets'; cidr: ReturnType<typeof parseCidr> & object }> = [
    { field: 'subnet', cidr: parseCidr(config.subnet)! },
    { field: 'dockerSubnets', cidr: parseCidr(config.dockerSubnets)! },
  ];
  const problems: string[] = [];
  for (const route of routes) {
    if (route.dst === 'default' || route.dev === config.bridge) continue;
    const dst = parseCidr(route.dst);
    if (!dst) continue;
    for (const { field, cidr } of ranges) {
      if (overlaps(dst, cidr)) {
        problems.push(`the lab's ${field} ${config[field]} overlaps the route to ${route.dst}${route.dev ? ` on ${route.dev}` : ''}`);
      }
    }
  }
  return problems;
}
