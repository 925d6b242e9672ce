/**
 * kubectl's own ActivePods tests, ported as data: TestActivePods
 * (k8s.io/kubectl@v0.34.4 pkg/util/podutils/podutils_test.go) and the controller's
 * TestSortingActivePods (k8s.io/kubernetes@v1.34.4 pkg/controller/controller_utils_test.go).
 * kubectl sorts less active first and `kubectl exec deploy/x` takes the last; kubenv sorts most
 * active first, so each expected order is reversed here. Every pair runs in both list orders and
 * with the two names swapped, so a tie broken by name cannot pass by luck.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/kube/objects';
import { compareActivePods } from '../../src/resolve/rank';

const time1 = '2026-03-01T10:00:00Z';
const time2 = '2026-03-01T10:00:01Z';
const time3 = '2026-03-01T10:00:02Z';
const now = '2026-03-01T10:00:00Z';
const then = '2026-02-01T10:00:00Z';

interface PodShape {
  readonly created?: string;
  readonly deleted?: string;
  readonly node?: string;
  readonly phase?: 'Pending' | 'Running' | 'Unknown';
  /** The Ready condition: true with its lastTransitionTime, or '' for true without a time. */
  readonly readySince?: string;
  readonly restarts?: readonly number[];
  readonly sidecarRestarts?: number;
}

function pod(name: string, shape: PodShape): Pod {
  const sidecar = shape.sidecarRestarts !== undefined;
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(shape.created ? { creationTimestamp: shape.created } : {}),
      ...(shape.deleted ? { deletionTimestamp: shape.deleted } : {}),
    },
    spec: {
      containers: [{ name: 'app' }],
      ...(shape.node ? { nodeName: shape.node } : {}),
      ...(sidecar ? { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }] } : {}),
    },
    status: {
      ...(shape.phase ? { phase: shape.phase } : {}),
      ...(shape.readySince !== undefined
        ? {
            conditions: [
              { type: 'Ready', status: 'True', ...(shape.readySince ? { lastTransitionTime: shape.readySince } : {}) },
            ],
          }
        : {}),
      containerStatuses: (shape.restarts ?? []).map((restartCount) => ({ name: '', ready: true, restartCount })),
      ...(sidecar
        ? { initContainerStatuses: [{ name: 'sidecar', ready: true, restartCount: shape.sidecarRestarts ?? 0 }] }
        : {}),
    },
  };
}

const ready = { node: 'node1', phase: 'Running', readySince: time1 } as const;

/** TestActivePods: pod1 sorts before pod2 in kubectl, so kubenv must prefer pod2. */
const activePodsCases: ReadonlyArray<readonly [string, [string, PodShape], [string, PodShape]]> = [
  ['unassigned pod should sort before assigned pod', ['unassignedPod', {}], ['assignedPod', { node: 'node1' }]],
  [
    'pending pod should sort before unknown pod',
    ['pendingPod', { node: 'node1', phase: 'Pending' }],
    ['unknownPod', { node: 'node1', phase: 'Unknown', created: time1 }],
  ],
  [
    'unknown pod should sort before running pod',
    ['unknownPod', { node: 'node1', phase: 'Unknown', created: time1 }],
    ['runningPod', { node: 'node1', phase: 'Running', created: time1 }],
  ],
  [
    'unready pod should sort before ready pod',
    ['unreadyPod', { node: 'node1', phase: 'Running' }],
    ['readyPod', ready],
  ],
  [
    'pod with deletion timestamp should sort before pod without deletion timestamp',
    ['readyPodDeleting', { ...ready, deleted: time2 }],
    ['readyPod', ready],
  ],
  [
    'older deletion timestamp should sort before newer deletion timestamp',
    ['readyPodDeletingOlder', { ...ready, deleted: time2 }],
    ['readyPodDeletingNewer', { ...ready, deleted: time3 }],
  ],
  [
    'newer ready timestamp should sort before older ready timestamp',
    ['newerReadyPod', { ...ready, readySince: time3 }],
    ['olderReadyPod', { ...ready, readySince: time2 }],
  ],
  [
    'higher restart count should sort before lower restart count',
    ['podWithMoreRestarts', { ...ready, restarts: [3] }],
    ['podWithLessRestarts', { ...ready, restarts: [2] }],
  ],
  [
    'newer creation timestamp should sort before older creation timestamp',
    ['newerCreationPod', { ...ready, created: time3 }],
    ['olderCreationPod', { ...ready, created: time2 }],
  ],
  [
    'higher sidecar restart count should sort before lower restart count',
    ['podWithMoreRestarts', { ...ready, restarts: [3], sidecarRestarts: 3 }],
    ['podWithLessRestarts', { ...ready, restarts: [3], sidecarRestarts: 2 }],
  ],
];

const first = (...pods: Pod[]) => [...pods].sort(compareActivePods)[0]?.metadata.name;

describe('kubectl TestActivePods (podutils_test.go@v0.34.4), most active first', () => {
  for (const [name, [lessName, less], [moreName, more]] of activePodsCases) {
    it(name, () => {
      expect(first(pod(lessName, less), pod(moreName, more))).toBe(moreName);
      expect(first(pod(moreName, more), pod(lessName, less))).toBe(moreName);
      // Names swapped: the state decides, not the name.
      expect(first(pod(moreName, less), pod(lessName, more))).toBe(lessName);
      expect(first(pod(lessName, more), pod(moreName, less))).toBe(lessName);
    });
  }
});

describe('controller TestSortingActivePods (controller_utils_test.go@v1.34.4)', () => {
  const running = { node: 'foo', phase: 'Running' } as const;
  // kubectl's order, least active first.
  const wantOrder: ReadonlyArray<readonly [string, PodShape]> = [
    ['unscheduled', { phase: 'Pending' }],
    ['scheduledButPending', { node: 'bar', phase: 'Pending' }],
    ['unknownPhase', { node: 'foo', phase: 'Unknown' }],
    ['runningButNotReady', running],
    ['runningNoLastTransitionTime', { ...running, readySince: '', restarts: [3, 0] }],
    ['runningWithLastTransitionTime', { ...running, readySince: now, restarts: [3, 0] }],
    ['runningLongerTime', { ...running, readySince: then, restarts: [3, 0] }],
    [
      'lowerSidecarContainerRestartCount',
      { ...running, readySince: then, restarts: [2, 1], created: now, sidecarRestarts: 2 },
    ],
    ['lowerContainerRestartCount', { ...running, readySince: then, restarts: [2, 1], created: now }],
    ['oldest', { ...running, readySince: then, restarts: [2, 1], created: then }],
  ];
  const expected = wantOrder.map(([name]) => name).reverse();
  const pods = wantOrder.map(([name, shape]) => pod(name, shape));

  it('sorts the ten pods as the controller does, whatever the list order', () => {
    // The Go test shuffles 20 times; a fixed set of rotations and reversals covers the same ground.
    for (let shift = 0; shift < pods.length; shift++) {
      const rotated = [...pods.slice(shift), ...pods.slice(0, shift)];
      for (const list of [rotated, [...rotated].reverse()]) {
        expect([...list].sort(compareActivePods).map((p) => p.metadata.name)).toEqual(expected);
      }
    }
  });
});
