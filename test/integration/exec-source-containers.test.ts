/**
 * `source: 'exec'` in pods of more than one container: with a shared process namespace PID 1 is
 * the pause process and kubenv reads the container's own environ, saying so without warning of a
 * rewritten environ; without one, the target container's environ is checked against the target
 * container's spec (not the first container's), so a sidecar declaring other variables never
 * makes a healthy environ look rewritten.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { podObject } from '../../src/testing/fixtures/pod-object';
import { sharedProcessNamespacePod } from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const NS = 'two-containers';
const base = { PATH: '/usr/bin:/bin', HOSTNAME: 'duo', HOME: '/root' };

const cluster = useCluster(() => [
  sharedProcessNamespacePod(),
  {
    objects: [
      podObject({
        name: 'duo',
        namespace: NS,
        createdAgo: 60_000,
        spec: {
          containers: [
            { name: 'proxy', image: 'envoy', env: [{ name: 'PROXY_ONLY', value: 'p' }] },
            { name: 'app', image: 'node', env: [{ name: 'APP_ONLY', value: 'a' }] },
          ],
        },
      }) as KubeObject,
    ],
    containers: [
      { namespace: NS, pod: 'duo', container: 'proxy', runtime: { environ: { ...base, PROXY_ONLY: 'p' } } },
      { namespace: NS, pod: 'duo', container: 'app', runtime: { environ: { ...base, APP_ONLY: 'a' } } },
    ],
  },
]);

const read = (target: string, namespace: string) =>
  fetchRemoteEnv(optionsFor(cluster(), { target, namespace, source: 'exec' }));

describe('exec source in pods of several containers', () => {
  it("a shared process namespace: the container's own environ, said so, no rewrite warning", async () => {
    const remote = await read('pod/orders', 'shared-pid');
    expect(remote.sourceReason).toContain('cat /proc/self/environ in orders/orders (shared process namespace');
    expect(remote.warnings.filter((w) => w.includes('rewrote'))).toEqual([]);
    expect(remote.remote['ORDERS_QUEUE']).toBe('orders-v2');
  });

  it('the second container read from PID 1, checked against its own spec: no rewrite warning', async () => {
    const remote = await read('pod/duo/container/app', NS);
    expect(remote.remote['APP_ONLY']).toBe('a');
    expect(remote.remote['PROXY_ONLY']).toBeUndefined();
    expect(remote.sourceReason).toContain('cat /proc/1/environ in duo/app');
    expect(remote.warnings.filter((w) => w.includes('rewrote'))).toEqual([]);
  });

  it("the second container's PID 1 missing its own declared variable is noticed", async () => {
    cluster().setContainer(NS, 'duo', 'app', {
      environ: { ...base, PROXY_ONLY: 'p' },
      execEnviron: { ...base, APP_ONLY: 'a' },
    });
    try {
      const remote = await read('pod/duo/container/app', NS);
      expect(remote.remote['APP_ONLY']).toBe('a');
      expect(remote.warnings.some((w) => w.includes('PID 1 in duo/app rewrote its environ'))).toBe(true);
    } finally {
      cluster().setContainer(NS, 'duo', 'app', { environ: { ...base, APP_ONLY: 'a' } });
    }
  });
});
