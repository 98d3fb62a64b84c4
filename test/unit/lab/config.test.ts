import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, labConfig, type LabConfig } from '../../../src/lab';

describe('the lab config', () => {
  it('defaults to /var/lib/berth-lab, the berth-lab0 bridge and 10.77.0.0/24', () => {
    expect(labConfig()).toEqual(DEFAULT_LAB_CONFIG);
    expect(DEFAULT_LAB_CONFIG).toMatchObject({ home: '/var/lib/berth-lab', bridge: 'berth-lab0', subnet: '10.77.0.0/24', netnsPrefix: 'berth-', vethPrefix: 'bl-' });
  });

  it.each<[string, Partial<LabConfig>, string]>([
    ['a relative home', { home: 'lab' }, 'lab config home: "lab" must be an absolute path'],
    ['the root folder as home', { home: '/' }, 'lab config home: "/" must be an absolute path below /'],
    ['a bridge name over 15 characters', { bridge: 'berth-lab-bridge0' }, 'lab config bridge: "berth-lab-bridge0" is longer than 15 characters'],
    ['a veth prefix too long for hN', { vethPrefix: 'berth-lab-v-' }, 'lab config vethPrefix: "berth-lab-v-" is too long'],
    ['upper-case names', { netnsPrefix: 'Lab-' }, 'lab config netnsPrefix: "Lab-" must be lower-case letters, digits and dashes'],
    ['a subnet that is not a /24', { subnet: '10.77.0.0/16' }, 'lab config subnet: "10.77.0.0/16" must be an IPv4 /24 network'],
    ['Docker ranges that are not a /16', { dockerSubnets: '10.78.0.0/24' }, 'lab config dockerSubnets: "10.78.0.0/24" must be an IPv4 /16 network'],
    ['a subnet that is no address', { subnet: 'lab' }, 'lab config subnet: "lab" must be an IPv4 /24 network'],
  ])('refuses %s, naming the field', (_, overrides, message) => {
    expect(() => labConfig(overrides)).toThrow(message);
  });
});
