import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../src/errors';
import { errorResponse, matchRoute, pathSegments, readQuery, route, statusForCode } from '../../../src/unixhttp';

const routes = [
  route<object>('GET', '/v1/pods', () => ({ json: [] })),
  route<object>('GET', '/v1/pods/:namespace/:name/log', () => ({ json: [] })),
  route<object>('POST', '/v1/pods/:namespace/:name/exec', () => ({ json: [] })),
];

describe('routes', () => {
  it.each([
    ['GET', '/v1/pods', {}],
    ['GET', '/v1/pods/default/web/log', { namespace: 'default', name: 'web' }],
    ['POST', '/v1/pods/kube-system/dns/exec', { namespace: 'kube-system', name: 'dns' }],
  ])('%s %s finds its route with its parameters', (method, path, params) => {
    const match = matchRoute(routes, method, pathSegments(path));
    expect(match && 'route' in match && match.params).toEqual(params);
  });

  it('say which methods a known path has when the method is wrong', () => {
    expect(matchRoute(routes, 'DELETE', pathSegments('/v1/pods'))).toEqual({ methodNotAllowed: ['GET'] });
  });

  it('find nothing for an unknown path', () => {
    expect(matchRoute(routes, 'GET', pathSegments('/v1/pods/default/web'))).toBeUndefined();
  });

  it('decode percent-encoded segments, and refuse broken encoding as a BadRequest', () => {
    expect(pathSegments('/v1/pods/a%2Fb/web')).toEqual(['v1', 'pods', 'a/b', 'web']);
    expect(() => pathSegments('/v1/pods/%E0%A4%A')).toThrow(expect.objectContaining({ code: 'BadRequest' }));
  });
});

describe('error responses', () => {
  const apiCodes = { PodNotFound: 404, GenerationConflict: 409, AgentUnreachable: 503 };

  it.each([
    [new BerthError('PodNotFound', 'x'), 404, 'NotFound'],
    [new BerthError('GenerationConflict', 'x'), 409, 'Conflict'],
    [new BerthError('AgentUnreachable', 'x'), 503, 'ServiceUnavailable'],
    [new BerthError('BadRequest', 'x'), 400, 'BadRequest'],
    [new BerthError('NotFound', 'x'), 404, 'NotFound'],
    [new BerthError('MethodNotAllowed', 'x'), 405, 'MethodNotAllowed'],
    [new BerthError('PayloadTooLarge', 'x'), 413, 'RequestEntityTooLarge'],
    [new BerthError('ErrImagePull', 'x'), 500, 'InternalError'],
  ])('%s → %i with reason %s, keeping its code, message and data', (error, status, reason) => {
    expect(errorResponse(error, apiCodes)).toEqual({ status, body: { code: error.code, message: 'x', reason, data: {} } });
  });

  it('turn anything that is not a BerthError into an InternalError', () => {
    expect(errorResponse(new Error('boom'), apiCodes)).toEqual({ status: 500, body: { code: 'InternalError', message: 'boom', reason: 'InternalError' } });
  });

  it("let an API's own table override the server's", () => {
    expect(statusForCode('BadRequest', { BadRequest: 422 })).toBe(422);
  });
});

describe('query parameters', () => {
  const parameters = { container: 'string', tailLines: { min: 0 }, sinceSeconds: { min: 1 }, follow: 'boolean' } as const;

  it('are read by their kind; absent and empty ones are left out', () => {
    expect(readQuery(new URLSearchParams('container=app&tailLines=10&sinceSeconds=&follow'), parameters)).toEqual({ container: 'app', tailLines: 10, follow: true });
    expect(readQuery(new URLSearchParams('container=&follow=0&other=1'), parameters)).toEqual({ follow: false });
  });

  it.each([
    ['tailLines=-1', 'tailLines: must be an integer of at least 0, not "-1"'],
    ['tailLines=1.5', 'tailLines: must be an integer of at least 0, not "1.5"'],
    ['sinceSeconds=0', 'sinceSeconds: must be an integer of at least 1, not "0"'],
    ['follow=yes', 'follow: must be true or false, not "yes"'],
  ])('refuse %s as a BadRequest naming the parameter', (query, message) => {
    expect(() => readQuery(new URLSearchParams(query), parameters)).toThrow(expect.objectContaining({ code: 'BadRequest', message }));
  });
});
