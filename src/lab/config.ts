// Where a lab lives and what it names: one options object, so a test can run its own small lab beside the shared one.
import { LabError } from './errors';
import { parseCidr, type Cidr } from '../common';

export interface LabConfig {
  /** Everything durable the lab makes lives under this folder (mode 0700): state, keys, engines' data, the repo. */
  home: string;
  /** Runtime files (sockets, pid files, engines' exec roots). */
  runDir: string;
  /** Network namespaces are named `${netnsPrefix}hN`. */
  netnsPrefix: string;
  /** The root-namespace end of each host's veth pair is `${vethPrefix}hN` (link names have at most 15 bytes). */
  vethPrefix: string;
  /** The private bridge all hosts hang on; it holds the subnet's first address. */
  bridge: string;
  /** The hosts' network, a /24: the bridge is .1, host hN is .(10+N). */
  subnet: string;
  /** A /16 split into one /24 per host for each host's Docker bridge (`--bip`): host N gets x.y.N.1/24. */
  dockerSubnets: string;
}

export const DEFAULT_LAB_CONFIG: LabConfig = {
  home: '/var/lib/berth-lab',
  runDir: '/run/berth-lab',
  netnsPrefix: 'berth-',
  vethPrefix: 'bl-',
  bridge: 'berth-lab0',
  subnet: '10.77.0.0/24',
  dockerSubnets: '10.78.0.0/16',
};

/** The most hosts one lab holds: addresses .11 to .254 would allow more; a hundred is plenty on one machine. */
export const MAX_HOSTS = 100;

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const LINK_NAME_MAX = 15;

/** The default config with overrides, checked: every mistake is an error naming the field. */
export function labConfig(overrides: Partial<LabConfig> = {}): LabConfig {
  const config = { ...DEFAULT_LAB_CONFIG, ...overrides };
  for (const key of ['home', 'runDir'] as const) {
    if (!config[key].startsWith('/') || config[key] === '/') throw new LabError(`lab config ${key}: "${config[key]}" must be an absolute path below /`);
  }
  for (const key of ['netnsPrefix', 'vethPrefix', 'bridge'] as const) {
    if (!NAME.test(config[key])) throw new LabError(`lab config ${key}: "${config[key]}" must be lower-case letters, digits and dashes`);
  }
  if (config.bridge.length > LINK_NAME_MAX) throw new LabError(`lab config bridge: "${config.bridge}" is longer than ${LINK_NAME_MAX} characters`);
  if (`${config.vethPrefix}h${MAX_HOSTS}`.length > LINK_NAME_MAX) throw new LabError(`lab config vethPrefix: "${config.vethPrefix}" is too long for link names of ${LINK_NAME_MAX} characters`);
  expectPrefix('subnet', config.subnet, 24);
  expectPrefix('dockerSubnets', config.dockerSubnets, 16);
  return config;
}

function expectPrefix(key: string, value: string, bits: number): Cidr {
  const cidr = parseCidr(value);
  if (!cidr || cidr.bits !== bits) throw new LabError(`lab config ${key}: "${value}" must be an IPv4 /${bits} network, e.g. ${bits === 24 ? '10.77.0.0/24' : '10.78.0.0/16'}`);
  return cidr;
}
