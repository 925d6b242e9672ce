/**
 * The keep-alive TLS connections to one API server (one TLS identity): a request takes an idle
 * one, else a spare opened ahead, else a new one; it gives it back when its answer was read whole
 * (./http1.ts says whether the connection can carry another).
 *
 * Spares: a deployment target sends two lists at once right after its first GET; on one
 * connection the second list would wait for a new TCP and TLS handshake, two round trips on the
 * critical path (issue 12). `preconnect` opens that connection alongside the first request.
 *
 * Idle connections and unused spares are unref'd: they never keep a process or a test runner
 * alive (as Node's keep-alive Agent does with its free sockets); a connection in use is ref'd.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';

/** Where the connections go and how they are secured (./tls.ts). */
export interface ServerConnectOptions {
  readonly host: string;
  readonly port: number;
  /** SNI and the name the certificate must carry; else the host when it is a name. */
  readonly servername?: string | undefined;
  readonly secureContext: tls.SecureContext;
  readonly rejectUnauthorized?: boolean | undefined;
}

/** The connections of one API server and TLS identity. */
export class ServerConnections {
  readonly #options: ServerConnectOptions;
  readonly #idle: tls.TLSSocket[] = [];
  readonly #spares: tls.TLSSocket[] = [];
  #inUse = 0;
  #upgrades = 0;
  #closed = false;
  /** The last TLS session the server gave: a new connection resumes it (no certificate sent or verified). */
  #session: Buffer | undefined;

  constructor(options: ServerConnectOptions) {
    this.#options = options;
  }

  /** A connection for one request; give it back with `release` or `forget`. */
  take(): tls.TLSSocket {
    this.#inUse++;
    for (const list of [this.#idle, this.#spares]) {
      for (let socket = list.shift(); socket; socket = list.shift()) {
        if (socket.destroyed) continue;
        socket.ref();
        return socket;
      }
    }
    return this.#open();
  }

  /** The request's answer was read: keep the connection for the next one, or close it. */
  release(socket: tls.TLSSocket, reusable: boolean): void {
    this.#inUse--;
    if (!reusable || this.#closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    socket.unref();
    this.#idle.push(socket);
  }

  /** The connection left the pool for good: failed, or upgraded (exec). */
  forget(): void {
    this.#inUse--;
  }

  /**
   * Opens connections now until `connections` are open or opening, for requests about to go out
   * at once. Counting what is open, not adding one, makes the result the same whether or not
   * the request sent just before has taken its connection yet.
   */
  preconnect(connections: number): void {
    if (this.#closed) return;
    for (let open = this.#inUse + this.#idle.length + this.#spares.length; open < connections; open++) {
      const socket = this.#open();
      socket.unref();
      this.#spares.push(socket);
    }
  }

  /**
   * A request of these connections was upgraded (exec): that connection left. From the second
   * upgrade on, the process fetches repeatedly (a test suite, a script), so one connection is
   * opened to take its place and the next fetch pays no handshake. A process that execs once
   * (the CLI) opens none.
   */
  replaceUpgraded(): void {
    this.#upgrades++;
    if (this.#upgrades > 1) this.preconnect(1);
  }

  /** Closes the idle connections and spares; the ones in use close when given back. */
  close(): void {
    this.#closed = true;
    for (const socket of this.#idle.splice(0)) socket.destroy();
    for (const socket of this.#spares.splice(0)) socket.destroy();
  }

  #open(): tls.TLSSocket {
    const { host, port, servername, secureContext, rejectUnauthorized } = this.#options;
    const socket = tls.connect(<tls.ConnectionOptions & { noDelay: boolean }>{
      host,
      port,
      // As Node's https.Agent: SNI with a host name, none with an IP address.
      servername: servername ?? (isIP(host) ? undefined : host),
      secureContext,
      rejectUnauthorized: rejectUnauthorized ?? true,
      session: this.#session,
      // As Node's requests set on their own connections (and Go's net on every TCP connection):
      // without it, a resumed handshake's small writes can wait 40 ms for a delayed ACK.
      noDelay: true,
    });
    socket.on('session', (session: Buffer) => {
      this.#session = session;
    });
    // The request reading from the connection gets its errors; an idle one or a spare that fails
    // is dropped, and the request that would have taken it opens its own.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      for (const list of [this.#idle, this.#spares]) {
        const index = list.indexOf(socket);
        if (index !== -1) list.splice(index, 1);
      }
    });
    return socket;
  }
}
