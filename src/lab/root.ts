import { LabError } from './errors';

/** The lab makes namespaces, a bridge, iptables rules and Docker Engines: root only. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError('berth lab must run as root (it makes network namespaces, a bridge, an iptables rule and Docker Engines); run it with sudo');
  }
}
