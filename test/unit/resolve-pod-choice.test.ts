/**
 * Which pod and container a target resolves to, and the words that say why, through
 * resolveWithClient over an in-memory reader. Every pod set is served in both list orders, and the
 * names are chosen so that sorting by name points at the wrong pod: only the pod's state can make
 * a test pass.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectReader } from '../../src/kube/client';
import type { Pod } from '../../src/kube/objects';
import { chooseContainer } from '../../src/resolve/rank';
import { type Resolution, resolveWithClient } from '../../src/resolve/resolve';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

interface PodState {
  readonly scheduled?: boolean;
  readonly ready?: boolean;
  /** Minutes after T0 at which the pod became Ready. */
  readonly readyAt?: number;
  readonly restarts?: number;
  readonly terminating?: boolean;
  readonly containers?: readonly string[];
}

function pod(name: string, state: PodState = {}): Pod {
  const ready = state.ready ?? true;
  const containers = state.containers ?? ['app'];
  return {
    metadata: {
      name,
      namespace: 'shop',
      labels: { app: 'shop' },
      creationTimestamp: at(0),
      ...(state.terminating ? { deletionTimestamp: at(30) } : {}),
    },
    spec: {
      ...(state.scheduled === false ? {} : { nodeName: 'node-1' }),
      containers: containers.map((c) => ({ name: c })),
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(state.readyAt ?? 1) }],
      containerStatuses: containers.map((c) => ({ name: c, ready, restartCount: state.restarts ?? 0 })),
    },
  };
}

/** A reader that serves `pods` for every pod list and by name. */
function reader(pods: readonly Pod[]): ObjectReader {
  return {
    get: async <T>(_resource: string, _namespace: string, name: string) => {
      const found = pods.find((p) => p.metadata.name === name);
      if (!found) throw new Error(`unexpected get of ${name}`);
      return found as T;
    },
    getIfExists: async () => undefined,
    list: async <T>() => [...pods] as T[],
  } as ObjectReader;
}

const signal = new AbortController().signal;
const byLabel = (pods: readonly Pod[]): Promise<Resolution> =>
  resolveWithClient({ kind: 'label', labels: { app: 'shop' } }, 'shop', reader(pods), signal);

/** Resolves the set in the given order and reversed; both must choose the same pod, which is returned. */
async function chosen(pods: readonly Pod[]): Promise<Resolution> {
  const forward = await byLabel(pods);
  const backward = await byLabel([...pods].reverse());
  expect(backward.resolved.pod).toBe(forward.resolved.pod);
  return forward;
}

describe('the most active pod is chosen whatever the list order', () => {
  it('a scheduled pod over an unscheduled one', async () => {
    const result = await chosen([pod('a-unscheduled', { scheduled: false }), pod('b-scheduled')]);
    expect(result.resolved.pod).toBe('b-scheduled');
  });

  it('the pod Ready longest over the one Ready more recently', async () => {
    const result = await chosen([pod('a-recent', { readyAt: 20 }), pod('b-long', { readyAt: 2 })]);
    expect(result.resolved.pod).toBe('b-long');
  });

  it('a Ready pod over an unready one, a live pod over a terminating one, fewer restarts first', async () => {
    expect((await chosen([pod('a-unready', { ready: false }), pod('b-ready')])).resolved.pod).toBe('b-ready');
    expect((await chosen([pod('a-going', { terminating: true }), pod('b-live')])).resolved.pod).toBe('b-live');
    expect((await chosen([pod('a-crashy', { restarts: 2 }), pod('b-steady')])).resolved.pod).toBe('b-steady');
  });

  it('among three, the best is found wherever it stands in the list', async () => {
    const pods = [pod('a-unready', { ready: false }), pod('b-best', { readyAt: 1 }), pod('c-newer', { readyAt: 9 })];
    for (let shift = 0; shift < pods.length; shift++) {
      const rotated = [...pods.slice(shift), ...pods.slice(0, shift)];
      expect((await chosen(rotated)).resolved.pod).toBe('b-best');
    }
  });
});

describe("the reason's words match the chosen pod's state", () => {
  it('a Ready pod is "Running, Ready", and the count of candidates is said', async () => {
    const result = await chosen([pod('a-unready', { ready: false }), pod('b-ready')]);
    expect(result.resolved.podState).toBe('Running, Ready');
    expect(result.resolved.candidates).toBe(2);
    expect(result.resolved.reason).toBe(
      'label/app=shop -> pod b-ready (Running, Ready; first of 2 by activity), container app (first non-sidecar)',
    );
  });

  it('an unready pod is "not Ready", never "Ready"', async () => {
    const result = await chosen([pod('only', { ready: false })]);
    expect(result.resolved.podState).toBe('Running, not Ready');
    expect(result.resolved.candidates).toBe(1);
    expect(result.resolved.reason).toBe(
      'label/app=shop -> pod only (Running, not Ready), container app (first non-sidecar)',
    );
  });

  it('a terminating pod says so; a live one does not', async () => {
    const going = await chosen([pod('going', { terminating: true })]);
    expect(going.resolved.podState).toBe('Running, Ready, terminating');
    const live = await chosen([pod('live')]);
    expect(live.resolved.podState).not.toContain('terminating');
  });

  it('restarts are counted, one and many', async () => {
    expect((await chosen([pod('once', { restarts: 1 })])).resolved.podState).toBe('Running, Ready, 1 restart');
    expect((await chosen([pod('often', { restarts: 3 })])).resolved.podState).toBe('Running, Ready, 3 restarts');
  });

  it('a pod target resolves without a workload and without a count', async () => {
    const result = await resolveWithClient({ kind: 'pod', name: 'single' }, 'shop', reader([pod('single')]), signal);
    expect(result.resolved).toMatchObject({ pod: 'single', workload: undefined, candidates: 1 });
    expect(result.resolved.reason).toBe('pod/single -> pod single (Running, Ready), container app (first non-sidecar)');
  });
});

describe('known sidecars are skipped when choosing the container', () => {
  // Each known sidecar listed before the app: test/unit/rank-ties.test.ts, written out there.
  it('a container that only looks like a sidecar is not skipped', () => {
    for (const name of ['istio', 'proxy', 'istio-proxy-2', 'my-vault-agent']) {
      expect(chooseContainer([{ name }, { name: 'app' }], undefined, undefined)).toEqual({
        name,
        choice: 'first non-sidecar',
      });
    }
  });

  it('through resolve: the reason names the app container and how it was chosen', async () => {
    const result = await chosen([pod('meshed', { containers: ['linkerd-proxy', 'api', 'worker'] })]);
    expect(result.resolved.container).toBe('api');
    expect(result.resolved.containerChoice).toBe('first non-sidecar');
  });
});
