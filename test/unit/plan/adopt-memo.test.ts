// Adoption reuses what the previous pass found wherever nothing it depends on moved. These passes change the live
// hosts, the inventory and the desired pods step by step (a fixed pseudo-random sequence) and check every pass
// against adoption's rule computed from scratch.
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { adopt, type LiveSnapshot } from '../../../src/plan';
import { desiredPod, livePod, nodes } from './fixtures';

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5'];

/** The rule: an unbound desired pod gets the first host by name, among inventory hosts, that runs a pod of its name. */
function expected(desired: readonly Pod[], live: LiveSnapshot, inventory: readonly string[]): Array<string | undefined> {
  return desired.map((pod) => {
    if (pod.spec?.nodeName) return pod.spec.nodeName;
    const hosts = live.hosts.filter((h) => inventory.includes(h.name) && h.pods.some((p) => p.metadata?.name === pod.metadata?.name && p.metadata?.namespace === pod.metadata?.namespace));
    return hosts.map((h) => h.name).sort()[0];
  });
}

describe('adoption across passes', () => {
  it('matches the rule from scratch pass after pass while hosts re-report, the inventory changes and pods are replaced', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const names = Array.from({ length: 24 }, (_, i) => `p${i}`);
    let desired: Pod[] = names.map((n) => desiredPod(n));
    let inventory = [...HOSTS];
    let live: LiveSnapshot = { hosts: HOSTS.map((h, i) => ({ name: h, pods: names.filter((_, k) => k % HOSTS.length === i).map((n) => livePod(n, h)) })) };
    for (let pass = 0; pass < 200; pass++) {
      const change = random(10);
      if (change < 4) {
        // One host reports again: a new list, some pods gone, some arrived (maybe also running elsewhere).
        const h = random(HOSTS.length);
        const pods = names.filter(() => random(4) === 0).map((n) => livePod(n, HOSTS[h]));
        live = { hosts: live.hosts.map((host, i) => (i === h ? { name: host.name, pods } : host)) };
      } else if (change === 4) {
        inventory = HOSTS.filter(() => random(5) !== 0);
      } else if (change === 5) {
        const k = random(names.length);
        desired = desired.map((p, i) => (i === k ? desiredPod(names[k], { image: `web:${pass}` }) : p));
      } else if (change === 6) {
        desired = desired.map((p, i) => (i === random(names.length) ? desiredPod(names[i], { host: HOSTS[random(HOSTS.length)] }) : p));
      }
      // else: the same snapshot and pods again, as most passes of a steady fleet are.
      const { pods, unbound } = adopt(desired, live, nodes(...inventory));
      const want = expected(desired, live, inventory);
      expect(pods.map((p) => p.spec?.nodeName), `pass ${pass}`).toEqual(want);
      expect(unbound, `pass ${pass}`).toEqual(desired.filter((_, i) => want[i] === undefined));
      pods.forEach((p, i) => {
        expect(p.metadata).toBe(desired[i].metadata);
        if (!desired[i].spec?.nodeName && want[i] === undefined) expect(p).toBe(desired[i]);
      });
    }
  });

  it('hands back the same bound copies while nothing changes', () => {
    const desired = [desiredPod('a'), desiredPod('b')];
    const live: LiveSnapshot = { hosts: [{ name: 'h1', pods: [livePod('a', 'h1'), livePod('b', 'h1')] }] };
    const first = adopt(desired, live, nodes('h1')).pods;
    const again = adopt(desired, { hosts: [...live.hosts] }, nodes('h1')).pods;
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
  });
});
