import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { containerEnv, expandVars, type EnvSources } from '../../../../src/agent/runtime';

const pod: Pod = { metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } }, spec: { containers: [], serviceAccountName: 'sa' } };
const configMaps = new Map<string, ConfigMap>([['settings', { data: { LEVEL: 'debug', 'bad=key': 'x' } }]]);
const secrets = new Map<string, Secret>([['creds', { data: { PASSWORD: Buffer.from('s3cret').toString('base64') } }]]);
const src: EnvSources = { pod, podIP: '172.17.0.5', hostIP: '10.0.0.1', nodeName: 'h1', configMaps, secrets };
const env = (c: Partial<Container>) => Object.fromEntries(containerEnv({ name: 'c', ...c }, src));

describe('containerEnv', () => {
  it.each([
    ['metadata.name', 'web'],
    ['metadata.namespace', 'shop'],
    ['metadata.uid', 'u-1'],
    ["metadata.labels['app']", 'web'],
    ['spec.nodeName', 'h1'],
    ['spec.serviceAccountName', 'sa'],
    ['status.podIP', '172.17.0.5'],
    ['status.hostIP', '10.0.0.1'],
  ])('fieldRef %s is %s', (fieldPath, expected) => {
    expect(env({ env: [{ name: 'V', valueFrom: { fieldRef: { fieldPath } } }] }).V).toBe(expected);
  });

  it('reads ConfigMap and Secret keys, secrets decoded from base64', () => {
    expect(
      env({
        env: [
          { name: 'L', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LEVEL' } } },
          { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
          { name: 'O', valueFrom: { secretKeyRef: { name: 'missing', key: 'x', optional: true } } },
        ],
      }),
    ).toEqual({ L: 'debug', P: 's3cret' });
  });

  it('fails with CreateContainerConfigError for a missing ConfigMap or key', () => {
    const missing = { env: [{ name: 'L', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } }] };
    expect(() => env(missing)).toThrow('configmap "nope" not found');
    const noKey = { env: [{ name: 'L', valueFrom: { configMapKeyRef: { name: 'settings', key: 'x' } } }] };
    expect(() => env(noKey)).toThrow(expect.objectContaining({ code: 'CreateContainerConfigError', message: "couldn't find key x in ConfigMap shop/settings" }));
  });

  it('puts envFrom first, with its prefix, and lets env override it', () => {
    expect(env({ envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }, { secretRef: { name: 'creds' } }], env: [{ name: 'APP_LEVEL', value: 'info' }] })).toEqual({
      APP_LEVEL: 'info',
      PASSWORD: 's3cret',
    });
  });

  it('gives limits through resourceFieldRef with a divisor', () => {
    const resources = { limits: { memory: '128Mi', cpu: '500m' } };
    const e = env({ resources, env: [{ name: 'M', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }, { name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }] });
    expect(e).toEqual({ M: '128', C: '1' });
  });
});

describe('expandVars', () => {
  const vars = new Map([['A', 'x']]);
  it.each([
    ['$(A)', 'x'],
    ['$(B)', '$(B)'],
    ['$$(A)', '$(A)'],
    ['$A', '$A'],
    ['a$', 'a$'],
    ['$(A', '$(A'],
    ['pre-$(A)-post', 'pre-x-post'],
  ])('%s → %s', (input, expected) => expect(expandVars(input, vars)).toBe(expected));
});
