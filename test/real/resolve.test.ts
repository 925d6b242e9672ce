/**
 * Target resolution against real controllers: the pods, revisions and labels here were made by
 * the real Deployment, StatefulSet, DaemonSet, Job and CronJob controllers (test/real/setup.ts).
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv, resolveTarget } from '../../src/index';
import { getJson } from './support/kubectl';
import { admin, realOptions } from './support/options';

const NS = 'kubenv-resolve';

interface Owned {
  metadata: { name: string; uid: string; labels?: Record<string, string>; ownerReferences?: Array<{ uid: string }> };
  status?: { updateRevision?: string };
}

const resolve = (target: string) => resolveTarget(realOptions({ target, namespace: NS }));

/** Resolves three times: the choice must not change between runs. */
async function resolveStable(target: string) {
  const first = await resolve(target);
  for (let run = 0; run < 2; run++) expect((await resolve(target)).pod).toBe(first.pod);
  return first;
}

describe('resolution on a real cluster', () => {
  it('deployment mid-rollout: a pod of the newest ReplicaSet, though only the old revision is Ready', async () => {
    const replicaSets = (
      await getJson<{ items: Array<Owned & { metadata: { annotations: Record<string, string> } }> }>(admin(), [
        'replicasets',
        '-n',
        NS,
        '-l',
        'app=web',
      ])
    ).items;
    const newest = replicaSets.reduce((a, b) =>
      Number(a.metadata.annotations['deployment.kubernetes.io/revision']) >
      Number(b.metadata.annotations['deployment.kubernetes.io/revision'])
        ? a
        : b,
    );
    const resolved = await resolveStable('deploy/web');
    const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, resolved.pod ?? '']);
    expect(pod.metadata.labels?.['pod-template-hash']).toBe(newest.metadata.labels?.['pod-template-hash']);
    expect(resolved.revision).toContain('2');
    const remote = await fetchRemoteEnv(realOptions({ target: 'deploy/web', namespace: NS }));
    expect(remote.remote['REVISION']).toBe('2');
  });

  it('statefulset with a partition: the pod of the update revision', async () => {
    const statefulSet = await getJson<Owned>(admin(), ['statefulset', '-n', NS, 'db']);
    const resolved = await resolveStable('sts/db');
    expect(resolved.pod).toBe('db-1');
    const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, 'db-1']);
    expect(pod.metadata.labels?.['controller-revision-hash']).toBe(statefulSet.status?.updateRevision);
    const remote = await fetchRemoteEnv(realOptions({ target: 'statefulset/db', namespace: NS }));
    expect(remote.remote['REVISION']).toBe('2');
  });

  it('daemonset, replicaset and job: a pod they own', async () => {
    for (const [target, kind, name, role] of [
      ['ds/agent', 'daemonset', 'agent', 'daemon'],
      ['rs/plain', 'replicaset', 'plain', 'replicaset'],
      ['job/migrate', 'job', 'migrate', 'job'],
    ] as const) {
      const owner = await getJson<Owned>(admin(), [kind, '-n', NS, name]);
      const resolved = await resolveStable(target);
      const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, resolved.pod ?? '']);
      expect(
        pod.metadata.ownerReferences?.map((ref) => ref.uid),
        target,
      ).toContain(owner.metadata.uid);
      const remote = await fetchRemoteEnv(realOptions({ target, namespace: NS }));
      expect(remote.remote['ROLE'], target).toBe(role);
    }
  });

  it('cronjob: a pod of the Job started from it', async () => {
    const job = await getJson<Owned>(admin(), ['job', '-n', NS, 'nightly-manual']);
    const resolved = await resolveStable('cronjob/nightly');
    const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, resolved.pod ?? '']);
    expect(pod.metadata.ownerReferences?.map((ref) => ref.uid)).toContain(job.metadata.uid);
    const remote = await fetchRemoteEnv(realOptions({ target: 'cronjob/nightly', namespace: NS }));
    expect(remote.remote['ROLE']).toBe('cronjob');
  });

  it('cronjob whose last run finished: the Job named after status.lastScheduleTime', async () => {
    // The schedule is every minute: wait for the first run to be done.
    let cronJob: { metadata: { uid: string }; status?: { lastScheduleTime?: string; active?: unknown[] } } | undefined;
    for (
      let waited = 0;
      waited < 90_000 && !(cronJob?.status?.lastScheduleTime && !cronJob.status.active);
      waited += 1000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      cronJob = await getJson(admin(), ['cronjob', '-n', NS, 'minutely']);
    }
    const scheduled = Date.parse(cronJob?.status?.lastScheduleTime ?? '');
    const resolved = await resolveStable('cronjob/minutely');
    expect(resolved.revision).toBe(`job minutely-${Math.floor(scheduled / 60_000)}`);
    const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, resolved.pod ?? '']);
    expect(pod.metadata.labels?.['job-name']).toBe(`minutely-${Math.floor(scheduled / 60_000)}`);
  }, 120_000);

  it('service and label targets: a pod their selector matches, the same on every run', async () => {
    for (const [target, label] of [
      ['svc/web', 'web'],
      ['label/app=plain,tier=backend', 'plain'],
    ] as const) {
      const resolved = await resolveStable(target);
      const pod = await getJson<Owned>(admin(), ['pod', '-n', NS, resolved.pod ?? '']);
      expect(pod.metadata.labels?.['app'], target).toBe(label);
    }
  });
});
