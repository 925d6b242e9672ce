/**
 * Which pods of a workload are candidates, and which revision resolve names, for each kind, over
 * an in-memory reader that answers label selectors as the API server does (equality only, every
 * label must match). The controllers' conventions are the reference: the Deployment's
 * `deployment.kubernetes.io/revision` annotation (a number, so 10 is newer than 9), the
 * StatefulSet's updateRevision, the DaemonSet's ControllerRevisions, Argo Rollouts'
 * currentPodHash, and the CronJob's Job names (`<cronjob>-<minutes of the scheduled time>`,
 * getJobName in pkg/controller/cronjob/cronjob_controllerv2.go). Every list is served in both
 * orders.
 */
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import type { ObjectReader } from '../../src/kube/client';
import { type Resolution, resolveWithClient } from '../../src/resolve/resolve';
import type { Target } from '../../src/target/types';

type Labels = Record<string, string>;
interface Stored {
  readonly resource: string;
  readonly object: { metadata: { name: string; labels?: Labels; uid?: string } };
}

const uid = (name: string) => `uid-${name}`;
const owner = (name: string) => [{ uid: uid(name), controller: true }];

function matches(labels: Labels | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels?.[key as string] === value;
  });
}

function reader(stored: readonly Stored[], reversed: boolean): ObjectReader {
  return {
    get: async <T>(resource: string, _namespace: string, name: string) => {
      const found = stored.find((s) => s.resource === resource && s.object.metadata.name === name);
      if (!found) throw new Error(`no ${resource}/${name}`);
      return found.object as T;
    },
    getIfExists: async <T>(resource: string, _namespace: string, name: string) =>
      stored.find((s) => s.resource === resource && s.object.metadata.name === name)?.object as T | undefined,
    list: async <T>(resource: string, _namespace: string, options: { labelSelector?: string }) => {
      const found = stored
        .filter((s) => s.resource === resource && matches(s.object.metadata.labels, options.labelSelector))
        .map((s) => s.object as T);
      return reversed ? found.reverse() : found;
    },
  } as ObjectReader;
}

function pod(name: string, labels: Labels, ownerName?: string): Stored {
  return {
    resource: 'pods',
    object: {
      metadata: { name, labels, ...(ownerName ? { ownerReferences: owner(ownerName) } : {}) },
      spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    } as unknown as Stored['object'],
  };
}

function workload(resource: string, name: string, fields: Record<string, unknown>, labels?: Labels): Stored {
  const { metadata, ...rest } = fields as { metadata?: Record<string, unknown> };
  return {
    resource,
    object: {
      metadata: { name, uid: uid(name), ...(labels ? { labels } : {}), ...metadata },
      ...rest,
    } as Stored['object'],
  };
}

const template = (container: string) => ({ metadata: {}, spec: { containers: [{ name: container }] } });
const signal = new AbortController().signal;

/** Resolves in both list orders; both must agree. */
async function resolve(target: Target, stored: readonly Stored[]): Promise<Resolution['resolved']> {
  const forward = await resolveWithClient(target as never, 'ns', reader(stored, false), signal);
  const backward = await resolveWithClient(target as never, 'ns', reader(stored, true), signal);
  expect(backward.resolved).toEqual(forward.resolved);
  return forward.resolved;
}

describe('deployment', () => {
  const deployment = workload('deployments', 'api', {
    spec: { selector: { matchLabels: { app: 'api' } }, template: template('from-deployment') },
  });
  const rs = (name: string, revision: string, ownerName = 'api') =>
    workload(
      'replicasets',
      name,
      {
        metadata: { annotations: { 'deployment.kubernetes.io/revision': revision }, ownerReferences: owner(ownerName) },
        spec: { selector: { matchLabels: { app: 'api' } }, template: template(`from-${name}`) },
      },
      { app: 'api' },
    );

  it('the pods of the ReplicaSet with the highest revision number (10 is newer than 9)', async () => {
    const resolved = await resolve({ kind: 'deployment', name: 'api' }, [
      deployment,
      rs('api-nine', '9'),
      rs('api-ten', '10'),
      rs('api-other', '11', 'someone-else'),
      pod('api-nine-a', { app: 'api' }, 'api-nine'),
      pod('api-ten-a', { app: 'api' }, 'api-ten'),
      pod('api-other-a', { app: 'api' }, 'api-other'),
    ]);
    expect(resolved.pod).toBe('api-ten-a');
    expect(resolved.revision).toBe('revision 10');
    expect(resolved.candidates).toBe(1);
  });

  it('no ReplicaSet yet: the deployment template, saying where it looked', async () => {
    const resolved = await resolve({ kind: 'deployment', name: 'api' }, [deployment]);
    expect(resolved.pod).toBeUndefined();
    expect(resolved.container).toBe('from-deployment');
    expect(resolved.reason).toContain('none in deployment api');
  });

  it('a ReplicaSet without pods: its template, and its revision', async () => {
    const resolved = await resolve({ kind: 'deployment', name: 'api' }, [deployment, rs('api-ten', '10')]);
    expect(resolved.container).toBe('from-api-ten');
    expect(resolved.revision).toBe('revision 10');
    expect(resolved.reason).toContain('none in ReplicaSet api-ten');
  });

  it('an empty selector is refused: it would match every pod of the namespace', async () => {
    const empty = workload('deployments', 'api', { spec: { selector: {}, template: template('x') } });
    const error = await resolveWithClient(
      { kind: 'deployment', name: 'api' },
      'ns',
      reader([empty], false),
      signal,
    ).catch((e: unknown) => e);
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
    expect((error as Error).message).toContain('empty selector');
  });
});

describe('statefulset', () => {
  const sts = (status: Record<string, string>) =>
    workload('statefulsets', 'db', {
      spec: { selector: { matchLabels: { app: 'db' } }, template: template('db') },
      status,
    });
  const pods = [
    pod('db-0', { app: 'db', 'controller-revision-hash': 'db-old' }, 'db'),
    pod('db-1', { app: 'db', 'controller-revision-hash': 'db-new' }, 'db'),
    pod('db-2', { app: 'db', 'controller-revision-hash': 'db-new' }, 'stranger'),
  ];

  it('the pods of updateRevision during a rolling update', async () => {
    const resolved = await resolve({ kind: 'statefulset', name: 'db' }, [
      sts({ currentRevision: 'db-old', updateRevision: 'db-new' }),
      ...pods,
    ]);
    expect(resolved.pod).toBe('db-1');
    expect(resolved.revision).toBe('revision db-new');
  });

  it('currentRevision when no update is recorded', async () => {
    const resolved = await resolve({ kind: 'statefulset', name: 'db' }, [
      sts({ currentRevision: 'db-old', updateRevision: '' }),
      ...pods,
    ]);
    expect(resolved.pod).toBe('db-0');
    expect(resolved.revision).toBe('revision db-old');
  });

  it('no revision at all: every pod it owns', async () => {
    const resolved = await resolve({ kind: 'statefulset', name: 'db' }, [sts({}), ...pods]);
    expect(resolved.candidates).toBe(2);
    expect(resolved.revision).toBeUndefined();
  });
});

describe('daemonset', () => {
  const ds = workload('daemonsets', 'agent', {
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
  });
  const revision = (name: string, number: number, labels: Labels, ownerName = 'agent') =>
    workload(
      'controllerrevisions',
      name,
      { metadata: { ownerReferences: owner(ownerName) }, revision: number },
      {
        app: 'agent',
        ...labels,
      },
    );
  const pods = [
    pod('agent-a', { app: 'agent', 'controller-revision-hash': 'h1' }, 'agent'),
    pod('agent-b', { app: 'agent', 'controller-revision-hash': 'h2' }, 'agent'),
  ];

  it('the newest ControllerRevision by number, its hash from controller.kubernetes.io/hash', async () => {
    const resolved = await resolve({ kind: 'daemonset', name: 'agent' }, [
      ds,
      revision('agent-h1', 9, { 'controller.kubernetes.io/hash': 'h1' }),
      revision('agent-h2', 10, { 'controller.kubernetes.io/hash': 'h2' }),
      revision('agent-x', 11, { 'controller.kubernetes.io/hash': 'h1' }, 'another-ds'),
      ...pods,
    ]);
    expect(resolved.pod).toBe('agent-b');
    expect(resolved.revision).toBe('revision 10');
  });

  it('the hash from the controller-revision-hash label, else from the revision name', async () => {
    const byLabel = await resolve({ kind: 'daemonset', name: 'agent' }, [
      ds,
      revision('agent-zzz', 3, { 'controller-revision-hash': 'h1' }),
      ...pods,
    ]);
    expect(byLabel.pod).toBe('agent-a');
    const byName = await resolve({ kind: 'daemonset', name: 'agent' }, [ds, revision('agent-h2', 3, {}), ...pods]);
    expect(byName.pod).toBe('agent-b');
  });
});

describe('rollout (Argo Rollouts)', () => {
  const pods = [
    pod('web-a', { app: 'web', 'rollouts-pod-template-hash': 'old' }),
    pod('web-b', { app: 'web', 'rollouts-pod-template-hash': 'new' }),
  ];

  it('the pods of currentPodHash', async () => {
    const rollout = workload('rollouts', 'web', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: template('web') },
      status: { currentPodHash: 'new' },
    });
    const resolved = await resolve({ kind: 'rollout', name: 'web' }, [rollout, ...pods]);
    expect(resolved.pod).toBe('web-b');
    expect(resolved.revision).toBe('pod hash new');
  });

  it.each([
    ['Deployment', 'deployments'],
    ['ReplicaSet', 'replicasets'],
  ])('workloadRef to a %s: its template, and its selector when the rollout has none', async (kind, resource) => {
    const rollout = workload('rollouts', 'web', {
      spec: { workloadRef: { kind, name: 'web-base' } },
      status: { currentPodHash: 'old' },
    });
    const base = workload(resource, 'web-base', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: template('from-ref') },
    });
    const resolved = await resolve({ kind: 'rollout', name: 'web' }, [rollout, base, ...pods]);
    expect(resolved.pod).toBe('web-a');
    const noPods = await resolve({ kind: 'rollout', name: 'web' }, [rollout, base]);
    expect(noPods.container).toBe('from-ref');
  });

  it("the rollout's own selector wins over the referenced workload's", async () => {
    const rollout = workload('rollouts', 'web', {
      spec: {
        selector: { matchLabels: { app: 'web', track: 'canary' } },
        workloadRef: { kind: 'Deployment', name: 'base' },
      },
    });
    const base = workload('deployments', 'base', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: template('b') },
    });
    const canary = pod('web-canary', { app: 'web', track: 'canary' });
    const resolved = await resolve({ kind: 'rollout', name: 'web' }, [rollout, base, canary, ...pods]);
    expect(resolved.pod).toBe('web-canary');
  });
});

describe('cronjob', () => {
  const minutes = 29_000_000;
  const job = (name: string, ownerName: string | undefined, labels: Labels = {}, created = '2026-01-01T00:00:00Z') =>
    workload(
      'jobs',
      name,
      {
        metadata: { creationTimestamp: created, ...(ownerName ? { ownerReferences: owner(ownerName) } : {}) },
        spec: { selector: { matchLabels: { 'job-name': name } }, template: template(`from-${name}`) },
      },
      labels,
    );
  const jobPod = (jobName: string) => pod(`${jobName}-pod`, { 'job-name': jobName }, jobName);
  const cronJob = (status: Record<string, unknown>, jobLabels?: Labels) =>
    workload('cronjobs', 'report', {
      spec: {
        jobTemplate: {
          ...(jobLabels ? { metadata: { labels: jobLabels } } : {}),
          spec: { template: template('from-cronjob') },
        },
      },
      status,
    });

  it('of several active Jobs, the one scheduled last (the largest minutes suffix, not the last listed)', async () => {
    const names = [`report-${minutes + 9}`, `report-${minutes + 10}`, `report-${minutes + 2}`];
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, [
      cronJob({ active: names.map((name) => ({ name })) }),
      ...names.map((name) => job(name, 'report')),
      ...names.map(jobPod),
    ]);
    expect(resolved.pod).toBe(`report-${minutes + 10}-pod`);
    expect(resolved.revision).toBe(`job report-${minutes + 10}`);
  });

  it('no active Job: the one of lastScheduleTime, when the CronJob owns it', async () => {
    const scheduled = new Date(minutes * 60_000).toISOString();
    const name = `report-${minutes}`;
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, [
      cronJob({ lastScheduleTime: scheduled }),
      job(name, 'report'),
      jobPod(name),
    ]);
    expect(resolved.pod).toBe(`${name}-pod`);
    const foreign = await resolve({ kind: 'cronjob', name: 'report' }, [
      cronJob({ lastScheduleTime: scheduled }),
      job(name, 'someone-else'),
      jobPod(name),
    ]);
    expect(foreign.pod).toBeUndefined();
    expect(foreign.container).toBe('from-cronjob');
    expect(foreign.reason).toContain('cronjob report (no job)');
  });

  it('a Job started by hand from the template: found by its labels, the newest first', async () => {
    const labels = { app: 'report' };
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, [
      cronJob({}, labels),
      job('report-manual-1', 'report', labels, '2026-01-01T00:00:00Z'),
      job('report-manual-2', 'report', labels, '2026-01-02T00:00:00Z'),
      job('report-stray', 'someone-else', labels, '2026-01-03T00:00:00Z'),
      jobPod('report-manual-1'),
      jobPod('report-manual-2'),
      jobPod('report-stray'),
    ]);
    expect(resolved.pod).toBe('report-manual-2-pod');
  });

  it('no Job at all: the template of the CronJob', async () => {
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, [cronJob({})]);
    expect(resolved.container).toBe('from-cronjob');
    expect(resolved.revision).toBeUndefined();
  });
});

describe('job and replicaset', () => {
  it.each([
    ['job', 'jobs'],
    ['replicaset', 'replicasets'],
  ] as const)('%s: only the pods it owns', async (kind, resource) => {
    const owned = workload(resource, 'w', {
      spec: { selector: { matchLabels: { app: 'w' } }, template: template('t') },
    });
    const resolved = await resolve({ kind, name: 'w' }, [
      owned,
      pod('w-mine', { app: 'w' }, 'w'),
      pod('a-stranger', { app: 'w' }, 'someone-else'),
    ]);
    expect(resolved.pod).toBe('w-mine');
    expect(resolved.candidates).toBe(1);
    expect(resolved.workload).toEqual({ kind, name: 'w' });
  });
});
