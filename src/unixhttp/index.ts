// HTTP+JSON on a unix socket, as the agent's API and the controller's socket both speak it: the server (routes as
// data, JSON error bodies with Kubernetes' reasons, stale socket replacement) and the pieces their clients share.
export { serveUnixHttp, type UnixHttpServer, type UnixHttpServerOptions } from './server';
export { route, matchRoute, pathSegments, type Route, type RequestContext, type Reply, type Match } from './routes';
export { ApiError, errorResponse, reasonForStatus, statusForCode, type ErrorBody, type ErrorResponse } from './errors';
export { POD_LOG_PARAMETERS, readQuery, type QueryParameter, type QueryValues } from './query';
export { jsonRequestBody, readErrorResponse, readJsonResponse, type ApiPeer } from './responses';
export { readAll, readJsonBody } from './bodies';
