/**
 * How kubenv uses connections to the API server: a deployment's parallel lists never wait for a
 * new connection's handshake (src/kube/server-connections.ts); fetches in one process share connections, and
 * the process still exits by itself (src/kube/connection-pool.ts). A TCP relay in front of the
 * simulated cluster records when each connection is opened.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeConnections, fetchRemoteEnv, resolveTarget } from '../../src/index';
import { demoFixtures, podFixture } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { closeRelays, startRelay } from '../support/relay';

const cluster = useCluster(() => [...demoFixtures(), podFixture({ name: 'x', namespace: 'bench', container: 'c' })]);

afterEach(async () => {
  closeConnections();
  await closeRelays();
  cluster().faults.clear();
});

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

  it('from the third fetch of a process on, a fetch sends its first request without a handshake', async () => {
    const relay = await startRelay(cluster());
    const options = { target: 'pod/x', namespace: 'bench', kubeconfig: relay.kubeconfig, cwd: EMPTY_PROJECT, env: {} };
    // Whether a connection was opened between the start of a fetch and its first request (GET pod).
    const handshakeFirst = async () => {
      cluster().requests.clear();
      const start = Date.now();
      const opened = relay.opened.length;
      expect((await fetchRemoteEnv(options)).source).toBe('exec');
      const get = cluster()
        .requests.toArray()
        .find((entry) => entry.resource === 'pods' && !entry.subresource);
      const openedAt = relay.opened.slice(opened).map((at) => performance.timeOrigin + at);
      return openedAt.some((at) => at >= start && at <= (get?.startedAt ?? Infinity));
    };
    const fetches = [];
    for (let fetch = 0; fetch < 4; fetch++) {
      fetches.push(await handshakeFirst());
      // As between the tests of a suite: time for the spare's handshake, which a back-to-back
      // fetch would overlap with its own start instead of skipping.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The first two open their own (a process that fetches once, the CLI, opens no spare).
    expect(fetches).toEqual([true, true, false, false]);
    closeConnections();
    expect(await handshakeFirst()).toBe(true);
  });

  it('a script that fetches several times exits by itself, its spare connection left open', async () => {
    const relay = await startRelay(cluster());
    const script = [
      `import { fetchRemoteEnv } from ${JSON.stringify(path.resolve('dist/index.js'))};`,
      `const options = { target: 'pod/x', namespace: 'bench', kubeconfig: ${JSON.stringify(relay.kubeconfig)}, cwd: ${JSON.stringify(EMPTY_PROJECT)}, env: {} };`,
      'for (const target of ["pod/x", "deployment/checkout", "pod/x"]) {',
      '  const result = await fetchRemoteEnv({ ...options, target, namespace: target === "pod/x" ? "bench" : "shop" });',
      '  process.stdout.write(`${result.source}\\n`);',
      '}',
    ].join('\n');
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { timeout: 20_000 },
        (error, out) =>
          resolve({ stdout: out, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 }),
      );
      child.stdin?.end();
    });
    expect(stdout).toBe('exec\nexec\nexec\n');
    // A hang would be killed by the timeout (code null, signal SIGTERM).
    expect(code).toBe(0);
  });
});
