import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { InspectCache } from '../../../../src/agent/runtime/relist';
import type { ObservedContainer } from '../../../../src/agent/runtime';

const listed = (over: Partial<Docker.ContainerInfo> = {}) => ({ Id: 'c1', Names: ['/web'], State: 'running', Status: 'Up 3 seconds', ...over }) as Docker.ContainerInfo;
const observed = { id: 'c1', state: 'running' } as ObservedContainer;

describe('the inspect cache between two listings', () => {
  it('gives back the observation while the listing says the same', () => {
    const cache = new InspectCache();
    cache.set(listed(), observed);
    expect(cache.get(listed())).toBe(observed);
  });

  it.each<[string, Partial<Docker.ContainerInfo>]>([
    ['another state', { State: 'exited', Status: 'Exited (137) 1 second ago' }],
    ['another status line (time passed, a restart)', { Status: 'Up 4 seconds' }],
    ['another name', { Names: ['/web-renamed'] }],
  ])('inspects again after %s', (_name, change) => {
    const cache = new InspectCache();
    cache.set(listed(), observed);
    expect(cache.get(listed(change))).toBeUndefined();
  });

  it('never keeps a created container: a failed start leaves its listing unchanged', () => {
    const cache = new InspectCache();
    cache.set(listed({ State: 'created', Status: 'Created' }), observed);
    expect(cache.get(listed({ State: 'created', Status: 'Created' }))).toBeUndefined();
  });

  it('forgets a container the agent changed, and those no longer listed', () => {
    const cache = new InspectCache();
    cache.set(listed(), observed);
    cache.forget('c1');
    expect(cache.get(listed())).toBeUndefined();
    cache.set(listed(), observed);
    cache.retain([listed({ Id: 'c2' })]);
    expect(cache.get(listed())).toBeUndefined();
  });
});
