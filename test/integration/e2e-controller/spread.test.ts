// Pods spread as hosts come up (issue 12 item 3): the quick start's web Deployment, with h2 and h3 not answering yet
// when the controller starts (their links cut, as hosts still being bootstrapped do not answer), ends with its 3
// replicas on 3 hosts — placement waits the settle time for them instead of giving h1, the first to answer, all 3.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { labConfig, labFiles } from '../../../src/lab';
import { acquireLock } from '../../../src/lab/lock';
import { controllerSuite, git, isReady, podsOf, startController, waitUntil } from './controller-lab';

let veths: string[] = [];
const linksUp = () => {
  for (const v of veths) execFileSync('ip', ['link', 'set', v, 'up']);
};
const suite = controllerSuite('e2e-controller/spread', ({ lab, repo }) => {
  veths = lab.hosts.filter((h) => h.name !== 'h1').map((h) => h.veth!);
  // The web Deployment alone: the DaemonSet and the CronJob have nothing to say about spreading.
  git(repo, 'rm', '-q', '-r', 'apps/jobs', 'apps/log-shipper');
  git(repo, 'commit', '-q', '-m', 'web alone');
});

const webPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'web' && !p.metadata?.deletionTimestamp);

describe('pods spread as hosts come up', () => {
  it('puts the 3 web replicas on 3 hosts when h2 and h3 answer only after the controller started', async () => {
    // The lab's own lock while links are down: a `berth lab up` meanwhile would "repair" the hosts.
    const releaseLab = await acquireLock(labFiles(labConfig()).lock, () => undefined);
    try {
      for (const v of veths) execFileSync('ip', ['link', 'set', v, 'down']);
      // Resolves after the controller's first pass: h1 answered, h2 and h3 did not.
      suite.controller = await startController(suite.repo);
    } finally {
      linksUp();
      releaseLab();
    }
    await waitUntil('3 web pods Ready', async () => (await webPods()).filter(isReady).length === 3, 120_000, 500);
    const hosts = (await webPods()).map((p) => p.spec?.nodeName).sort();
    expect(hosts, suite.controller.log()).toEqual(['h1', 'h2', 'h3']);
  }, 180_000);
});
