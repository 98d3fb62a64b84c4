// The host's agent API reached over its SSH connection: each request opens a stream-local forward to the agent's
// unix socket, so the host opens no port for control.
import { AgentClient, agentPaths, type AgentClientOptions } from '../../agent';
import type { HostSession } from '../session';

/**
 * Without socketPath, the socket is where the host's SSH environment puts it (agentPaths: $BERTH_AGENT_HOME/agent.sock
 * on the lab's hosts, else /run/berth/agent.sock), read once, on the first request.
 */
export function agentClientFor(session: HostSession, socketPath?: string, options: AgentClientOptions = {}): AgentClient {
  let path = socketPath;
  return new AgentClient(
    {
      connect: async () => {
        path ??= agentPaths(await session.env()).socketPath;
        return session.openUnixStream(path);
      },
    },
    options,
  );
}
