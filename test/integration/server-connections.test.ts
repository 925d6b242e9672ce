/**
 * The keep-alive connections to one API server (src/kube/server-connections.ts), seen from the
 * server: which requests reuse a connection, which open one, and what closing does.
 */
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAnswer, requestBytes } from '../../src/kube/http1';
import { ServerConnections } from '../../src/kube/server-connections';
import { secureContextFor } from '../../src/kube/tls';
import { type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer;
let pool: ServerConnections;
beforeEach(async () => {
  server = await startRawServer();
  server.onRequest = (_request, response) => response.writeHead(200, { 'content-length': '2' }).end('{}');
  const port = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(server.kubeconfigPath, 'utf8'))?.[1]);
  pool = new ServerConnections({ host: '127.0.0.1', port, secureContext: secureContextFor({ ca: server.caPem }) });
});
afterEach(async () => {
  pool.close();
  await server.stop();
});

/** One GET on a connection of the pool; resolves to the connection and whether it may be reused. */
async function get(): Promise<{ socket: TLSSocket; reusable: boolean }> {
  const socket = pool.take();
  socket.write(requestBytes('/version', 'localhost', {}));
  const answer = await readAnswer(socket, { limitFor: () => 1024, upgrade: false });
  return { socket, reusable: 'body' in answer ? answer.reusable : false };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('connections to one API server', () => {
  it('a connection given back is the next request’s: one connection for three requests in a row', async () => {
    for (let i = 0; i < 3; i++) {
      const { socket, reusable } = await get();
      pool.release(socket, reusable);
    }
    expect(server.handshakes).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it('one that may not be reused is closed, and the next request opens another', async () => {
    server.onRequest = (_request, response) =>
      response.writeHead(200, { 'content-length': '2', connection: 'close' }).end('{}');
    const first = await get();
    expect(first.reusable).toBe(false);
    pool.release(first.socket, first.reusable);
    expect(first.socket.destroyed).toBe(true);
    const second = await get();
    expect(second.socket).not.toBe(first.socket);
    pool.release(second.socket, second.reusable);
    expect(server.handshakes).toHaveLength(2);
  });

  it('an idle connection the server closed is not handed out again', async () => {
    const { socket, reusable } = await get();
    pool.release(socket, reusable);
    for (const open of server.sockets) open.destroy();
    await settle();
    const next = await get();
    expect(next.socket).not.toBe(socket);
    pool.release(next.socket, next.reusable);
  });

  it('nor one that failed just now, before its close event', async () => {
    const { socket, reusable } = await get();
    pool.release(socket, reusable);
    // What the pool's error handler does on an idle connection's error; 'close' comes a tick later.
    socket.destroy();
    const next = pool.take();
    expect(next).not.toBe(socket);
    next.destroy();
    pool.forget();
  });

  it('preconnect counts what is open: with one request under way, two connections means one more', async () => {
    const first = pool.take();
    pool.preconnect(2);
    pool.preconnect(2);
    await settle();
    expect(server.sockets.size).toBe(2);
    first.destroy();
    pool.forget();
  });

  it('close() closes idle connections at once, and one in use when it is given back', async () => {
    const idle = await get();
    const busy = pool.take();
    pool.release(idle.socket, idle.reusable);
    pool.close();
    expect(idle.socket.destroyed).toBe(true);
    expect(busy.destroyed).toBe(false);
    pool.release(busy, true);
    expect(busy.destroyed).toBe(true);
    pool.preconnect(3);
    expect(server.sockets.size).toBeLessThanOrEqual(2);
  });

  it('idle connections and spares do not hold the process; a connection in use does', async () => {
    // Handles that keep the event loop alive: the server's end of each connection is one too.
    const holding = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
    const { socket, reusable } = await get();
    const whileInUse = holding();
    pool.release(socket, reusable);
    expect(holding()).toBe(whileInUse - 1);
    const again = pool.take();
    expect(again).toBe(socket);
    expect(holding()).toBe(whileInUse);
    pool.release(again, true);
    pool.preconnect(2);
    await settle();
    expect(server.sockets.size).toBe(2);
    // The spare holds nothing: what is added is the server's end of it.
    expect(holding()).toBe(whileInUse);
  });
});
