import { describe, expect, it } from 'vitest';
import { isKubenvError, listTargets, resolveTarget } from '../../src/index';
import {
  cronJobFixture,
  daemonSetFixture,
  deploymentMidRollout,
  jobFixture,
  largeNamespaceFixture,
  rolloutFixture,
  sidecarPod,
  statefulSetFixture,
} from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const NS = 'mixed';
const cluster = useCluster(() => [
  deploymentMidRollout({ namespace: NS }),
  statefulSetFixture({ namespace: NS }),
  daemonSetFixture({ namespace: NS }),
  jobFixture({ namespace: NS }),
  cronJobFixture({ namespace: NS }),
  rolloutFixture({ namespace: NS }),
  sidecarPod({ namespace: NS }),
  largeNamespaceFixture({ namespace: 'load', pods: 700, deploymentReplicas: 600 }),
]);

const list = (extra: Parameters<typeof listTargets>[0] = {}) =>
  listTargets({ ...optionsFor(cluster(), { namespace: NS }), ...extra });

describe('listTargets', () => {
  it('lists every kind with what a picker shows', async () => {
    const listing = await list();
    expect(listing.namespace).toBe(NS);
    expect(listing.skipped).toEqual([]);
    const kinds = new Set(listing.targets.map((t) => t.kind));
    for (const kind of ['pod', 'deployment', 'rollout', 'statefulset', 'daemonset', 'replicaset', 'job', 'cronjob']) {
      expect(kinds).toContain(kind);
    }
    const checkout = listing.targets.find((t) => t.target === 'deployment/checkout');
    expect(checkout).toMatchObject({
      kind: 'deployment',
      name: 'checkout',
      namespace: NS,
      pod: 'checkout-5c9d8f6b7d-p4t7r',
      container: 'app',
    });
    expect(checkout?.containers).toContain('app');
    expect(checkout?.age).toMatch(/^\d+[smhdy]/);
    expect(checkout?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // kubectl's READY of a deployment: ready replicas of every revision / desired.
    expect(checkout?.total).toBeGreaterThan(0);
    // Pods come first (KIND_LIST order), names sorted within a kind.
    const pods = listing.targets.filter((t) => t.kind === 'pod').map((t) => t.name);
    expect(pods).toEqual([...pods].sort());
    expect(listing.targets[0]?.kind).toBe('pod');
  });

  it('shows for each workload the pod and container resolveTarget picks right now', async () => {
    const listing = await list();
    const workloads = listing.targets.filter((t) => t.kind !== 'pod');
    expect(workloads.length).toBeGreaterThan(5);
    for (const entry of workloads) {
      const resolved = await resolveTarget({ ...optionsFor(cluster(), { namespace: NS }), target: entry.target }).catch(
        () => undefined,
      );
      expect({ target: entry.target, pod: entry.pod, container: entry.container }).toEqual({
        target: entry.target,
        pod: resolved?.pod,
        container: resolved?.container,
      });
    }
  });

  it('a pod entry counts ready containers as kubectl does, and picks the default container past sidecars', async () => {
    const listing = await list();
    const meshed = listing.targets.find((t) => t.kind === 'pod' && t.containers.includes('istio-proxy'));
    expect(meshed).toBeDefined();
    expect(meshed?.container).not.toBe('istio-proxy');
    expect(meshed?.total).toBe(meshed?.containers.length);
    expect(meshed?.ready).toBeLessThanOrEqual(meshed?.total ?? 0);
  });

  it('sends one paginated LIST per kind, in parallel, and nothing per target', async () => {
    cluster().requests.clear();
    cluster().faults.latency(250, { verb: 'list' });
    const started = performance.now();
    try {
      await list();
    } finally {
      cluster().faults.clear();
    }
    const elapsed = performance.now() - started;
    const requests = cluster().requests.filter((entry) => entry.verb !== '');
    // Nine kinds, plus controllerrevisions because there is a daemonset.
    expect(requests.map((entry) => entry.resource).sort()).toEqual(
      [
        'controllerrevisions',
        'cronjobs',
        'daemonsets',
        'deployments',
        'jobs',
        'pods',
        'replicasets',
        'rollouts',
        'services',
        'statefulsets',
      ].sort(),
    );
    for (const entry of requests) {
      expect(entry).toMatchObject({ verb: 'list', namespace: NS });
      expect(entry.query.get('limit')).toBe('500');
    }
    // Sequential lists would take 10 × 250 ms; in parallel it is the kinds' list and then the revisions'.
    expect(elapsed).toBeLessThan(1500);
  });

  it('follows continue tokens: a namespace of 700 pods is read in pages', async () => {
    cluster().requests.clear();
    const listing = await list({ namespace: 'load' });
    expect(listing.targets.filter((t) => t.kind === 'pod')).toHaveLength(700);
    expect(cluster().requests.count({ resource: 'pods', verb: 'list' })).toBe(2);
    const web = listing.targets.find((t) => t.target === 'deployment/web');
    expect(web?.pod).toMatch(/^web-/);
  });

  it('skips a forbidden kind with a note naming the next step, and lists the rest', async () => {
    cluster().faults.deny({ verb: 'list', resource: 'statefulsets', namespace: NS });
    try {
      const listing = await list();
      expect(listing.skipped).toEqual([expect.objectContaining({ kind: 'statefulset', reason: 'forbidden' })]);
      expect(listing.skipped[0]?.message).toContain('kubectl auth can-i list statefulsets.apps -n mixed');
      expect(listing.targets.some((t) => t.kind === 'statefulset')).toBe(false);
      expect(listing.targets.some((t) => t.kind === 'deployment')).toBe(true);
    } finally {
      cluster().faults.clear();
    }
  });

  it('skips rollouts when the cluster does not serve them (no Argo CRD)', async () => {
    cluster().faults.fail({ status: 404, count: 1, match: { verb: 'list', resource: 'rollouts' } });
    const listing = await list();
    expect(listing.skipped).toEqual([expect.objectContaining({ kind: 'rollout', reason: 'not-served' })]);
    expect(listing.targets.some((t) => t.kind === 'deployment')).toBe(true);
  });

  it('a server error is not a skip: the call fails with a typed error', async () => {
    cluster().faults.fail({ status: 500, count: 5, match: { verb: 'list', resource: 'jobs' } });
    try {
      const error = await list().catch((e: unknown) => e);
      expect(isKubenvError(error, 'KUBE_API')).toBe(true);
      expect((error as Error).message).toContain('jobs');
    } finally {
      cluster().faults.clear();
    }
  });

  it('takes the namespace from MIRRORD_TARGET_NAMESPACE as the other calls do', async () => {
    const listing = await listTargets(optionsFor(cluster(), { env: { MIRRORD_TARGET_NAMESPACE: NS } }));
    expect(listing.namespace).toBe(NS);
    expect(listing.targets.length).toBeGreaterThan(5);
  });

  it('a cluster that does not answer: a TimeoutError naming the list that hung, after the timeout', async () => {
    cluster().faults.hang({ match: { verb: 'list', resource: 'cronjobs' } });
    try {
      const started = performance.now();
      const error = await list({ timeout: 400 }).catch((e: unknown) => e);
      expect(isKubenvError(error, 'TIMEOUT')).toBe(true);
      expect((error as Error).message).toContain('List cronjobs in namespace "mixed" timed out after 400 ms');
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      cluster().faults.clear();
    }
  });

  it('an aborted signal stops the listing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user closed the dialog'));
    await expect(list({ signal: controller.signal })).rejects.toThrow('user closed the dialog');
  });
});
