/**
 * Connections shared by every client of one API server in a process: fetches after the first
 * reuse the keep-alive connections of the earlier ones instead of paying a TCP and TLS handshake
 * each (issue 12: two round trips a fetch). Keyed by everything that makes a connection
 * different: the server and its TLS material (a plugin's client certificate gets its own).
 * Through a proxy each client keeps its own agent (src/kube/proxy.ts).
 *
 * Idle keep-alive connections do not keep a process alive (./server-connections.ts unrefs them,
 * as Node's Agent does, https://nodejs.org/api/http.html#agentkeepsocketalivesocket), so a script
 * or a test runner exits by itself; `closeConnections()` closes them at once.
 */
import type { ServerConnections } from './server-connections';
import { type TlsMaterial, tlsMaterialKey } from './tls-material';

// `kubenv`'s entry exports closeConnections and must not load node:tls: only types and
// ./tls-material.ts (which imports nothing) are imported here.
const pools = new Map<string, ServerConnections>();

/** What makes connections to a server different: its TLS name and checks, and the TLS material. */
export interface ConnectionIdentity extends TlsMaterial {
  readonly servername?: string | undefined;
  readonly rejectUnauthorized?: boolean | undefined;
}

/** The connections to `server` with this identity, shared within the process; `create` makes them. */
export function sharedConnections(
  server: string,
  identity: ConnectionIdentity,
  create: () => ServerConnections,
): ServerConnections {
  const key = [server, identity.servername ?? '', String(identity.rejectUnauthorized), tlsMaterialKey(identity)].join(
    '\n',
  );
  let pool = pools.get(key);
  if (!pool) {
    pool = create();
    pools.set(key, pool);
  }
  return pool;
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
  for (const pool of pools.values()) pool.close();
  pools.clear();
}
