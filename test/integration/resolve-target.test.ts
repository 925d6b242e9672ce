import { describe, expect, it } from 'vitest';
import { type ContainerNotFoundError, isKubenvError, type NotFoundError, resolveTarget } from '../../src/index';
import { demoFixtures, podFixture } from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const cluster = useCluster(() => [
  ...demoFixtures(),
  // A service without a selector, and a pod whose name is close to an existing one.
  {
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'external-db', namespace: 'shop' },
        spec: { clusterIP: '10.96.9.9', ports: [{ port: 5432 }] },
      },
    ],
    containers: [],
  },
  podFixture({ name: 'api-7d9f8-x2kq4', namespace: 'typos', labels: { app: 'api' } }),
]);

const resolve = (target: string, namespace: string) => resolveTarget(optionsFor(cluster(), { target, namespace }));

describe('resolveTarget: every kind resolves to the expected pod of the current revision', () => {
  it('deployment mid-rollout: the newest ReplicaSet only, never the older Ready pod', async () => {
    const resolved = await resolve('deploy/checkout', 'shop');
    expect(resolved).toMatchObject({
      target: 'deployment/checkout',
      namespace: 'shop',
      pod: 'checkout-5c9d8f6b7d-p4t7r',
      container: 'app',
      revision: 'revision 2',
      workload: { kind: 'deployment', name: 'checkout' },
    });
    // Only the new ReplicaSet's pods were candidates, though the old one has an older Ready pod.
    expect(resolved.candidates).toBe(2);
    expect(resolved.reason).toMatch(
      /^deployment\/checkout -> pod checkout-5c9d8f6b7d-p4t7r \(revision 2; Running, Ready/,
    );
  });

  it.each([
    ['sts/redis', 'data', 'redis-2', 'redis'],
    ['ds/log-agent', 'logging', /^log-agent-(4xkzt|9pq2w)$/, 'agent'],
    ['cronjob/report-sync', 'batch-demo', /^report-sync-\d+-q9w4t$/, 'report'],
    ['rollout/storefront', 'rollouts', 'storefront-6c8d7f9b5d-k8s2m', 'web'],
    ['job/db-migrate', 'batch-demo', 'db-migrate-x7k2p', 'migrate'],
    ['rs/checkout-6d8f7b9c4d', 'shop', /^checkout-6d8f7b9c4d-/, 'app'],
  ])('%s -> its current pod', async (target, namespace, pod, container) => {
    const resolved = await resolve(target, namespace);
    if (typeof pod === 'string') expect(resolved.pod).toBe(pod);
    else expect(resolved.pod).toMatch(pod);
    expect(resolved.container).toBe(container);
  });

  it('daemonset: only pods of the newest ControllerRevision', async () => {
    const resolved = await resolve('daemonset/log-agent', 'logging');
    expect(resolved.candidates).toBe(2);
    expect(resolved.revision).toBe('revision 2');
  });

  it('rollout with workloadRef takes the template and pods of the referenced Deployment', async () => {
    const resolved = await resolve('rollout/inventory', 'rollouts');
    expect(resolved.pod).toMatch(/^inventory-7d9f8c6b5c-/);
    expect(resolved.candidates).toBe(2);
  });

  it('service and label targets choose among the selected pods deterministically', async () => {
    const viaService = await resolve('svc/checkout', 'shop');
    const viaLabel = await resolve('label/app=checkout', 'shop');
    expect(viaService.pod).toBe(viaLabel.pod);
    expect(viaService.candidates).toBe(4);
    // Same answer every time, whatever order the server lists in.
    expect((await resolve('svc/checkout', 'shop')).pod).toBe(viaService.pod);
  });

  it('a pod with a sidecar listed first: the app container, not istio-proxy', async () => {
    const resolved = await resolve('pod/payments', 'mesh');
    expect(resolved.container).toBe('payments');
    expect(resolved.containerChoice).toBe('first non-sidecar');
  });

  it('the default-container annotation wins', async () => {
    const resolved = await resolve('pod/report-builder', 'tools');
    expect(resolved).toMatchObject({ container: 'builder', containerChoice: 'default-container annotation' });
  });

  it('a named container is taken exactly', async () => {
    const resolved = await resolve('pod/payments/container/istio-proxy', 'mesh');
    expect(resolved).toMatchObject({ container: 'istio-proxy', containerChoice: 'named' });
  });
});

describe('resolveTarget: errors that say what to do', () => {
  it('a container that is not in the pod lists the pod containers', async () => {
    const error = (await resolve('pod/payments/container/app', 'mesh').catch((e) => e)) as ContainerNotFoundError;
    expect(isKubenvError(error, 'CONTAINER_NOT_FOUND')).toBe(true);
    expect(error.available).toEqual(['istio-proxy', 'payments']);
    expect(error.message).toContain('The pod has: istio-proxy, payments');
  });

  it('a missing pod suggests similar names from the namespace', async () => {
    const error = (await resolve('pod/api-7d9f8-x2kq', 'typos').catch((e) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect(error.suggestions).toEqual(['api-7d9f8-x2kq4']);
    expect(error.message).toContain('Did you mean `pod/api-7d9f8-x2kq4`?');
  });

  it('a missing deployment says where it looked and how to list', async () => {
    const error = (await resolve('deploy/nope', 'shop').catch((e) => e)) as NotFoundError;
    expect(error.message).toMatch(/deployment "nope" not found in namespace "shop"/);
    expect(error.hint).toContain('kubectl get deployment -n shop');
  });

  it('a service without a selector is refused with the next step', async () => {
    const error = await resolve('service/external-db', 'shop').catch((e) => e);
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
    expect((error as Error).message).toContain('has no selector');
  });

  it('targetless has nothing to resolve', async () => {
    const error = await resolve('targetless', 'shop').catch((e) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
  });
});

describe('round trips (from the simulator request log)', () => {
  it('a pod target needs 1 request to resolve; a deployment 3, in two sequential steps', async () => {
    cluster().requests.clear();
    await resolve('pod/payments', 'mesh');
    expect(cluster().requests.length).toBe(1);
    cluster().requests.clear();
    // 40 ms per list: in sequence they could not overlap.
    cluster().faults.latency(40, { verb: 'list' });
    try {
      await resolve('deploy/checkout', 'shop');
    } finally {
      cluster().faults.clear();
    }
    const requests = cluster().requests.toArray();
    // GET the deployment, then both lists at once (their order on the wire may vary).
    expect(requests.map((r) => `${r.verb} ${r.resource}`)[0]).toBe('get deployments');
    expect(
      requests
        .slice(1)
        .map((r) => `${r.verb} ${r.resource}`)
        .sort(),
    ).toEqual(['list pods', 'list replicasets']);
    // Both lists were sent before either was answered: two sequential steps, not three.
    const [, first, second] = requests;
    expect(Math.max(first!.startedAt, second!.startedAt)).toBeLessThan(
      Math.min(first!.startedAt + first!.durationMs, second!.startedAt + second!.durationMs),
    );
    // Lists are filtered on the server by label selector, never the whole namespace.
    expect(
      cluster()
        .requests.filter({ verb: 'list' })
        .every((r) => r.query.get('labelSelector')),
    ).toBe(true);
  });
});
