import { describe, expect, it } from 'vitest';
import { cidrSize, formatCidr, formatIPv4, overlaps, parseCidr, parseIPv4 } from '../../../src/common';

describe('IPv4 addresses', () => {
  it.each<[string, number | undefined]>([
    ['0.0.0.0', 0],
    ['10.96.0.1', 0x0a600001],
    ['255.255.255.255', 0xffffffff],
    ['256.0.0.1', undefined],
    ['10.096.0.1', undefined],
    ['10.96.0', undefined],
    ['10.96.0.1.2', undefined],
    ['fd00::1', undefined],
    ['', undefined],
  ])('reads %j as %s', (text, want) => {
    expect(parseIPv4(text)).toBe(want);
  });

  it.each(['0.0.0.0', '10.96.0.1', '192.168.1.255', '255.255.255.255'])('writes %j back as it was read', (text) => {
    expect(formatIPv4(parseIPv4(text)!)).toBe(text);
  });
});

describe('CIDRs', () => {
  it.each<[string, string | undefined]>([
    ['10.77.0.0/24', '10.77.0.0/24'],
    ['10.77.0.9/24', '10.77.0.0/24'],
    ['10.77.0.9', '10.77.0.9/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.77.0.0/33', undefined],
    ['10.77.0.0/1/2', undefined],
    ['10.77.0.0/x', undefined],
  ])('reads %j as %s', (text, want) => {
    const cidr = parseCidr(text);
    expect(cidr && formatCidr(cidr)).toBe(want);
  });

  it.each<[number, number]>([
    [32, 1],
    [24, 256],
    [16, 65_536],
    [0, 4_294_967_296],
  ])('a /%i holds %i addresses', (bits, size) => {
    expect(cidrSize(bits)).toBe(size);
  });

  it.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.77.0.0/24', true],
    ['10.77.0.0/24', '10.77.1.0/24', false],
    ['10.77.0.0/23', '10.77.1.0/24', true],
    ['10.77.0.255/32', '10.77.1.0/24', false],
  ])('%s and %s overlap: %s', (a, b, want) => {
    expect(overlaps(parseCidr(a)!, parseCidr(b)!)).toBe(want);
  });
});
