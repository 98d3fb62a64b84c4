// The version a host's agent answers GET /v1/healthz with, through the host's session.
import { agentClientFor } from './ssh/agent-client';
import type { HostSession } from './session';

/** Undefined when the agent does not answer (not running, not there yet, or too slow). */
export async function runningAgentVersion(session: HostSession, socketPath: string, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    return (await agentClientFor(session, socketPath, { timeoutMs }).healthz()).version;
  } catch {
    return undefined;
  }
}
