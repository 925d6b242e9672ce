import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ForbiddenError, fetchRemoteEnv, isKubenvError, type KubenvError } from '../../src/index';
import { demoFixtures, type Secret } from '../../src/testing/index';
import { EMPTY_PROJECT, optionsFor, useCluster } from '../support/cluster';

const cluster = useCluster(() => demoFixtures());
afterEach(() => cluster().faults.clear());

/** Every secret value in the simulated cluster: none may appear in an error. */
function secretValues(): string[] {
  const values: string[] = [];
  for (const fixture of demoFixtures()) {
    for (const object of fixture.objects) {
      if (object.kind !== 'Secret') continue;
      for (const encoded of Object.values((object as Secret).data ?? {})) {
        const value = Buffer.from(encoded, 'base64').toString('utf8');
        if (value.length >= 4) values.push(value);
      }
    }
  }
  return values;
}

async function failure(options: Parameters<typeof fetchRemoteEnv>[0]): Promise<KubenvError> {
  const error = await fetchRemoteEnv(options).then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (caught: unknown) => caught,
  );
  expect(isKubenvError(error)).toBe(true);
  const text = `${(error as Error).message}\n${(error as KubenvError).hint ?? ''}`;
  for (const secret of secretValues()) expect(text).not.toContain(secret);
  return error as KubenvError;
}

const target = { target: 'deploy/checkout', namespace: 'shop' };

describe('API failures become typed errors that say what to do next', () => {
  it('401: names the context and user to check', async () => {
    const kubeconfig = cluster().writeKubeconfig({
      token: 'wrong-token',
      path: path.join(EMPTY_PROJECT, 'bad-token.yaml'),
    });
    const error = await failure({ ...optionsFor(cluster(), target), kubeconfig });
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain(cluster().url);
    expect(error.message).toContain(`context "${cluster().contextName}"`);
    expect(error.hint).toMatch(/auth whoami/);
    expect(error.message).not.toContain('wrong-token');
  });

  it('403: verb, resource, namespace and the kubectl auth can-i line', async () => {
    cluster().faults.deny({ verb: 'list', resource: 'replicasets', namespace: 'shop' });
    const error = (await failure(optionsFor(cluster(), target))) as ForbiddenError;
    expect(error.code).toBe('FORBIDDEN');
    expect(error).toMatchObject({ verb: 'list', resource: 'replicasets', namespace: 'shop' });
    expect(error.hint).toContain('kubectl auth can-i list replicasets -n shop');
  });

  it('403 on pods/exec with source exec (no fallback) gives the can-i line for exec', async () => {
    cluster().faults.deny({ verb: 'create', resource: 'pods/exec', namespace: 'shop' });
    const error = await failure(optionsFor(cluster(), { ...target, source: 'exec' }));
    expect(error.hint).toContain('kubectl auth can-i create pods/exec -n shop');
  });

  it('a non-optional Secret that is missing: the kubelet would not start the container either', async () => {
    cluster().remove('secrets', 'shop', 'checkout-db');
    try {
      const error = await failure(optionsFor(cluster(), { ...target, source: 'spec' }));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('secret "checkout-db" not found in namespace "shop"');
      expect(error.hint).toContain('CreateContainerConfigError');
    } finally {
      cluster().apply(...demoFixtures()[0]!.objects.filter((o) => o.metadata.name === 'checkout-db'));
    }
  });

  it('an unreachable server: names the URL and the context', async () => {
    const kubeconfig = path.join(EMPTY_PROJECT, 'unreachable.yaml');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: gone, cluster: { server: "https://127.0.0.1:1" } }]',
        'users: [{ name: me, user: { token: abc } }]',
        'contexts: [{ name: staging, context: { cluster: gone, user: me } }]',
        'current-context: staging',
      ].join('\n'),
    );
    const error = await failure({ ...target, cwd: EMPTY_PROJECT, env: {}, kubeconfig });
    expect(error.code).toBe('CLUSTER_UNREACHABLE');
    expect(error.message).toContain('https://127.0.0.1:1');
    expect(error.message).toContain('context "staging"');
    expect(error.message).toContain('connection refused');
  });

  it('a server that hangs: TimeoutError after the timeout, naming the operation', async () => {
    cluster().faults.hang({ match: { resource: 'deployments' } });
    const started = Date.now();
    const error = await failure(optionsFor(cluster(), { ...target, timeout: 300 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/Get deployment "checkout" in namespace "shop" timed out after 300 ms/);
    expect(error.hint).toMatch(/Raise `timeout`/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an AbortSignal aborts the fetch with its reason', async () => {
    cluster().faults.hang({ match: { resource: 'deployments' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const error = await fetchRemoteEnv(optionsFor(cluster(), { ...target, signal: controller.signal })).catch((e) => e);
    expect((error as Error).message).toBe('user cancelled');
  });
});

describe('retries: 429 and 5xx with bounded backoff honouring Retry-After', () => {
  it('429 with Retry-After: waits as told, then succeeds', async () => {
    cluster().faults.throttle({ count: 1, retryAfterSeconds: 1, match: { resource: 'deployments' } });
    cluster().requests.clear();
    const remote = await fetchRemoteEnv(optionsFor(cluster(), target));
    expect(remote.target?.pod).toBe('checkout-5c9d8f6b7d-p4t7r');
    const tries = cluster().requests.filter({ resource: 'deployments' });
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(tries[1]!.startedAt - tries[0]!.startedAt).toBeGreaterThanOrEqual(950);
  });

  it('500 and a reset connection are retried', async () => {
    cluster().faults.fail({ status: 500, count: 2, match: { resource: 'replicasets' } });
    cluster().faults.reset({ count: 1, match: { resource: 'pods', verb: 'list' } });
    cluster().requests.clear();
    const remote = await fetchRemoteEnv(optionsFor(cluster(), target));
    expect(remote.source).toBe('exec');
    expect(
      cluster()
        .requests.filter({ resource: 'replicasets' })
        .map((r) => r.status),
    ).toEqual([500, 500, 200]);
  });

  it('a persistent 503 gives up after 4 attempts with a KubeApiError', async () => {
    cluster().faults.fail({ status: 503, count: 100, match: { resource: 'deployments' } });
    cluster().requests.clear();
    const error = await failure(optionsFor(cluster(), target));
    expect(error.code).toBe('KUBE_API');
    expect(error.message).toMatch(/answered 503/);
    expect(cluster().requests.count({ resource: 'deployments' })).toBe(4);
  });

  it('an exec stream cut once is read again; cut every time, auto falls back to spec', async () => {
    cluster().faults.cutExec({ afterBytes: 10, count: 1 });
    const once = await fetchRemoteEnv(optionsFor(cluster(), target));
    expect(once.source).toBe('exec');
    cluster().faults.cutExec({ afterBytes: 10, count: 2 });
    const twice = await fetchRemoteEnv(optionsFor(cluster(), target));
    expect(twice.source).toBe('spec');
    expect(twice.sourceReason).toMatch(/cut/);
  });
});

describe('targetless', () => {
  it('makes no request at all', async () => {
    cluster().requests.clear();
    const remote = await fetchRemoteEnv(optionsFor(cluster(), { target: 'targetless', override: { ONLY: 'local' } }));
    expect(remote.source).toBe('none');
    expect(remote.remote).toEqual({ ONLY: 'local' });
    expect(cluster().requests.length).toBe(0);
  });
});
