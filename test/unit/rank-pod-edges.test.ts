/**
 * Pod choice details kubectl's ActivePods has and the other rank tests do not reach: "Ready
 * longest" reads the Ready condition's own transition time (not the first True condition's);
 * "fewest sidecar restarts" counts native sidecars only (init containers with restartPolicy
 * Always), not init containers that ran to completion; pods the API server has not given a
 * status yet are ranked, not a crash. Each pair is judged in both argument orders.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/kube/objects';
import { compareActivePods, describePodState } from '../../src/resolve/rank';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** `first` must come before `second`, whichever is passed first. */
function expectFirst(first: Pod, second: Pod): void {
  expect(Math.sign(compareActivePods(first, second))).toBe(-1);
  expect(Math.sign(compareActivePods(second, first))).toBe(1);
}

const base = (name: string, status: Pod['status'], spec: Partial<Pod['spec']> = {}): Pod =>
  ({
    metadata: { name, creationTimestamp: at(0) },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }], ...spec },
    status,
  }) as Pod;

describe('Ready longest reads the Ready condition itself', () => {
  it('an earlier PodScheduled (or Initialized) True condition listed first does not count', () => {
    // z-recent became Ready at 30 min but was scheduled at 0; a-long became Ready at 10 min.
    const recent = base('a-recent', {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: at(0) },
        { type: 'Initialized', status: 'True', lastTransitionTime: at(1) },
        { type: 'Ready', status: 'True', lastTransitionTime: at(30) },
      ],
    });
    const long = base('z-long', {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: at(5) },
        { type: 'Ready', status: 'True', lastTransitionTime: at(10) },
      ],
    });
    expectFirst(long, recent);
  });
});

describe('Ready means the Ready condition is True', () => {
  it('other True conditions (PodScheduled, ContainersReady) with Ready False are not Ready', () => {
    const unready = base('a-unready', {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: at(0) },
        { type: 'Initialized', status: 'True', lastTransitionTime: at(0) },
        { type: 'Ready', status: 'False', lastTransitionTime: at(0) },
      ],
    });
    const ready = base('z-ready', {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at(20) }],
    });
    expectFirst(ready, unready);
    expect(describePodState(unready)).toBe('Running, not Ready');
  });
});

describe('sidecar restarts count native sidecars only', () => {
  const withInit = (name: string, init: { name: string; always: boolean; restarts: number }[]) =>
    base(
      name,
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at(1) }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0 }],
        initContainerStatuses: init.map((c) => ({ name: c.name, ready: c.always, restartCount: c.restarts })),
      } as Pod['status'],
      {
        initContainers: init.map((c) => ({ name: c.name, ...(c.always ? { restartPolicy: 'Always' } : {}) })),
      } as Partial<Pod['spec']>,
    );

  it('an init container that retried before completing is not a restarting sidecar', () => {
    const migrated = withInit('z-migrated', [{ name: 'migrate', always: false, restarts: 5 }]);
    const flaky = withInit('a-flaky-sidecar', [{ name: 'proxy', always: true, restarts: 2 }]);
    expectFirst(migrated, flaky);
  });

  it('a native sidecar that restarted more comes later', () => {
    const steady = withInit('z-steady', [
      { name: 'migrate', always: false, restarts: 9 },
      { name: 'proxy', always: true, restarts: 1 },
    ]);
    const flaky = withInit('a-flaky', [{ name: 'proxy', always: true, restarts: 3 }]);
    expectFirst(steady, flaky);
  });
});

describe('pods without a status yet', () => {
  it('are ranked by what is known (oldest first), and described, without a crash', () => {
    const older = { ...base('z-older', undefined), metadata: { name: 'z-older', creationTimestamp: at(0) } } as Pod;
    const newer = { ...base('a-newer', undefined), metadata: { name: 'a-newer', creationTimestamp: at(3) } } as Pod;
    expectFirst(older, newer);
    expect(describePodState(older)).toBe('Unknown, not Ready');
  });

  it('a Running pod comes before one without a status', () => {
    const running = base('z-running', { phase: 'Running' });
    const unknown = base('a-unknown', undefined);
    expectFirst(running, unknown);
  });
});
