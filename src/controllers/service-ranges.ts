// The two ranges Services take addresses from (cluster.yaml spec.network): virtual IPs from serviceCIDR, node ports
// from nodePortRange. IPv4 only: Berth gives every Service one IPv4 address (clusterIPs, ipFamilies and
// ipFamilyPolicy are refused in manifests), so an IPv6 serviceCIDR is refused here with a clear message.
import { cidrSize, parseCidr } from '../common';

/** A range of `size` slots (addresses or ports) numbered from 0, with Kubernetes' static band [0, offset). */
export interface Band {
  size: number;
  /**
   * Dynamic allocation starts at `offset` and takes the lower band only when the upper one is full, so that addresses
   * and ports people write in git (usually low ones) rarely collide with allocated ones: Kubernetes'
   * ServiceIPStaticSubrange and ServiceNodePortStaticSubrange (calculateRangeOffset).
   */
  offset: number;
}

export interface ServiceIPRange extends Band {
  cidr: string;
  /** The network address as an unsigned 32-bit number; slot i is the address network + 1 + i. */
  network: number;
  /** Addresses in the CIDR, network and broadcast included. */
  cidrSize: number;
}

export interface NodePortRange extends Band {
  text: string;
  min: number;
  max: number;
}

/** "10.96.0.0/16" → the range; an IPv6 or malformed CIDR → what to write instead. */
export function parseServiceCIDR(cidr: string): ServiceIPRange | { error: string } {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  if (address.includes(':')) {
    return { error: `cluster.yaml spec.network.serviceCIDR ${JSON.stringify(cidr)} is IPv6: Berth allocates IPv4 Service addresses only; use an IPv4 range such as 10.96.0.0/16` };
  }
  const network = slash < 0 ? undefined : parseCidr(cidr);
  if (network === undefined) {
    return { error: `cluster.yaml spec.network.serviceCIDR ${JSON.stringify(cidr)} is not an IPv4 CIDR such as 10.96.0.0/16` };
  }
  const addresses = cidrSize(network.bits);
  // Network and broadcast addresses are never handed out (ipallocator.NewAllocatorCIDRRange).
  const size = Math.max(0, addresses - 2);
  return { cidr, network: network.base, cidrSize: addresses, size, offset: rangeOffset(addresses, 16, 256, 16) };
}

/** "30000-32767" → the range (cluster.yaml validation has already checked it). */
export function parseNodePortRange(text: string): NodePortRange | { error: string } {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const min = Number(m?.[1]);
  const max = Number(m?.[2]);
  if (!m || min < 1 || max > 65535 || min > max) return { error: `cluster.yaml spec.network.nodePortRange ${JSON.stringify(text)} is not a port range such as 30000-32767` };
  const size = max - min + 1;
  return { text, min, max, size, offset: rangeOffset(size, 16, 128, 32) };
}

/** calculateRangeOffset of Kubernetes' ipallocator (16, 256, 16) and portallocator (16, 128, 32): min(max(lo, size/step), hi). */
function rangeOffset(size: number, lo: number, hi: number, step: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

/**
 * The first free slot probing forward from a start derived from `seed`, in the upper band, then in the lower one: the
 * same Services in the same order get the same slots, with no randomness. -1 when the range is full.
 */
export function nextFree(band: Band, seed: number, taken: (slot: number) => boolean): number {
  const upper = probe(band.offset, band.size, seed, taken);
  return upper >= 0 ? upper : probe(0, band.offset, seed, taken);
}

function probe(from: number, to: number, seed: number, taken: (slot: number) => boolean): number {
  const n = to - from;
  for (let k = 0, start = seed % Math.max(n, 1); k < n; k++) {
    const slot = from + ((start + k) % n);
    if (!taken(slot)) return slot;
  }
  return -1;
}
