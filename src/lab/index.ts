// `berth lab`: Berth's minikube — N hosts on this machine, each a network namespace on a private bridge with its
// own sshd and Docker Engine, SSH keys and known_hosts, demo images, and a cluster repo pointing at them.
export { labUp, DEFAULT_HOSTS, type LabUpOptions } from './up';
export { labDown, type LabDownOptions } from './down';
export { labStatus, type LabOptions } from './status';
export { renderLabStatus, isHealthy, type LabStatus, type LabHostStatus, type ProcessStatus } from './status-render';
export { labConfig, DEFAULT_LAB_CONFIG, MAX_HOSTS, type LabConfig } from './config';
export { LabError } from './errors';
export type { LabState, LabHostState } from './state';
// The pure parts, for tests and for whoever needs the lab's plan without making it.
export { labHost, labHosts, labFiles, hostEnv, bridgeAddress, SSH_PORT, type LabHost, type LabFiles } from './plan';
export { sshdConfig } from './sshd-config';
export { knownHostsText, type HostKeyEntry } from './known-hosts';
export { labHostsYaml, labHostLabels, type LabInventory } from './hosts-yaml';
export { DEMO_IMAGES, webDockerfile, type DemoImage } from './images';
