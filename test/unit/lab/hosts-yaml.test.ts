import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { labHostLabels, labHostsYaml, type LabInventory } from '../../../src/lab';

const TEMPLATE = fs.readFileSync(path.resolve(__dirname, '../../../cluster-repo-template/hosts.yaml'), 'utf8');

function inventory(count: number): LabInventory {
  return {
    hosts: Array.from({ length: count }, (_, i) => ({ name: `h${i + 1}`, address: `10.79.0.${11 + i}` })),
    identityFile: '/var/lib/berth-lab-test/id_ed25519',
    knownHosts: '/var/lib/berth-lab-test/known_hosts',
  };
}

const names = (text: string) => (parse(text).hosts as Array<{ name: string }>).map((h) => h.name);

describe("the lab's hosts.yaml", () => {
  it("points the template's defaults at the lab's key and known_hosts and its hosts at the lab's addresses, keeping the comments", () => {
    const text = labHostsYaml(TEMPLATE, inventory(3));
    const doc = parse(text);
    expect(doc.defaults).toEqual({ user: 'root', port: 22, identityFile: '/var/lib/berth-lab-test/id_ed25519', knownHosts: '/var/lib/berth-lab-test/known_hosts' });
    expect(doc.hosts).toEqual([
      { name: 'h1', address: '10.79.0.11', labels: { 'topology.kubernetes.io/zone': 'a', 'berth.dev/edge': 'true' } },
      { name: 'h2', address: '10.79.0.12', labels: { 'topology.kubernetes.io/zone': 'b' } },
      { name: 'h3', address: '10.79.0.13', labels: { 'topology.kubernetes.io/zone': 'c' } },
    ]);
    expect(text).toContain('# name: the Node\'s name (a DNS-1123 label)');
    expect(text).toContain('# unschedulable: true');
  });

  it('returns the very same text when it already lists the lab as it is', () => {
    const once = labHostsYaml(TEMPLATE, inventory(3));
    expect(labHostsYaml(once, inventory(3))).toBe(once);
  });

  it("drops the template's h2 and h3 for a one-host lab", () => {
    expect(names(labHostsYaml(TEMPLATE, inventory(1)))).toEqual(['h1']);
  });

  it('adds new hosts after the others, in zones a, b, c in turn', () => {
    const doc = parse(labHostsYaml(labHostsYaml(TEMPLATE, inventory(3)), inventory(5)));
    expect(doc.hosts.slice(3)).toEqual([
      { name: 'h4', address: '10.79.0.14', labels: { 'topology.kubernetes.io/zone': 'a' } },
      { name: 'h5', address: '10.79.0.15', labels: { 'topology.kubernetes.io/zone': 'b' } },
    ]);
  });

  it('keeps what a person or berth cordon wrote: a cordon, taints, and hosts of other names', () => {
    const edited = labHostsYaml(TEMPLATE, inventory(2))
      .replace('  - name: h2\n', '  - name: h2\n    unschedulable: true\n    taints: [{ key: dedicated, value: batch, effect: NoSchedule }]\n')
      .concat('  - name: gpu-1\n    address: 192.0.2.50\n');
    const doc = parse(labHostsYaml(edited, inventory(3)));
    expect(doc.hosts.map((h: { name: string }) => h.name)).toEqual(['h1', 'h2', 'gpu-1', 'h3']);
    expect(doc.hosts[1]).toMatchObject({ unschedulable: true, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] });
  });

  it.each([
    ['h1', { 'topology.kubernetes.io/zone': 'a', 'berth.dev/edge': 'true' }],
    ['h2', { 'topology.kubernetes.io/zone': 'b' }],
    ['h6', { 'topology.kubernetes.io/zone': 'c' }],
    ['h7', { 'topology.kubernetes.io/zone': 'a' }],
  ])('labels %s %o', (name, labels) => {
    expect(labHostLabels(name)).toEqual(labels);
  });
});
