import { describe, expect, it } from 'vitest';
import { parseLiveSnapshot, SnapshotError } from '../../../src/plan';
import { livePod } from './fixtures';

const pod = (name: string) => JSON.parse(JSON.stringify(livePod(name, 'h1')));
const messages = (json: unknown) => {
  const result = parseLiveSnapshot(json, 'live.json');
  return 'errors' in result ? result.errors.map((e) => e.message) : [];
};

describe('parseLiveSnapshot', () => {
  it('accepts what agents report, keeping the kubelet fields it does not check', () => {
    const json = { hosts: [{ name: 'h1', generation: 4, heartbeat: '2024-05-01T12:00:00Z', pods: [pod('web')] }], objects: [] };
    expect(parseLiveSnapshot(json, 'live.json')).toEqual(json);
  });

  it('accepts an empty fleet', () => {
    expect(parseLiveSnapshot({ hosts: [] }, 'live.json')).toEqual({ hosts: [] });
  });

  const h = (host: object) => ({ hosts: [{ name: 'h1', pods: [], ...host }] });
  const withPod = (patch: (p: Record<string, any>) => void) => {
    const p = pod('web');
    patch(p);
    return { hosts: [{ name: 'h1', pods: [pod('ok'), p] }] };
  };

  it.each([
    ['not an object', [], 'live.json: must be an object, got a list'],
    ['no hosts', {}, 'live.json: hosts: required'],
    ['a misspelt top-level key', { hosts: [], object: [] }, 'live.json: unknown field "object" (a snapshot has hosts and objects)'],
    ['hosts not a list', { hosts: { h1: [] } }, 'live.json: hosts: must be a list, got an object'],
    ['a host without a name', { hosts: [{ pods: [] }] }, 'live.json: hosts[0].name: required'],
    ['an empty host name', h({ name: '' }), 'live.json: hosts[0].name: must not be empty'],
    ['a host without pods', { hosts: [{ name: 'h1' }] }, 'live.json: hosts[0].pods: required'],
    ['a fractional generation', h({ generation: 1.5 }), 'live.json: hosts[0].generation: must be an integer, got 1.5'],
    ['a negative generation', h({ generation: -1 }), 'live.json: hosts[0].generation: must be at least 0'],
    ['a heartbeat that is not a time', h({ heartbeat: 'yesterday' }), 'live.json: hosts[0].heartbeat: must be an RFC 3339 time (e.g. 2024-05-01T12:00:00Z), got "yesterday"'],
    ['a pod without a name', withPod((p) => delete p.metadata.name), 'live.json: hosts[0].pods[1].metadata.name: required'],
    ['a pod name that is a number', withPod((p) => (p.metadata.name = 7)), 'live.json: hosts[0].pods[1].metadata.name: must be a string, got number 7'],
    ['a pod without metadata', withPod((p) => delete p.metadata), 'live.json: hosts[0].pods[1].metadata: required'],
    ['a pod without a spec', withPod((p) => delete p.spec), 'live.json: hosts[0].pods[1].spec: required'],
    ['a spec that is a string', withPod((p) => (p.spec = 'x')), 'live.json: hosts[0].pods[1].spec: must be an object, got string "x"'],
    ['an unknown phase', withPod((p) => (p.status.phase = 'Done')), 'live.json: hosts[0].pods[1].status.phase: must be one of "Pending", "Running", "Succeeded", "Failed", "Unknown", got "Done"'],
    ['a non-string annotation', withPod((p) => (p.metadata.annotations['berth.dev/spec-hash'] = 12)), 'live.json: hosts[0].pods[1].metadata.annotations["berth.dev/spec-hash"]: must be a string, got number 12'],
    ['another kind', withPod((p) => (p.kind = 'Deployment')), 'live.json: hosts[0].pods[1].kind: must be "Pod", got "Deployment"'],
    ['the same host twice', { hosts: [{ name: 'h1', pods: [] }, { name: 'h1', pods: [] }] }, 'live.json: hosts[1].name: duplicate host h1 (also hosts[0])'],
    ['the same pod twice on a host', { hosts: [{ name: 'h1', pods: [pod('web'), pod('web')] }] }, 'live.json: hosts[0].pods[1].metadata.name: duplicate pod default/web on host h1 (also pods[0])'],
    ['an object without a kind', { hosts: [], objects: [{ apiVersion: 'v1', metadata: { name: 'x' } }] }, 'live.json: objects[0].kind: required'],
    ['a pod among objects', { hosts: [], objects: [pod('web')] }, 'live.json: objects[0].kind: pods belong under hosts[].pods, where their host reports them'],
  ])('rejects %s', (_name, json, message) => {
    expect(messages(json)).toEqual([message]);
  });

  it('reports every problem, each with its path, as SnapshotErrors with a stable code', () => {
    const result = parseLiveSnapshot({ hosts: [{ name: 'h1', pods: [{ metadata: {} }] }, { pods: [] }] }, 'snap.json');
    const errors = 'errors' in result ? result.errors : [];
    expect(errors.map((e) => e.message)).toEqual([
      'snap.json: hosts[0].pods[0].metadata.name: required',
      'snap.json: hosts[0].pods[0].spec: required',
      'snap.json: hosts[1].name: required',
    ]);
    expect(errors[0]).toBeInstanceOf(SnapshotError);
    expect(errors[0].toJSON()).toEqual({
      code: 'InvalidSnapshot',
      message: 'snap.json: hosts[0].pods[0].metadata.name: required',
      data: { file: 'snap.json', field: 'hosts[0].pods[0].metadata.name', problem: 'required' },
    });
    expect(errors.join('\n')).toBe(errors.map((e) => e.message).join('\n'));
  });
});
