/**
 * What resolveTarget says when a target finds nothing: a label selector that matches no pod is a
 * NoPodError pointing at the labels; a misspelt workload name suggests the workload names close
 * to it (one page of a list, never the whole namespace); a 404 of another object met on the way
 * (the Deployment a rollout's workloadRef names) is not answered with names of the target's kind.
 * A name with no close match keeps the API server's 404 as it is; a container the pod template
 * lacks is named in the error with the template it was looked for in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ContainerNotFoundError, isKubenvError, type NotFoundError, resolveTarget } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { demoFixtures, largeNamespaceFixture } from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const cluster = useCluster(() => [
  ...demoFixtures(),
  largeNamespaceFixture({ namespace: 'many', pods: 1200, deploymentReplicas: 1200 }),
  {
    objects: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'orphan', namespace: 'rollouts', uid: 'uid-orphan' },
        spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orphan-base' } },
      } as KubeObject,
      // Written without template metadata (the API accepts it): no pod yet, so the template stands in.
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bare', namespace: 'rollouts', uid: 'uid-bare' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'bare' } },
          template: { spec: { containers: [{ name: 'app', image: 'busybox' }] } },
        },
      } as KubeObject,
    ],
    containers: [],
  },
]);
afterEach(() => {
  cluster().faults.clear();
  cluster().requests.clear();
});

const resolve = (target: string, namespace: string) => resolveTarget(optionsFor(cluster(), { target, namespace }));

describe('targets that find nothing', () => {
  it('a label selector that matches no pod: NoPodError naming the labels, with how to see them', async () => {
    const error = await resolve('label/app=nothing-here', 'shop').catch((e: unknown) => e);
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
    expect((error as Error).message).toContain('no pod matches (looked in pods with labels app=nothing-here)');
    expect((error as { hint?: string }).hint).toContain('kubectl get pods -n shop --show-labels');
  });

  it('a label target names the selector as its workload', async () => {
    const resolved = await resolve('label/app=checkout', 'shop');
    expect(resolved.workload).toEqual({ kind: 'label', name: 'app=checkout' });
  });

  it('a misspelt deployment suggests the close names', async () => {
    const error = (await resolve('deploy/checkot', 'shop').catch((e: unknown) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect(error.suggestions).toContain('checkout');
    expect(error.hint).toContain('`deployment/checkout`');
  });

  it('a misspelt pod among 1,200: suggestions from one page of 500, not the whole namespace', async () => {
    const error = (await resolve('pod/web-nonexistent', 'many').catch((e: unknown) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    const lists = cluster().requests.filter({ verb: 'list', resource: 'pods' });
    expect(lists).toHaveLength(1);
    expect(lists[0]?.query.get('limit')).toBe('500');
  });

  it("a rollout whose workloadRef Deployment is missing: that Deployment's 404, no rollout names offered", async () => {
    const error = (await resolve('rollout/orphan', 'rollouts').catch((e: unknown) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect(error.object.name).toBe('orphan-base');
    expect(error.suggestions).toEqual([]);
    expect(cluster().requests.count({ verb: 'list' })).toBe(0);
  });

  it('a deployment without pods whose template has no metadata: the template, its only container', async () => {
    const resolved = await resolve('deploy/bare', 'rollouts');
    expect(resolved.pod).toBeUndefined();
    expect(resolved.container).toBe('app');
  });

  it('a container the pod template lacks: the error names the template and the container asked for', async () => {
    const error = (await resolve('deploy/bare/container/sidecar', 'rollouts').catch(
      (e: unknown) => e,
    )) as ContainerNotFoundError;
    expect(isKubenvError(error, 'CONTAINER_NOT_FOUND')).toBe(true);
    expect({ pod: error.pod, container: error.container, available: error.available }).toEqual({
      pod: 'deployment/bare/container/sidecar (pod template)',
      container: 'sidecar',
      available: ['app'],
    });
  });

  it('a name with no close match: the 404 as it came, not wrapped in a copy of itself', async () => {
    const error = (await resolve('deploy/zzzzzzzzzzzz', 'shop').catch((e: unknown) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect(error.suggestions).toEqual([]);
    expect(isKubenvError(error.cause, 'NOT_FOUND')).toBe(false);
  });

  it('listing forbidden: the 404 stays, without suggestions', async () => {
    cluster().faults.deny({ verb: 'list', resource: 'deployments', namespace: 'shop' });
    const error = (await resolve('deploy/checkot', 'shop').catch((e: unknown) => e)) as NotFoundError;
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect(error.suggestions).toEqual([]);
  });
});
