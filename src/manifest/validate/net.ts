// Addresses, CIDRs, port ranges and hosts: the small parsers that cluster.yaml and hosts.yaml need.
import { isIP } from 'node:net';
import { cidrSize, formatIPv4, parseIPv4 } from '../../common';
import { dns1123SubdomainErrors } from '../names';

export function isIPAddress(s: string): boolean {
  return isIP(s) !== 0;
}

/** "10.96.0.0/16" → problems, empty when valid; host bits must be zero, as Kubernetes' service CIDR requires. */
export function cidrErrors(s: string): string[] {
  const slash = s.indexOf('/');
  if (slash < 0) return [`${JSON.stringify(s)} is not a CIDR: expected an address and a prefix length, e.g. 10.96.0.0/16`];
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const family = isIP(ip);
  const max = family === 4 ? 32 : 128;
  if (family === 0) return [`${JSON.stringify(s)} is not a CIDR: ${JSON.stringify(ip)} is not an IP address`];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return [`${JSON.stringify(s)} is not a CIDR: the prefix length must be 0 to ${max}`];
  if (family === 4) {
    const n = parseIPv4(ip)!;
    const size = cidrSize(Number(bits));
    if (n % size !== 0) return [`${JSON.stringify(s)} has host bits set; use ${formatIPv4(n - (n % size))}/${bits}`];
  }
  return [];
}

/** A host's address: an IPv4 or IPv6 address, or a DNS name. */
export function hostAddressErrors(s: string): string[] {
  if (isIPAddress(s)) return [];
  if (/^[\d.]+$/.test(s)) return [`${JSON.stringify(s)} is not a valid IPv4 address`];
  const errs = dns1123SubdomainErrors(s.toLowerCase());
  return errs.length ? [`${JSON.stringify(s)} is neither an IP address nor a DNS name`] : [];
}

/** "30000-32767" → the range, or an error. */
export function parsePortRange(s: string): { min: number; max: number } | { error: string } {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(s);
  const bad = { error: `${JSON.stringify(s)} is not a port range: use FIRST-LAST within 1-65535, e.g. 30000-32767` };
  if (!m) return bad;
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (min < 1 || max > 65535 || min > max) return bad;
  return { min, max };
}
