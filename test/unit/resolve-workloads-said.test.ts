/**
 * What the user reads about a workload's pods: where kubenv looked when no pod exists (`none in
 * statefulset db`), the target an empty selector is refused for and the next step, and the pods
 * that count as the workload's: owned by it even when another owner is listed too, never a pod
 * with the labels but no owner, a DaemonSet revision found by its `controller.kubernetes.io/hash`
 * label, a ReplicaSet with a revision annotation newer than one without, a CronJob's Job
 * template over the CronJob's. The newest ReplicaSet, ControllerRevision or Job does not depend
 * on list order: ties go to the first name, an unreadable revision counts as the oldest. Lookups
 * list by selector, never a whole namespace. Lists are answered with apimachinery's selector
 * rules, in both orders.
 */
import { describe, expect, it } from 'vitest';
import type { NoPodError } from '../../src/errors';
import { isKubenvError } from '../../src/errors';
import { resolveWithClient } from '../../src/resolve/resolve';
import type { Target } from '../../src/target/types';
import { type Labels, memoryReader, type Objects, resolveInBothOrders, type Stored } from '../support/object-reader';

const signal = new AbortController().signal;

const resolve = resolveInBothOrders;

async function noPod(target: Target, objects: Objects): Promise<NoPodError> {
  const error = await resolveWithClient(target as never, 'ns', memoryReader(objects, false), signal).then(
    () => expect.unreachable('expected a NoPodError'),
    (e: unknown) => e,
  );
  expect(isKubenvError(error, 'NO_POD')).toBe(true);
  return error as NoPodError;
}

const template = (container = 'app') => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: container }] },
});
const selector = { matchLabels: { app: 'web' } };
const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function pod(name: string, labels: Labels, owners: string[] = [], created = at(10)): Stored {
  return {
    metadata: {
      name,
      labels,
      creationTimestamp: created,
      ...(owners.length > 0 ? { ownerReferences: owners.map((uid) => ({ uid })) } : {}),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }] },
  };
}

describe('an empty selector is refused, naming the target and the next step', () => {
  it.each([
    ['deployment', 'deployments'],
    ['rollout', 'rollouts'],
    ['statefulset', 'statefulsets'],
    ['daemonset', 'daemonsets'],
    ['replicaset', 'replicasets'],
    ['job', 'jobs'],
  ])('%s/web', async (kind, resource) => {
    const objects: Objects = { [resource]: [{ metadata: { name: 'web', uid: 'w' }, spec: { template: template() } }] };
    const error = await noPod({ kind, name: 'web' } as Target, objects);
    expect(error.summary).toBe(`No pod for ${kind}/web in namespace "ns": it has an empty selector.`);
    expect(error.hint).toBe('Give its pods directly, e.g. `pod/<name>` (see `kubectl get pods -n ns`).');
  });

  it('a service without a selector: the service named, and the workload behind it as the next step', async () => {
    const error = await noPod(
      { kind: 'service', name: 'web' },
      { services: [{ metadata: { name: 'web' }, spec: {} }] },
    );
    expect(error.summary).toBe(
      'No pod for service/web in namespace "ns": the service has no selector (its endpoints are managed by hand).',
    );
    expect(error.hint).toBe('Target the workload behind it instead, e.g. `deployment/<name>`.');
  });
});

describe('where kubenv looked, when there is no pod', () => {
  it.each([
    ['statefulset', 'statefulsets', 'statefulset web'],
    ['daemonset', 'daemonsets', 'daemonset web'],
    ['replicaset', 'replicasets', 'replicaset web'],
    ['job', 'jobs', 'job web'],
  ])('%s/web without pods or template: looked in %s', async (kind, resource, from) => {
    const objects: Objects = { [resource]: [{ metadata: { name: 'web', uid: 'w' }, spec: { selector } }] };
    const error = await noPod({ kind, name: 'web' } as Target, objects);
    expect(error.summary).toBe(`No pod for ${kind}/web in namespace "ns": no pod matches (looked in ${from}).`);
  });

  it('rollout/web without pods: none in rollout web', async () => {
    const objects: Objects = {
      rollouts: [{ metadata: { name: 'web', uid: 'r' }, spec: { selector, template: template() } }],
    };
    const resolved = await resolve({ kind: 'rollout', name: 'web' }, objects);
    expect(resolved.reason).toContain('no pod (none in rollout web)');
  });

  it('service/web without pods: looked in service web', async () => {
    const objects: Objects = { services: [{ metadata: { name: 'web' }, spec: { selector: { app: 'web' } } }] };
    const error = await noPod({ kind: 'service', name: 'web' }, objects);
    expect(error.summary).toContain('(looked in service web)');
  });

  it('a CronJob whose Job has no pods: the Job named, and its own template used', async () => {
    const objects: Objects = {
      cronjobs: [
        {
          metadata: { name: 'report', uid: 'c' },
          spec: { jobTemplate: { spec: { template: template('cron-template') } } },
          status: { active: [{ name: 'report-100' }] },
        },
      ],
      jobs: [
        {
          metadata: { name: 'report-100', uid: 'j', ownerReferences: [{ uid: 'c' }] },
          spec: { selector: { matchLabels: { 'job-name': 'report-100' } }, template: template('job-template') },
        },
      ],
    };
    const resolved = await resolve({ kind: 'cronjob', name: 'report' }, objects);
    expect(resolved.container).toBe('job-template');
    expect(resolved.reason).toContain('no pod (job report-100; none in job report-100)');
  });
});

describe('which pods are the workload’s', () => {
  it('a pod with two owners, one of them the StatefulSet, is its pod; one with the labels and no owner is not', async () => {
    const objects: Objects = {
      statefulsets: [{ metadata: { name: 'web', uid: 's' }, spec: { selector, template: template() } }],
      pods: [pod('aaa-orphan', { app: 'web' }, [], at(0)), pod('web-0', { app: 'web' }, ['other', 's'])],
    };
    const resolved = await resolve({ kind: 'statefulset', name: 'web' }, objects);
    expect(resolved.pod).toBe('web-0');
    expect(resolved.candidates).toBe(1);
  });

  it('a ReplicaSet with a revision annotation is newer than one without', async () => {
    const objects: Objects = {
      deployments: [{ metadata: { name: 'web', uid: 'd' }, spec: { selector, template: template() } }],
      replicasets: [
        {
          metadata: { name: 'web-old', uid: 'rs0', labels: { app: 'web' }, ownerReferences: [{ uid: 'd' }] },
          spec: {},
        },
        {
          metadata: {
            name: 'web-new',
            uid: 'rs1',
            labels: { app: 'web' },
            ownerReferences: [{ uid: 'd' }],
            annotations: { 'deployment.kubernetes.io/revision': '1' },
          },
          spec: {},
        },
      ],
      pods: [pod('web-old-a', { app: 'web' }, ['rs0'], at(0)), pod('web-new-a', { app: 'web' }, ['rs1'])],
    };
    const resolved = await resolve({ kind: 'deployment', name: 'web' }, objects);
    expect(resolved.pod).toBe('web-new-a');
    expect(resolved.revision).toBe('revision 1');
  });

  it("a DaemonSet's current pods carry its newest revision's controller.kubernetes.io/hash label", async () => {
    const objects: Objects = {
      daemonsets: [{ metadata: { name: 'agent', uid: 'ds' }, spec: { selector, template: template() } }],
      controllerrevisions: [
        {
          // The hash label differs from the name's suffix: the label is what the pods carry.
          metadata: {
            name: 'agent-5d8f7',
            labels: { app: 'web', 'controller.kubernetes.io/hash': 'h2' },
            ownerReferences: [{ uid: 'ds' }],
          },
          revision: 2,
        },
      ],
      pods: [
        pod('agent-old', { app: 'web', 'controller-revision-hash': '5d8f7' }, ['ds'], at(0)),
        pod('agent-new', { app: 'web', 'controller-revision-hash': 'h2' }, ['ds']),
      ],
    };
    const resolved = await resolve({ kind: 'daemonset', name: 'agent' }, objects);
    expect(resolved.pod).toBe('agent-new');
    expect(resolved.revision).toBe('revision 2');
  });
});

describe('a CronJob whose Job has an empty selector', () => {
  it('is refused naming the Job', async () => {
    const objects: Objects = {
      cronjobs: [
        {
          metadata: { name: 'report', uid: 'c' },
          spec: { jobTemplate: { spec: { template: template() } } },
          status: { active: [{ name: 'report-100' }] },
        },
      ],
      jobs: [
        { metadata: { name: 'report-100', uid: 'j', ownerReferences: [{ uid: 'c' }] }, spec: { template: template() } },
      ],
    };
    const error = await noPod({ kind: 'cronjob', name: 'report' }, objects);
    expect(error.summary).toBe('No pod for job/report-100 in namespace "ns": it has an empty selector.');
  });
});

describe('what a CronJob lookup asks the server', () => {
  it('no lastScheduleTime and no template labels: no guessed Job name, no list of every Job', async () => {
    const calls: string[] = [];
    const objects: Objects = {
      cronjobs: [{ metadata: { name: 'report', uid: 'c' }, spec: { jobTemplate: { spec: { template: template() } } } }],
      jobs: [{ metadata: { name: 'report-manual', uid: 'j', ownerReferences: [{ uid: 'c' }] }, spec: { selector } }],
    };
    const resolution = await resolveWithClient(
      { kind: 'cronjob', name: 'report' },
      'ns',
      memoryReader(objects, false, calls),
      signal,
    );
    expect(resolution.resolved.reason).toContain('no job');
    expect(calls).toEqual(['get cronjobs/report']);
  });

  it('template labels that are empty: no list of every Job either', async () => {
    const calls: string[] = [];
    const objects: Objects = {
      cronjobs: [
        {
          metadata: { name: 'report', uid: 'c' },
          spec: { jobTemplate: { metadata: { labels: {} }, spec: { template: template() } } },
        },
      ],
      jobs: [{ metadata: { name: 'report-manual', uid: 'j', ownerReferences: [{ uid: 'c' }] }, spec: { selector } }],
    };
    await resolveWithClient({ kind: 'cronjob', name: 'report' }, 'ns', memoryReader(objects, false, calls), signal);
    expect(calls).toEqual(['get cronjobs/report']);
  });
});

describe('the newest revision or Job, whatever the list order', () => {
  const replicaSet = (name: string, uid: string | undefined, revision: string) => ({
    metadata: {
      name,
      ...(uid === undefined ? {} : { uid }),
      labels: { app: 'web' },
      ownerReferences: [{ uid: 'd' }],
      annotations: { 'deployment.kubernetes.io/revision': revision },
    },
    spec: {},
  });
  const deployment = { metadata: { name: 'web', uid: 'd' }, spec: { selector, template: template() } };

  // [ReplicaSets as [name, uid, revision annotation], the pod each holds is `<name>-1`, the pod chosen]
  it.each([
    [
      'an unreadable revision is older than a numbered one',
      [
        ['web-a', 'edited'],
        ['web-b', '2'],
      ],
      'web-b-1',
    ],
    ['a lone ReplicaSet with an unreadable revision still holds the pods', [['web-a', 'edited']], 'web-a-1'],
    [
      'of two with the same revision, the first by name',
      [
        ['web-b', '3'],
        ['web-a', '3'],
      ],
      'web-a-1',
    ],
  ])('%s', async (_case, sets, chosen) => {
    const objects: Objects = {
      deployments: [deployment],
      replicasets: sets.map(([name, revision]) => replicaSet(name as string, `uid-${name}`, revision as string)),
      // The first pod is the older: the choice among pods would take it if it were a candidate.
      pods: sets.map(([name], i) => pod(`${name}-1`, { app: 'web' }, [`uid-${name}`], at(i))),
    };
    expect((await resolve({ kind: 'deployment', name: 'web' }, objects)).pod).toBe(chosen);
  });

  it('a ReplicaSet without a uid: no pod can be told to be its own, so none is taken', async () => {
    const objects: Objects = {
      deployments: [deployment],
      replicasets: [replicaSet('web-a', undefined, '1')],
      pods: [pod('web-old-1', { app: 'web' }, ['rs-old'])],
    };
    const resolved = await resolve({ kind: 'deployment', name: 'web' }, objects);
    expect(resolved.pod).toBeUndefined();
    expect(resolved.reason).toContain('none in ReplicaSet web-a');
  });

  it('two ControllerRevisions of a DaemonSet with the same number: the first by name', async () => {
    const revision = (name: string, hash: string) => ({
      metadata: {
        name,
        labels: { app: 'web', 'controller.kubernetes.io/hash': hash },
        ownerReferences: [{ uid: 'ds' }],
      },
      revision: 4,
    });
    const objects: Objects = {
      daemonsets: [{ metadata: { name: 'agent', uid: 'ds' }, spec: { selector, template: template() } }],
      controllerrevisions: [revision('agent-b', 'hb'), revision('agent-a', 'ha')],
      pods: [
        pod('agent-pod-b', { app: 'web', 'controller-revision-hash': 'hb' }, ['ds'], at(0)),
        pod('agent-pod-a', { app: 'web', 'controller-revision-hash': 'ha' }, ['ds']),
      ],
    };
    expect((await resolve({ kind: 'daemonset', name: 'agent' }, objects)).pod).toBe('agent-pod-a');
  });

  const cronJob = (status: Record<string, unknown> = {}) => ({
    metadata: { name: 'report', uid: 'c' },
    spec: { jobTemplate: { metadata: { labels: { app: 'report' } }, spec: { template: template() } } },
    status,
  });
  const job = (name: string, created = at(5)) => ({
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: { app: 'report' },
      ownerReferences: [{ uid: 'c' }],
      creationTimestamp: created,
    },
    spec: { selector: { matchLabels: { 'job-name': name } }, template: template() },
  });

  it('two Jobs started by hand in the same second: the first by name', async () => {
    const objects: Objects = { cronjobs: [cronJob()], jobs: [job('report-y'), job('report-x')] };
    expect((await resolve({ kind: 'cronjob', name: 'report' }, objects)).revision).toBe('job report-x');
  });

  it('two active Jobs whose names end in no time: the first by name', async () => {
    const objects: Objects = {
      cronjobs: [cronJob({ active: [{ name: 'report-manual-y' }, { name: 'report-manual-x' }] })],
      jobs: [job('report-manual-y'), job('report-manual-x')],
    };
    expect((await resolve({ kind: 'cronjob', name: 'report' }, objects)).revision).toBe('job report-manual-x');
  });
});

describe('what a workload lookup lists: only by its selector, never a whole namespace', () => {
  it("a DaemonSet's revisions are listed by its selector", async () => {
    const calls: string[] = [];
    const objects: Objects = {
      daemonsets: [{ metadata: { name: 'agent', uid: 'ds' }, spec: { selector, template: template() } }],
    };
    await resolveWithClient({ kind: 'daemonset', name: 'agent' }, 'ns', memoryReader(objects, false, calls), signal);
    expect(calls).toContain('list controllerrevisions app=web');
    expect(calls.filter((call) => call.endsWith('(everything)'))).toEqual([]);
  });

  it("a CronJob's Jobs started by hand are listed by its template's labels", async () => {
    const calls: string[] = [];
    const objects: Objects = {
      cronjobs: [
        {
          metadata: { name: 'report', uid: 'c' },
          spec: { jobTemplate: { metadata: { labels: { app: 'report' } }, spec: { template: template() } } },
        },
      ],
    };
    await resolveWithClient({ kind: 'cronjob', name: 'report' }, 'ns', memoryReader(objects, false, calls), signal);
    expect(calls).toEqual(['get cronjobs/report', 'list jobs app=report']);
  });
});

describe('a CronJob without a jobTemplate (the API requires one)', () => {
  it('is a NoPodError saying no Job was found, not a crash', async () => {
    const error = await noPod(
      { kind: 'cronjob', name: 'report' },
      { cronjobs: [{ metadata: { name: 'report', uid: 'c' }, spec: {} }] },
    );
    expect(error.summary).toContain('(looked in cronjob report (no job))');
  });
});
