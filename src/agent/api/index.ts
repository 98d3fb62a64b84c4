// The agent's HTTP+JSON API on a unix socket: the server (over an AgentBackend) and the client the controller uses.
export { startApiServer, type ApiServer, type ApiServerOptions } from './server';
export { AgentClient, type AgentConnection, type AgentClientOptions, type LoadImageOptions, type PodsOptions, type PodsAnswer, type HostFactsAnswer } from './client';
export {
  AgentApiError,
  BadRequestError,
  ContainerNotFoundError,
  PodNotFoundError,
  toErrorResponse,
  type ErrorBody,
} from './errors';
export { podListVersion, hostFactsVersion, etagOf, weakEtagOf, knownVersions, watchFromQuery } from './etag';
export { ROUTES, matchRoute, type Route, type Reply } from './routes';
export type {
  AgentBackend,
  ContainerStats,
  DesiredSet,
  ExecRequest,
  ExecResult,
  Healthz,
  HostFacts,
  LoadedImages,
  LogOptions,
  LogRequest,
  PodList,
  PodStats,
} from './types';
