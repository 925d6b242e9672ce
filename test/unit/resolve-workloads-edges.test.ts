/**
 * Candidate pods of workloads in states the other resolution tests do not build: a label or
 * service target in a namespace with other, more active pods (only the selected ones count); a
 * service whose selector is `{}` (refused: it would select every pod); objects the API server
 * returns without optional parts (a ReplicaSet without the revision annotation, a StatefulSet or
 * CronJob without status); a CronJob whose status still lists a Job that was deleted. Lists are
 * answered with apimachinery's selector rules and served in both orders.
 */
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import { resolveWithClient } from '../../src/resolve/resolve';
import type { Target } from '../../src/target/types';
import { type Labels, memoryReader, type Objects, resolveInBothOrders, type Stored } from '../support/object-reader';

const signal = new AbortController().signal;

const resolve = resolveInBothOrders;

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function pod(name: string, labels: Labels, ownerUid?: string, created = at(10)): Stored {
  return {
    metadata: {
      name,
      labels,
      creationTimestamp: created,
      ...(ownerUid ? { ownerReferences: [{ uid: ownerUid, controller: true }] } : {}),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }] },
  };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app' }] } };

describe('label and service targets count only the pods they select', () => {
  // The oldest, steadiest pod of the namespace belongs to something else.
  const pods = [
    pod('aaa-other', { app: 'other' }, undefined, at(0)),
    pod('web-1', { app: 'web' }),
    pod('web-2', { app: 'web' }),
  ];

  it('label/app=web', async () => {
    const resolved = await resolve({ kind: 'label', labels: { app: 'web' } } as Target, { pods });
    expect(resolved.pod).toBe('web-1');
    expect(resolved.candidates).toBe(2);
  });

  it('service/web', async () => {
    const service = { metadata: { name: 'web' }, spec: { selector: { app: 'web' } } };
    const resolved = await resolve({ kind: 'service', name: 'web' }, { services: [service], pods });
    expect(resolved.pod).toBe('web-1');
    expect(resolved.candidates).toBe(2);
  });

  it('a service whose selector is {} is refused, not every pod of the namespace', async () => {
    const service = { metadata: { name: 'web' }, spec: { selector: {} } };
    const error = await resolveWithClient(
      { kind: 'service', name: 'web' },
      'ns',
      memoryReader({ services: [service], pods }, false),
      signal,
    ).catch((e: unknown) => e);
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
  });
});

describe('a rollout without its own selector', () => {
  it("takes the referenced Deployment's selector, not the pod hash alone", async () => {
    const objects: Objects = {
      rollouts: [
        {
          metadata: { name: 'web', uid: 'r' },
          spec: { workloadRef: { kind: 'Deployment', name: 'web-base' } },
          status: { currentPodHash: 'h1' },
        },
      ],
      deployments: [
        { metadata: { name: 'web-base', uid: 'd' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
      ],
      // Another app's pod that happens to carry the same hash, and is older.
      pods: [
        pod('aaa-other', { app: 'other', 'rollouts-pod-template-hash': 'h1' }, undefined, at(0)),
        pod('web-a', { app: 'web', 'rollouts-pod-template-hash': 'h1' }),
      ],
    };
    const resolved = await resolve({ kind: 'rollout', name: 'web' }, objects);
    expect(resolved.pod).toBe('web-a');
    expect(resolved.candidates).toBe(1);
  });
});

describe('objects without optional parts', () => {
  it('a ReplicaSet without the revision annotation: still the deployment’s pods, no revision', async () => {
    const objects: Objects = {
      deployments: [
        { metadata: { name: 'web', uid: 'd' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
      ],
      replicasets: [
        {
          metadata: { name: 'web-1', uid: 'rs', labels: { app: 'web' }, ownerReferences: [{ uid: 'd' }] },
          spec: { template },
        },
      ],
      pods: [pod('web-1-a', { app: 'web' }, 'rs')],
    };
    const resolved = await resolve({ kind: 'deployment', name: 'web' }, objects);
    expect(resolved.pod).toBe('web-1-a');
    expect(resolved.revision).toBeUndefined();
  });

  it('a StatefulSet without status: every pod it owns', async () => {
    const objects: Objects = {
      statefulsets: [
        { metadata: { name: 'db', uid: 's' }, spec: { selector: { matchLabels: { app: 'db' } }, template } },
      ],
      pods: [pod('db-0', { app: 'db' }, 's'), pod('db-1', { app: 'db' }, 's')],
    };
    const resolved = await resolve({ kind: 'statefulset', name: 'db' }, objects);
    expect(resolved.candidates).toBe(2);
    expect(resolved.revision).toBeUndefined();
  });

  it('a CronJob without status and without labelled Jobs: its template, no job', async () => {
    const objects: Objects = {
      cronjobs: [{ metadata: { name: 'report', uid: 'c' }, spec: { jobTemplate: { spec: { template } } } }],
    };
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, objects);
    expect(resolved.pod).toBeUndefined();
    expect(resolved.container).toBe('app');
    expect(resolved.reason).toContain('no job');
  });
});

describe('a CronJob whose status lists a deleted Job', () => {
  it('falls back to the Job of lastScheduleTime', async () => {
    const scheduled = at(60);
    const jobName = `report-${Math.floor(Date.parse(scheduled) / 60_000)}`;
    const objects: Objects = {
      cronjobs: [
        {
          metadata: { name: 'report', uid: 'c' },
          spec: { jobTemplate: { spec: { template } } },
          status: { active: [{ name: 'report-1' }], lastScheduleTime: scheduled },
        },
      ],
      jobs: [
        {
          metadata: { name: jobName, uid: 'j', ownerReferences: [{ uid: 'c' }] },
          spec: { selector: { matchLabels: { 'job-name': jobName } }, template },
        },
      ],
      pods: [pod(`${jobName}-x`, { 'job-name': jobName }, 'j')],
    };
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, objects);
    expect(resolved.pod).toBe(`${jobName}-x`);
    expect(resolved.revision).toBe(`job ${jobName}`);
  });
});
