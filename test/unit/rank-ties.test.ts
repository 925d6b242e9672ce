/**
 * The last steps of the pod and container choice: the phase order of kubectl's ActivePods
 * (k8s.io/kubectl@v0.34.4 pkg/util/podutils/podutils.go: Pending 0 < Unknown 1 < Running 2, any
 * other phase 0), ties between terminating pods deleted at the same moment, the name as the final
 * tiebreak, and every sidecar name skipped for the default container. Each pair is judged in both
 * argument orders, and each pod set sorted in both list orders.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/kube/objects';
import { chooseContainer, compareActivePods } from '../../src/resolve/rank';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function pod(
  name: string,
  fields: { phase?: string; restarts?: number; deleted?: string; created?: string; ready?: boolean } = {},
): Pod {
  const ready = fields.ready ?? false;
  return {
    metadata: {
      name,
      creationTimestamp: fields.created ?? at(0),
      ...(fields.deleted ? { deletionTimestamp: fields.deleted } : {}),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
    status: {
      phase: (fields.phase ?? 'Running') as 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(0) }],
      containerStatuses: [{ name: 'app', ready, restartCount: fields.restarts ?? 0 }],
    },
  } as Pod;
}

/** `first` must come before `second`, whichever is passed first. */
function expectFirst(first: Pod, second: Pod): void {
  expect(Math.sign(compareActivePods(first, second))).toBe(-1);
  expect(Math.sign(compareActivePods(second, first))).toBe(1);
}

/** The names sorted most active first; the same from the list in both orders. */
function order(pods: Pod[]): string[] {
  const forward = [...pods].sort(compareActivePods).map((p) => p.metadata.name);
  const backward = [...pods]
    .reverse()
    .sort(compareActivePods)
    .map((p) => p.metadata.name);
  expect(backward).toEqual(forward);
  return forward;
}

describe('phases, as kubectl orders them', () => {
  it('Running before Unknown before Pending; Succeeded and Failed count as Pending', () => {
    // Names against the expected order, so neither names nor list order can make it pass.
    const running = pod('z-running', { phase: 'Running' });
    const unknown = pod('y-unknown', { phase: 'Unknown' });
    const pending = pod('a-pending', { phase: 'Pending' });
    expectFirst(running, unknown);
    expectFirst(unknown, pending);
    expectFirst(unknown, pod('a-succeeded', { phase: 'Succeeded' }));
    expectFirst(unknown, pod('a-failed', { phase: 'Failed' }));
    // Same rank as Pending: the next steps (here restarts) decide.
    expectFirst(pod('z-succeeded', { phase: 'Succeeded' }), pod('a-pending', { phase: 'Pending', restarts: 1 }));
    expectFirst(pod('z-pending', { phase: 'Pending' }), pod('a-failed', { phase: 'Failed', restarts: 1 }));
    expect(order([pending, running, unknown])).toEqual(['z-running', 'y-unknown', 'a-pending']);
  });
});

describe('terminating pods deleted at the same moment', () => {
  it('are ordered by the later steps: fewer restarts first', () => {
    const deleted = at(50);
    expectFirst(pod('z-steady', { deleted, restarts: 0 }), pod('a-crashy', { deleted, restarts: 3 }));
    expectFirst(pod('z-old', { deleted, created: at(1) }), pod('a-young', { deleted, created: at(2) }));
  });

  it('otherwise the one deleted later comes first', () => {
    expectFirst(pod('z-later', { deleted: at(60), restarts: 3 }), pod('a-sooner', { deleted: at(50) }));
  });
});

describe('the name decides when nothing else does', () => {
  it('the alphabetically first, in both argument orders and both list orders', () => {
    expectFirst(pod('api-1'), pod('api-2'));
    expectFirst(pod('a'), pod('b'));
    expect(order([pod('web-c'), pod('web-a'), pod('web-b')])).toEqual(['web-a', 'web-b', 'web-c']);
  });

  it('a pod compared with itself is a tie', () => {
    const one = pod('api-1');
    expect(compareActivePods(one, one)).toBe(0);
  });
});

describe('known sidecars are skipped for the default container', () => {
  const SIDECARS = [
    'istio-proxy',
    'istio-init',
    'linkerd-proxy',
    'linkerd-init',
    'kuma-sidecar',
    'kuma-init',
    'vault-agent',
    'vault-agent-init',
    'queue-proxy',
    'traffic-agent',
    'cloud-sql-proxy',
  ];

  it.each(SIDECARS)('%s listed before the app', (sidecar) => {
    expect(chooseContainer([{ name: sidecar }, { name: 'app' }], undefined, undefined)).toEqual({
      name: 'app',
      choice: 'first non-sidecar',
    });
  });

  it('a pod of sidecars only: the first container', () => {
    const containers = SIDECARS.map((name) => ({ name }));
    expect(chooseContainer(containers, undefined, undefined)).toEqual({
      name: 'istio-proxy',
      choice: 'first container',
    });
  });

  it('a name that only looks like a sidecar is the app', () => {
    const containers = [{ name: 'istio-proxy-config' }, { name: 'proxy' }];
    expect(chooseContainer(containers, undefined, undefined)).toEqual({
      name: 'istio-proxy-config',
      choice: 'first non-sidecar',
    });
  });

  it('kubectl.kubernetes.io/default-container picks even a sidecar; another annotation does not', () => {
    const containers = [{ name: 'app' }, { name: 'istio-proxy' }];
    expect(
      chooseContainer(containers, { 'kubectl.kubernetes.io/default-container': 'istio-proxy' }, undefined),
    ).toEqual({ name: 'istio-proxy', choice: 'default-container annotation' });
    expect(
      chooseContainer(containers, { 'kubectl.kubernetes.io/default': 'istio-proxy', '': 'istio-proxy' }, undefined),
    ).toEqual({
      name: 'app',
      choice: 'first non-sidecar',
    });
  });
});
