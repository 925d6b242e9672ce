/**
 * How kubenv uses connections to the API server (src/kube/agent.ts): a deployment's parallel
 * lists never wait for a new connection's handshake. A TCP relay in front of the simulated
 * cluster records when each connection is opened.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/index';
import { demoFixtures, type SimulatedCluster } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';

const cluster = useCluster(() => demoFixtures());

interface Relay {
  readonly kubeconfig: string;
  /** When each connection was accepted (performance.now()). */
  readonly opened: number[];
  close(): Promise<void>;
}

const relays: Relay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close();
  cluster().faults.clear();
});

async function startRelay(target: SimulatedCluster): Promise<Relay> {
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

describe('connections to the API server', () => {
  it("a deployment's two lists go out at once without waiting for a new connection", async () => {
    const relay = await startRelay(cluster());
    // The deployment's answer comes late: a connection opened only for the lists would open after it.
    const answerDelayMs = 300;
    cluster().faults.latency(answerDelayMs, { verb: 'get', resource: 'deployments' });
    cluster().requests.clear();
    const started = performance.now();
    const resolved = await resolveTarget({
      target: 'deployment/checkout',
      namespace: 'shop',
      kubeconfig: relay.kubeconfig,
      cwd: EMPTY_PROJECT,
      env: {},
    });
    expect(resolved.pod).toBe('checkout-5c9d8f6b7d-p4t7r');
    expect(cluster().requests.count({ resource: 'replicasets' })).toBe(1);
    expect(cluster().requests.count({ resource: 'pods' })).toBe(1);
    expect(relay.opened).toHaveLength(2);
    for (const at of relay.opened) expect(at - started).toBeLessThan(answerDelayMs);
  });
});
