/**
 * `source: 'exec'` when the exec cannot give the environment: each case is an
 * ExecUnavailableError with its reason (or a NoPodError), never a wrong environment, and a stream
 * cut once is read again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ExecUnavailableError, fetchRemoteEnv, isKubenvError } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { podFixture } from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const NS = 'exec-cases';
const cluster = useCluster(() => [
  podFixture({ name: 'runs', namespace: NS, env: { GREETING: 'hello' } }),
  podFixture({ name: 'done', namespace: NS, state: 'succeeded' }),
  podFixture({ name: 'broken-config', namespace: NS, state: 'config-error' }),
]);
afterEach(() => cluster().faults.clear());

const read = (target: string) => fetchRemoteEnv(optionsFor(cluster(), { target, namespace: NS, source: 'exec' }));

async function unavailable(target: string): Promise<ExecUnavailableError> {
  const error = await read(target).catch((e: unknown) => e);
  expect(isKubenvError(error, 'EXEC_UNAVAILABLE')).toBe(true);
  return error as ExecUnavailableError;
}

describe('exec that cannot read the environment', () => {
  it('a pod that is not Running says its phase', async () => {
    const error = await unavailable('pod/done');
    expect(error.reason).toBe('not-running');
    expect(error.message).toContain('the pod is Succeeded, not Running');
  });

  it.each([
    [{ waiting: { reason: 'CrashLoopBackOff' } }, 'the container is not running (CrashLoopBackOff)'],
    [{ terminated: { reason: 'OOMKilled', exitCode: 137 } }, 'the container is not running (OOMKilled)'],
    [{}, 'the container is not running.'],
  ])('in a Running pod, a container that is not running says why (%j)', async (state, message) => {
    const name = `crashing-${Object.keys(state)[0] ?? 'unknown'}`;
    cluster().apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS },
      spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'busybox' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 3, state }] },
    } as KubeObject);
    try {
      const error = await unavailable(`pod/${name}`);
      expect(error.reason).toBe('not-running');
      expect(error.message).toContain(message);
    } finally {
      cluster().remove('pods', NS, name);
    }
  });

  it('a pod still Pending (its container waits for its config)', async () => {
    const error = await unavailable('pod/broken-config');
    expect(error.reason).toBe('not-running');
    expect(error.message).toContain('the pod is Pending, not Running');
  });

  it('a 400 from the API server on the exec', async () => {
    cluster().faults.fail({ status: 400, count: 1, match: { resource: 'pods/exec' } });
    const error = await unavailable('pod/runs');
    expect(error.reason).toBe('exec-failed');
    expect(error.message).toContain('the API server refused the exec (400 Bad Request)');
  });

  it('a stream cut twice', async () => {
    cluster().faults.cutExec({ afterBytes: 0, count: 2 });
    const error = await unavailable('pod/runs');
    expect(error.reason).toBe('stream-cut');
  });

  it('no pod, only a template: NoPodError pointing at the spec source', async () => {
    cluster().apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'idle', namespace: NS, uid: 'uid-idle' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'idle' } },
        template: { metadata: { labels: { app: 'idle' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } },
      },
    } as KubeObject);
    const error = await read('deploy/idle').catch((e: unknown) => e);
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
    expect((error as { hint?: string }).hint).toContain("source: 'spec'");
  });
});

describe('exec that recovers', () => {
  it('a stream cut once is read again, and the environment is whole', async () => {
    cluster().faults.cutExec({ afterBytes: 0, count: 1 });
    const remote = await read('pod/runs');
    expect(remote.remote['GREETING']).toBe('hello');
    expect(remote.sourceReason).toContain('cat /proc/1/environ in runs/');
  });
});
