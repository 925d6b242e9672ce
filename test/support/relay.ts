/**
 * A TCP relay in front of a simulated cluster that records when each connection is opened: how
 * tests see kubenv's connections to the API server (new ones, reused ones).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import type { SimulatedCluster } from '../../src/testing/index';
import { EMPTY_PROJECT } from './cluster';

export interface Relay {
  /** A copy of the cluster's kubeconfig whose server is the relay. */
  readonly kubeconfig: string;
  /** When each connection was accepted (performance.now()). */
  readonly opened: number[];

  close(): Promise<void>;
}

const relays: Relay[] = [];

/** Starts a relay to `target`; closeRelays() closes every one started. */
export async function startRelay(target: SimulatedCluster): Promise<Relay> {
  const text = readFileSync(target.kubeconfigPath, 'utf8');
  const server = /https:\/\/127\.0\.0\.1:(\d+)/.exec(text);
  if (!server) throw new Error('the simulated cluster is not on https://127.0.0.1');
  const opened: number[] = [];
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    opened.push(performance.now());
    const upstream = connect(Number(server[1]), '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const port = (relay.address() as { port: number }).port;
  const kubeconfig = path.join(EMPTY_PROJECT, `relay-${port}.kubeconfig`);
  writeFileSync(kubeconfig, text.replace(server[0], `https://127.0.0.1:${port}`));
  const handle = {
    kubeconfig,
    opened,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
  relays.push(handle);
  return handle;
}

export async function closeRelays(): Promise<void> {
  for (const relay of relays.splice(0)) await relay.close();
}
