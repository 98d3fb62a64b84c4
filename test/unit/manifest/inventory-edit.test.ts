import { describe, expect, it } from 'vitest';
import { InventoryEditError, setHostUnschedulable } from '../../../src/manifest';

const HOSTS = `apiVersion: berth.dev/v1
kind: Inventory
# the lab
defaults: { user: root }
hosts:
  - name: h1 # first
    address: 10.77.0.11
  - name: h2
    address: 10.77.0.12
    unschedulable: true
`;

describe('setHostUnschedulable', () => {
  it('adds unschedulable: true to the host and keeps comments and the rest of the file', () => {
    const { text, changed } = setHostUnschedulable(HOSTS, 'hosts.yaml', 'h1', true);
    expect(changed).toBe(true);
    expect(text).toContain('# the lab');
    expect(text).toContain('- name: h1 # first\n    address: 10.77.0.11\n    unschedulable: true\n');
    expect(text).toContain('defaults: { user: root }');
  });

  it('removes the field on uncordon, since false is the default', () => {
    const { text, changed } = setHostUnschedulable(HOSTS, 'hosts.yaml', 'h2', false);
    expect(changed).toBe(true);
    expect(text).not.toContain('unschedulable');
  });

  it.each([
    ['h2', true],
    ['h1', false],
  ])('reports no change when %s already has unschedulable=%s', (host, value) => {
    const { text, changed } = setHostUnschedulable(HOSTS, 'hosts.yaml', host, value);
    expect(changed).toBe(false);
    expect(text).toBe(HOSTS);
  });

  it('names the file and the known hosts when the host is not there', () => {
    expect(() => setHostUnschedulable(HOSTS, 'hosts.yaml', 'h9', true)).toThrow(InventoryEditError);
    expect(() => setHostUnschedulable(HOSTS, 'hosts.yaml', 'h9', true)).toThrow('host "h9" is not in hosts.yaml (hosts: h1, h2)');
  });

  it('refuses a file that is not valid YAML, naming it', () => {
    expect(() => setHostUnschedulable('hosts: [\n', 'hosts.yaml', 'h1', true)).toThrow(/hosts.yaml: cannot edit it, it is not valid YAML/);
  });
});
