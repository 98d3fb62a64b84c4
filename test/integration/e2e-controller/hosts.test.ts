// Drain on the shared 3-host lab: `berth drain h1` moves a Deployment's pods off h1 one by one, never below its
// PodDisruptionBudget. (A host's link cut past the eviction timeout is in faults/link-cut.test.ts.)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { berthBin } from '../e2e-fleet/lab-fleet';
import { ROOT } from '../../helpers/cli';
import { commitEdit, controllerSuite, git, isReady, podsOf, startController, waitUntil } from './controller-lab';

const suite = controllerSuite('e2e-controller/hosts', ({ repo }) => {
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs', 'apps/log-shipper');
  fs.mkdirSync(path.join(repo, 'apps'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'apps/api.yaml'), API);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'api with a budget');
});

const apiPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === 'api' && !p.metadata?.deletionTimestamp);

describe('hosts drained', () => {
  it('drains h1 one pod at a time, never below the PodDisruptionBudget', async () => {
    suite.controller = await startController(suite.repo, ['--eviction-timeout', '5']);
    const onH1 = async () => (await apiPods()).filter((p) => p.spec?.nodeName === 'h1');
    // Everything on h1 first: cordon h2 and h3, and move the api pods there by restarting them (a template change).
    for (const host of ['h2', 'h3']) expect(berthBin(['cordon', host, '--repo', suite.repo]).code).toBe(0);
    commitEdit(suite.repo, 'apps/api.yaml', (t) => t.replace('value: "1"', 'value: "2"'), 'api: restart onto h1');
    await waitUntil('3 api pods Ready on h1', async () => (await onH1()).filter(isReady).length === 3 && (await apiPods()).length === 3, 120_000, 500);
    for (const host of ['h2', 'h3']) expect(berthBin(['uncordon', host, '--repo', suite.repo]).code).toBe(0);

    let minReady = Infinity;
    const draining = berthAsync(['drain', 'h1', '--repo', suite.repo, '--timeout', '150s']);
    const sampler = setInterval(async () => {
      const ready = (await apiPods().catch(() => [])).filter(isReady).length;
      minReady = Math.min(minReady, ready);
    }, 250);
    try {
      const drained = await draining;
      expect(drained.code, drained.stderr + drained.stdout).toBe(0);
      await waitUntil('no api pod on h1', async () => (await onH1()).length === 0 && (await apiPods()).filter(isReady).length === 3, 60_000, 500);
    } finally {
      clearInterval(sampler);
    }
    expect(minReady).toBeGreaterThanOrEqual(2);
    expect(git(suite.repo, 'log', '-1', '--format=%s')).toMatch(/cordon h1/);
  }, 300_000);
});

/** The CLI as a child process, without blocking this one (the test samples the pods meanwhile). */
function berthAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), ...args], { encoding: 'utf8', timeout: 200_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const API = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: demo }
spec:
  replicas: 3
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          env: [{ name: REVISION, value: "1" }]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: api, namespace: demo }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: api } }
`;
