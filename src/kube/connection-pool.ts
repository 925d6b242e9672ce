/**
 * Connections shared by every client of one API server in a process: fetches after the first
 * reuse the keep-alive connections of the earlier ones instead of paying a TCP and TLS handshake
 * each (issue 12: two round trips a fetch). Keyed by everything that makes a connection
 * different: the server and its TLS material (a plugin's client certificate gets its own).
 * Through a proxy each client keeps its own agent (src/kube/proxy.ts).
 *
 * Idle keep-alive sockets do not keep a process alive (Node's Agent unrefs them,
 * https://nodejs.org/api/http.html#agentkeepsocketalivesocket), so a script or a test runner
 * exits by itself; `closeConnections()` closes them at once.
 */
import type https from 'node:https';
import type { ApiServerAgent } from './agent';
import { type TlsMaterial, tlsMaterialKey } from './tls-material';

// `kubenv`'s entry exports closeConnections and must not load node:https: only types and
// ./tls-material.ts (which imports nothing) are imported here.
const agents = new Map<string, ApiServerAgent>();

/** The agent for `server` with these TLS options, shared within the process; `create` makes it. */
export function sharedAgent(server: string, tls: https.AgentOptions, create: () => ApiServerAgent): ApiServerAgent {
  const key = [server, tls.servername ?? '', String(tls.rejectUnauthorized), tlsMaterialKey(tls as TlsMaterial)].join(
    '\n',
  );
  let agent = agents.get(key);
  if (!agent) {
    agent = create();
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Closes the connections kubenv keeps open to API servers between calls. Not needed for a
 * process to exit (idle connections never hold it); useful to drop them at once, after the
 * last call of a long-running process or in a test runner's teardown. Later calls open new ones.
 *
 * @example
 * ```ts
 * import { closeConnections, fetchRemoteEnv } from 'kubenv';
 *
 * const { env } = await fetchRemoteEnv({ target: 'deploy/api' });
 * closeConnections();
 * ```
 * @public
 */
export function closeConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
