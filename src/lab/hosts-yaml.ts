// The cluster repo's hosts.yaml for a lab: exactly the lab's hosts h1..hN with their addresses, and the lab's key
// and known_hosts as connection defaults. Edited as a YAML document, so comments and every other field a person or
// `berth cordon` wrote (labels, taints, unschedulable) stay as they are.
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { LabError } from './errors';

export interface LabInventory {
  hosts: Array<{ name: string; address: string }>;
  identityFile: string;
  knownHosts: string;
}

const ZONES = ['a', 'b', 'c'];

/** The labels a new lab host gets: zones a, b, c in turn (so spread constraints have something to spread over); h1 is the edge. */
export function labHostLabels(name: string): Record<string, string> {
  const index = Number(name.slice(1));
  const labels: Record<string, string> = { 'topology.kubernetes.io/zone': ZONES[(index - 1) % ZONES.length] };
  if (index === 1) labels['berth.dev/edge'] = 'true';
  return labels;
}

/** hosts.yaml rewritten for the lab; the same text when it already says all of it. */
export function labHostsYaml(text: string, inventory: LabInventory): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new LabError(`hosts.yaml: ${doc.errors[0].message}`);
  let changed = false;
  const set = (map: YAMLMap, key: string, value: unknown) => {
    if (map.get(key) !== value) {
      map.set(key, value);
      changed = true;
    }
  };

  let defaults = doc.get('defaults');
  if (!isMap(defaults)) {
    defaults = doc.createNode({});
    doc.set('defaults', defaults);
    changed = true;
  }
  if ((defaults as YAMLMap).get('identityFile') !== inventory.identityFile) {
    set(defaults as YAMLMap, 'identityFile', inventory.identityFile);
    commentKey(defaults as YAMLMap, 'identityFile', ' Private key. Unset: use ssh-agent (SSH_AUTH_SOCK). Here: the client key `berth lab up` generated.');
  }
  if ((defaults as YAMLMap).get('knownHosts') !== inventory.knownHosts) {
    set(defaults as YAMLMap, 'knownHosts', inventory.knownHosts);
    commentKey(defaults as YAMLMap, 'knownHosts', ' Host keys are checked against this OpenSSH known_hosts file; an unknown or changed key is refused\n (ssh\'s StrictHostKeyChecking=yes). The lab made its hosts\' keys and recorded them here.');
  }

  let hosts = doc.get('hosts');
  if (!isSeq(hosts)) {
    hosts = doc.createNode([]);
    doc.set('hosts', hosts);
    changed = true;
  }
  const seq = hosts as { items: unknown[] };
  const wanted = new Map(inventory.hosts.map((h) => [h.name, h.address]));
  const isLabName = (name: unknown) => typeof name === 'string' && /^h[1-9]\d*$/.test(name);
  // Lab-named hosts the lab does not have (the template's h2 and h3 in a one-host lab) go; other names are a person's.
  const kept = seq.items.filter((item) => !isMap(item) || !isLabName(item.get('name')) || wanted.has(item.get('name') as string));
  if (kept.length !== seq.items.length) changed = true;
  seq.items = kept;
  const present = new Set(kept.filter(isMap).map((item) => item.get('name')));
  for (const item of kept) if (isMap(item) && wanted.has(item.get('name') as string)) set(item, 'address', wanted.get(item.get('name') as string));
  for (const { name, address } of inventory.hosts) {
    if (present.has(name)) continue;
    seq.items.push(doc.createNode({ name, address, labels: labHostLabels(name) }));
    changed = true;
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}

function commentKey(map: YAMLMap, key: string, comment: string): void {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}
