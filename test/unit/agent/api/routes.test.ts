import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../../src/errors';
import { GenerationConflictError } from '../../../../src/agent/state';
import { matchRoute, PodNotFoundError, ROUTES, toErrorResponse } from '../../../../src/agent/api';
import { logOptionsFromQuery, execFromBody } from '../../../../src/agent/api/requests';

const segments = (path: string) => path.split('/').filter(Boolean);

describe('routing', () => {
  it.each([
    ['PUT', '/v1/desired', {}],
    ['GET', '/v1/pods', {}],
    ['GET', '/v1/host', {}],
    ['GET', '/v1/healthz', {}],
    ['POST', '/v1/images', {}],
    ['GET', '/v1/pods/default/web/log', { namespace: 'default', name: 'web' }],
    ['POST', '/v1/pods/kube-system/dns/exec', { namespace: 'kube-system', name: 'dns' }],
    ['GET', '/v1/pods/default/web/stats', { namespace: 'default', name: 'web' }],
  ])('%s %s finds its route with its parameters', (method, path, params) => {
    const match = matchRoute(ROUTES, method, segments(path));
    expect(match && 'route' in match && match.params).toEqual(params);
  });

  it('says which methods a known path has when the method is wrong', () => {
    expect(matchRoute(ROUTES, 'DELETE', segments('/v1/desired'))).toEqual({ methodNotAllowed: ['PUT'] });
  });

  it('finds nothing for an unknown path', () => {
    expect(matchRoute(ROUTES, 'GET', segments('/v1/nodes'))).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', segments('/v1/pods/default/web'))).toBeUndefined();
  });
});

describe('error responses', () => {
  it.each([
    [new PodNotFoundError('default', 'web'), 404, 'PodNotFound', 'NotFound'],
    [new GenerationConflictError(5, 4), 409, 'GenerationConflict', 'Conflict'],
    [new BerthError('BadRequest', 'x'), 400, 'BadRequest', 'BadRequest'],
    [new BerthError('ErrImagePull', 'x'), 500, 'ErrImagePull', 'InternalError'],
    [new Error('boom'), 500, 'InternalError', 'InternalError'],
  ])('%s → %i with code %s and reason %s', (error, status, code, reason) => {
    const response = toErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, reason, message: (error as Error).message });
  });
});

describe('log parameters', () => {
  it('are read as Kubernetes names them', () => {
    const query = new URLSearchParams('container=app&tailLines=10&follow=true&sinceSeconds=60&previous=false');
    expect(logOptionsFromQuery(query)).toEqual({ container: 'app', tailLines: 10, follow: true, sinceSeconds: 60, previous: false });
  });

  it.each([
    ['tailLines=-1', 'tailLines: must be an integer of at least 0, not "-1"'],
    ['tailLines=ten', 'tailLines: must be an integer of at least 0, not "ten"'],
    ['sinceSeconds=0', 'sinceSeconds: must be an integer of at least 1, not "0"'],
    ['follow=yes', 'follow: must be true or false, not "yes"'],
  ])('refuse %s naming the parameter', (query, message) => {
    expect(() => logOptionsFromQuery(new URLSearchParams(query))).toThrow(message);
  });
});

describe('exec bodies', () => {
  it.each([
    [{ command: [] }, 'command: must be a non-empty array of strings'],
    [{ command: 'ls' }, 'command: must be a non-empty array of strings'],
    [{ command: ['ls', 1] }, 'command: must be a non-empty array of strings'],
    [{ container: 3, command: ['ls'] }, 'container: must be a non-empty string'],
    [[], 'body: must be an object'],
  ])('refuse %j', (body, message) => {
    expect(() => execFromBody(body)).toThrow(message);
  });
});
