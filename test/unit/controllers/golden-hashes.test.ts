// Golden values. The pod-template-hash names every ReplicaSet and pod, and the spec hash decides whether a host
// replaces a running pod: if either changed for the same input (a dependency upgrade, another key order, a new
// default), the controller's next pass would roll every workload of every cluster. So they are pinned for fixed
// inputs, and such a change fails here and has to be made on purpose.
import { describe, expect, it } from 'vitest';
import { computeHash, expand, type LiveState } from '../../../src/controllers';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { podSpecHash } from '../../../src/plan';
import { deployment, desiredState, podSpec, replicaSet } from './fixtures';

const now = new Date('2024-03-10T12:00:00Z');

const plain = deployment('web', { replicas: 3 });

// A template with the fields a change usually touches: env (one read through the downward API, so the pod's labels
// enter its spec hash), probes, resources.
const full = deployment('api', {
  replicas: 2,
  namespace: 'shop',
  spec: {
    containers: [
      {
        ...podSpec('registry.local/api:2.4.1').containers[0],
        env: [
          { name: 'MODE', value: 'production' },
          { name: 'APP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } } },
        ],
        readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      },
    ],
  },
});

// The collision count the controller stored for the Deployment (status.collisionCount) enters the hash.
const collided: LiveState = { deployments: new Map([['Deployment/default/web', { status: { collisionCount: 1 } }]]) };

function expandedPods(objects: Array<{ kind?: string }>, live: LiveState = {}) {
  return expand(desiredState(objects), { now, live }).pods;
}

describe('golden pod-template-hash', () => {
  it.each([
    ['a plain Deployment’s template', plain, undefined, '65b6b9b4fd'],
    ['a template with env, probes and resources', full, undefined, '56595dcf44'],
    ['a plain template with collisionCount 1', plain, 1, '55f74b59c5'],
  ])('of %s is pinned', (_, d, collisionCount, expected) => {
    expect(computeHash(d.spec!.template, collisionCount)).toBe(expected);
  });
});

describe('golden pod names and spec hashes of an expansion', () => {
  it.each([
    ['a plain Deployment', [plain], {}, ['default/web-65b6b9b4fd-7c2hk', 'default/web-65b6b9b4fd-hwf4p', 'default/web-65b6b9b4fd-vrmwd'], 'f53bf3590fb3194f'],
    ['a Deployment with env, probes and resources', [full], {}, ['shop/api-56595dcf44-nfg4z', 'shop/api-56595dcf44-xxsm7'], 'ffd949ca123641d4'],
    ['a plain Deployment with collisionCount 1', [plain], collided, ['default/web-55f74b59c5-4b26n', 'default/web-55f74b59c5-dvfqt', 'default/web-55f74b59c5-ngsb2'], 'f53bf3590fb3194f'],
    ['a ReplicaSet written in git', [replicaSet('legacy', 2)], {}, ['default/legacy-n4ng8', 'default/legacy-xm4zd'], 'f53bf3590fb3194f'],
  ])('of %s are pinned', (_, objects, live, names, specHash) => {
    const pods = expandedPods(objects, live);
    expect(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(names);
    for (const pod of pods) {
      expect(pod.metadata.annotations?.[ANNOTATION_SPEC_HASH]).toBe(specHash);
      expect(podSpecHash(pod)).toBe(specHash);
    }
  });
});
