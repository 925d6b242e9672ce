import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/kube/objects';
import { chooseContainer, compareActivePods } from '../../src/resolve/rank';

const T0 = '2026-01-01T00:00:00Z';
const later = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function pod(
  name: string,
  overrides: {
    node?: string;
    phase?: string;
    ready?: boolean;
    readySince?: string;
    restarts?: number;
    created?: string;
    deleting?: boolean;
  } = {},
): Pod {
  const ready = overrides.ready ?? true;
  return {
    metadata: {
      name,
      creationTimestamp: overrides.created ?? T0,
      ...(overrides.deleting ? { deletionTimestamp: later(100) } : {}),
    },
    spec: { nodeName: overrides.node ?? 'node-1', containers: [{ name: 'app' }] },
    status: {
      phase: (overrides.phase ?? 'Running') as 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: overrides.readySince ?? T0 }],
      containerStatuses: [{ name: 'app', ready, restartCount: overrides.restarts ?? 0 }],
    },
  };
}

const order = (...pods: Pod[]) => [...pods].sort(compareActivePods).map((p) => p.metadata.name);

describe('pod choice (kubectl ActivePods, most active first)', () => {
  it('prefers scheduled, then Running, then Ready', () => {
    expect(order(pod('unscheduled', { node: '' }), pod('scheduled'))).toEqual(['scheduled', 'unscheduled']);
    expect(order(pod('pending', { phase: 'Pending' }), pod('running'))).toEqual(['running', 'pending']);
    expect(order(pod('unready', { ready: false }), pod('ready'))).toEqual(['ready', 'unready']);
  });

  it('prefers not terminating, then Ready longest, then fewest restarts, then oldest, then name', () => {
    expect(order(pod('a-deleting', { deleting: true }), pod('b-live'))).toEqual(['b-live', 'a-deleting']);
    expect(order(pod('recent', { readySince: later(10) }), pod('long', { readySince: later(1) }))).toEqual([
      'long',
      'recent',
    ]);
    expect(order(pod('crashy', { restarts: 4 }), pod('steady', { restarts: 0 }))).toEqual(['steady', 'crashy']);
    expect(order(pod('young', { created: later(5) }), pod('old', { created: later(1) }))).toEqual(['old', 'young']);
    expect(order(pod('b'), pod('a'), pod('c'))).toEqual(['a', 'b', 'c']);
  });

  it('does not depend on the order the API returned', () => {
    const pods = [pod('x', { restarts: 1 }), pod('y'), pod('z', { ready: false }), pod('w', { created: later(2) })];
    const once = order(...pods);
    expect(order(...[...pods].reverse())).toEqual(once);
    expect(once[0]).toBe('y');
  });
});

describe('container choice', () => {
  const containers = [{ name: 'istio-proxy' }, { name: 'api' }, { name: 'worker' }];
  it('takes the named container, or reports it missing', () => {
    expect(chooseContainer(containers, undefined, 'worker')).toEqual({ name: 'worker', choice: 'named' });
    expect(chooseContainer(containers, undefined, 'nope')).toBeUndefined();
  });
  it('honours the default-container annotation, then skips known sidecars', () => {
    expect(chooseContainer(containers, { 'kubectl.kubernetes.io/default-container': 'worker' }, undefined)).toEqual({
      name: 'worker',
      choice: 'default-container annotation',
    });
    expect(chooseContainer(containers, { 'kubectl.kubernetes.io/default-container': 'gone' }, undefined)?.name).toBe(
      'api',
    );
    expect(chooseContainer(containers, undefined, undefined)).toEqual({ name: 'api', choice: 'first non-sidecar' });
    expect(chooseContainer([{ name: 'linkerd-proxy' }], undefined, undefined)).toEqual({
      name: 'linkerd-proxy',
      choice: 'first container',
    });
  });
});
