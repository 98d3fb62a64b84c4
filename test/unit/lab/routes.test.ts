import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG } from '../../../src/lab';
import { formatCidr, overlaps, parseCidr } from '../../../src/common';
import { routeConflicts, type Route } from '../../../src/lab/routes';

describe('IPv4 ranges', () => {
  it.each([
    ['10.77.0.0/24', '10.77.0.0/24'],
    ['10.77.0.9/24', '10.77.0.0/24'],
    ['192.0.2.1', '192.0.2.1/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('reads %s as %s', (text, cidr) => {
    expect(formatCidr(parseCidr(text)!)).toBe(cidr);
  });

  it.each(['10.77.0/24', '10.77.0.256/24', '10.77.0.0/33', 'lab', '10.77.0.0/x'])('refuses %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it.each([
    ['10.77.0.0/24', '10.77.0.0/16', true],
    ['10.77.0.0/24', '10.77.1.0/24', false],
    ['10.78.0.0/16', '10.78.200.0/24', true],
    ['172.17.0.0/16', '10.78.0.0/16', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(overlaps(parseCidr(a)!, parseCidr(b)!)).toBe(expected);
  });
});

describe('route conflicts', () => {
  const machine: Route[] = [
    { dst: 'default', dev: 'eth0' },
    { dst: '172.17.0.0/16', dev: 'docker0' },
    { dst: '192.0.2.0/24', dev: 'eth0' },
  ];

  it('finds none on a machine that routes other ranges, nor for routes on the lab\'s own bridge', () => {
    expect(routeConflicts([...machine, { dst: '10.77.0.0/24', dev: 'berth-lab0' }], DEFAULT_LAB_CONFIG)).toEqual([]);
  });

  it("names the range and the route when the machine's LAN or a VPN covers the lab's ranges", () => {
    expect(routeConflicts([...machine, { dst: '10.0.0.0/8', dev: 'tun0' }], DEFAULT_LAB_CONFIG)).toEqual([
      "the lab's subnet 10.77.0.0/24 overlaps the route to 10.0.0.0/8 on tun0",
      "the lab's dockerSubnets 10.78.0.0/16 overlaps the route to 10.0.0.0/8 on tun0",
    ]);
  });
});
