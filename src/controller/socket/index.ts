// The controller's local socket: an HTTP+JSON server over the ControllerView, and the client the CLI uses.
export { serveControllerSocket, type ControllerSocket } from './server';
export { ControllerClient, type ControllerClientOptions } from './client';
export { controllerSocketPath } from './path';
export { ControllerApiError, ControllerRequestError, NoControllerError, toErrorResponse, type ErrorBody } from './errors';
export { ROUTES } from './routes';
