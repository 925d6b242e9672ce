/**
 * Forward proxies for tests: an HTTP CONNECT proxy (plain or over TLS) and a SOCKS5 proxy. Each
 * records the host:port it was asked for and resolves the names it knows (say `kubernetes`) to
 * 127.0.0.1, so a server name that only the proxy can resolve proves a request went through it.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type Server, type Socket } from 'node:net';

export interface TestProxy {
  readonly url: string;
  /** `host:port` of every tunnel asked for, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

/** Names the proxy resolves itself; anything else goes to its own resolver. */
export type HostMap = Readonly<Record<string, string>>;

function tunnel(client: Socket, host: string, port: number, hosts: HostMap, onOpen: () => void, onFail: () => void) {
  const upstream = connect(port, hosts[host] ?? host, onOpen);
  upstream.on('error', () => {
    onFail();
    client.destroy();
  });
  client.on('error', () => upstream.destroy());
  return upstream;
}

function listen(server: Server, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** An HTTP CONNECT proxy; with `tls` it is an https:// proxy. */
export async function startConnectProxy(
  hosts: HostMap,
  tls?: { readonly cert: string; readonly key: string },
): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const at = target.lastIndexOf(':');
    const host = target.slice(0, at).replace(/^\[|\]$/g, '');
    const upstream = tunnel(
      client,
      host,
      Number(target.slice(at + 1)),
      hosts,
      () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      },
      () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'),
    );
  });
  const port = await listen(server, sockets);
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, tunnels, close: closer(server, sockets) };
}

/** A SOCKS5 proxy without authentication (RFC 1928: CONNECT to an IPv4 address or a domain name). */
export async function startSocksProxy(hosts: HostMap): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'open' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting') {
        if (buffer.length < 2 || buffer.length < 2 + (buffer[1] ?? 0)) return;
        buffer = buffer.subarray(2 + (buffer[1] ?? 0));
        client.write(Buffer.from([5, 0]));
        stage = 'request';
      }
      if (stage === 'request') {
        if (buffer.length < 5) return;
        const type = buffer[3];
        let host: string;
        let end: number;
        if (type === 1) {
          end = 4 + 4;
          if (buffer.length < end + 2) return;
          host = [...buffer.subarray(4, 8)].join('.');
        } else if (type === 3) {
          const length = buffer[4] ?? 0;
          end = 5 + length;
          if (buffer.length < end + 2) return;
          host = buffer.subarray(5, end).toString('utf8');
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = buffer.readUInt16BE(end);
        const rest = buffer.subarray(end + 2);
        stage = 'open';
        client.off('data', onData);
        tunnels.push(`${host}:${port}`);
        const upstream = tunnel(
          client,
          host,
          port,
          hosts,
          () => {
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            if (rest.length > 0) upstream.write(rest);
            upstream.pipe(client);
            client.pipe(upstream);
          },
          () => client.end(Buffer.from([5, 4, 0, 1, 0, 0, 0, 0, 0, 0])),
        );
      }
    };
    client.on('data', onData);
    client.on('error', () => undefined);
  });
  const port = await listen(server, sockets);
  return { url: `socks5://127.0.0.1:${port}`, tunnels, close: closer(server, sockets) };
}
