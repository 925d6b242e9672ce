/**
 * The keep-alive agent towards an API server, which can open a connection before it is needed.
 * A deployment target sends two lists at once right after its first GET; on one keep-alive
 * connection the second list would wait for a new TCP and TLS handshake, two round trips on the
 * critical path (issue 12). A spare opened alongside the first request is ready by then. The
 * agent takes it through `createConnection`, the documented hook for custom agents
 * (https://nodejs.org/api/http.html#agentcreateconnectionoptions-callback), and pools it as
 * its own.
 */
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Where a spare connects: host, port and the TLS options every request of this agent uses. */
export type SpareOptions = Omit<https.AgentOptions, 'host' | 'port'> & { readonly host: string; readonly port: number };

/** A keep-alive https.Agent with `preconnect()`; one agent talks to one API server. */
export class ApiServerAgent extends https.Agent {
  #spares: Socket[] = [];
  #upgrades = 0;
  /** The last TLS session the server gave, so a spare resumes it instead of a full handshake. */
  #session: Buffer | undefined;

  constructor(options: https.AgentOptions) {
    super({ ...options, keepAlive: true });
  }

  /**
   * Opens connections now until `connections` are open or opening, for requests about to go out
   * at once. Counting what is open, not adding one, makes the result the same whether or not
   * the request sent just before has taken its connection yet (it may take a spare).
   */
  preconnect(options: SpareOptions, connections: number): void {
    const count = (pool: NodeJS.ReadOnlyDict<readonly unknown[]>) =>
      Object.values(pool).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    const servername = options.servername ?? (isIP(options.host) ? undefined : options.host);
    for (let open = count(this.sockets) + count(this.freeSockets) + this.#spares.length; open < connections; open++) {
      const connect: https.RequestOptions & { session?: Buffer | undefined; noDelay?: boolean } = {
        ...options,
        servername,
        session: this.#session,
        // As Node's requests set on their own connections (and Go's net on every TCP connection):
        // without it, a resumed handshake's small writes can wait 40 ms for a delayed ACK.
        noDelay: true,
      };
      const socket = this.#keepSession(super.createConnection(connect) as Socket);
      // A spare nobody used must not keep the process alive, and one that failed is just dropped:
      // the request that would have taken it opens its own connection and reports that one's error.
      socket.unref();
      socket.on('error', () => socket.destroy());
      this.#spares.push(socket);
    }
  }

  /**
   * Called when a request of this agent was upgraded (exec): that connection left the pool.
   * From the second upgrade on, the process fetches repeatedly (a test suite, a script), so one
   * connection is opened to take its place and the next fetch pays no handshake. A process that
   * execs once (the CLI) opens none.
   */
  replaceUpgraded(options: SpareOptions): void {
    this.#upgrades++;
    if (this.#upgrades > 1) this.preconnect(options, 1);
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    for (let spare = this.#spares.shift(); spare; spare = this.#spares.shift()) {
      if (spare.destroyed) continue;
      spare.ref();
      return spare;
    }
    return this.#keepSession(super.createConnection(options, callback) as Socket);
  }

  /**
   * Node's agent resumes sessions only on the connections it opens itself; the spares (opened
   * by `preconnect`) resume the last session of any connection. A resumed TLS 1.3 handshake
   * skips the server's certificate and its verification.
   */
  #keepSession(socket: Socket): Socket {
    socket.on('session', (session: Buffer) => {
      this.#session = session;
    });
    return socket;
  }

  override destroy(): void {
    for (const spare of this.#spares.splice(0)) spare.destroy();
    super.destroy();
  }
}
