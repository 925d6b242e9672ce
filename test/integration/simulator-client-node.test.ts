// The simulated cluster through @kubernetes/client-node: reads, pagination, errors and exec,
// with token and with client-certificate auth.
import { PassThrough } from 'node:stream';
import { AppsV1Api, CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deploymentMidRollout,
  distrolessPod,
  podLifecycleFixture,
  type SimulatedCluster,
  sharedProcessNamespacePod,
  startSimulatedCluster,
} from '../../src/testing/index';

interface ExecOutcome {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly status: V1Status | undefined;
}

function execIn(
  config: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
): Promise<ExecOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    let status: V1Status | undefined;
    new Exec(config)
      .exec(namespace, pod, container, command, stdout, stderr, null, false, (value) => {
        status = value;
      })
      .then((socket) => {
        socket.on('close', () => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status }));
        socket.on('error', reject);
      }, reject);
  });
}

function loadConfig(file: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}

let cluster: SimulatedCluster;
beforeAll(async () => {
  const started = performance.now();
  cluster = await startSimulatedCluster({
    namespace: 'shop',
    fixtures: [deploymentMidRollout(), distrolessPod(), sharedProcessNamespacePod(), podLifecycleFixture()],
  });
  console.log(`startSimulatedCluster() with fixtures took ${Math.round(performance.now() - started)} ms`);
});
afterAll(() => cluster?.stop());

describe.each(['token', 'client-certificate'] as const)('@kubernetes/client-node with %s auth', (auth) => {
  let config: KubeConfig;
  beforeAll(() => {
    config = loadConfig(
      auth === 'token' ? cluster.kubeconfigPath : cluster.writeKubeconfig({ auth: 'client-certificate' }),
    );
  });

  it('reads a pod and lists pods by label selector', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const pod = await core.readNamespacedPod({ name: 'checkout-5c9d8f6b7d-p4t7r', namespace: 'shop' });
    expect(pod.metadata?.labels?.['pod-template-hash']).toBe('5c9d8f6b7d');
    expect(pod.status?.phase).toBe('Running');
    const equality = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=checkout,pod-template-hash=6d8f7b9c4d',
    });
    expect(equality.items.map((item) => item.metadata?.name)).toEqual([
      'checkout-6d8f7b9c4d-8xkqz',
      'checkout-6d8f7b9c4d-w5n2m',
    ]);
    const setBased = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'pod-template-hash in (5c9d8f6b7d), app',
    });
    expect(setBased.items).toHaveLength(2);
  });

  it('reads deployments and replicasets through AppsV1Api', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ name: 'checkout', namespace: 'shop' });
    expect(deployment.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: 'shop', labelSelector: 'app=checkout' });
    expect(
      replicaSets.items.map((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision']).sort(),
    ).toEqual(['1', '2']);
  });

  it('pages with limit and continue', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const first = await core.listNamespacedPod({ namespace: 'shop', limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await core.listNamespacedPod({
      namespace: 'shop',
      limit: 3,
      _continue: first.metadata?._continue ?? '',
    });
    expect(second.items).toHaveLength(1);
    expect(second.metadata?._continue).toBeUndefined();
  });

  it('throws ApiException 404 with the Status body', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const error = await core.readNamespacedPod({ name: 'nope', namespace: 'shop' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 404 });
    expect(JSON.parse((error as { body: string }).body)).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
  });

  it('execs cat /proc/1/environ byte-identically, and reports exit codes in the status', async () => {
    const expected = deploymentMidRollout().containers.find((entry) => entry.pod === 'checkout-5c9d8f6b7d-p4t7r');
    const result = await execIn(config, 'shop', 'checkout-5c9d8f6b7d-p4t7r', 'app', ['cat', '/proc/1/environ']);
    const environ = Object.entries(expected?.runtime.environ as Record<string, string>)
      .map(([name, value]) => `${name}=${value}\0`)
      .join('');
    expect(result.stdout.equals(Buffer.from(environ))).toBe(true);
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });

    const failing = await execIn(config, 'shop', 'checkout-5c9d8f6b7d-p4t7r', 'app', ['sh', '-c', 'exit 42']);
    expect(failing.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '42' }] },
    });
  });

  it('execs 1 MiB of binary environ unchanged', async () => {
    const environ = Buffer.alloc(1024 * 1024);
    for (let index = 0; index < environ.length; index++) environ[index] = (index * 31 + 7) % 256;
    cluster.setContainer('shop', 'checkout-6d8f7b9c4d-w5n2m', 'app', { environ });
    const result = await execIn(config, 'shop', 'checkout-6d8f7b9c4d-w5n2m', 'app', ['cat', '/proc/1/environ']);
    expect(result.stdout.length).toBe(environ.length);
    expect(result.stdout.equals(environ)).toBe(true);
  });

  it('reports a missing executable as the containerd InternalError status', async () => {
    const result = await execIn(config, 'distroless', 'catalog-api', 'api', ['cat', '/proc/1/environ']);
    expect(result.stdout.length).toBe(0);
    expect(result.status).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    expect(result.status?.message).toContain('exec: "cat": executable file not found in $PATH: unknown');
  });

  it('shows /proc/self/environ and the pause process in a shared process namespace', async () => {
    const fixture = sharedProcessNamespacePod();
    const orders = fixture.containers.find((entry) => entry.container === 'orders');
    const self = await execIn(config, 'shared-pid', 'orders', 'orders', ['cat', '/proc/self/environ']);
    const execEnviron = Object.entries(orders?.runtime.execEnviron as Record<string, string>)
      .map(([name, value]) => `${name}=${value}\0`)
      .join('');
    expect(self.stdout.toString('utf8')).toBe(execEnviron);
    const pid1 = await execIn(config, 'shared-pid', 'orders', 'metrics-agent', ['cat', '/proc/1/cmdline']);
    expect(pid1.stdout.toString('utf8')).toBe('/pause\0');
    const main = await execIn(config, 'shared-pid', 'orders', 'metrics-agent', ['cat', '/proc/2/environ']);
    expect(main.stdout.toString('utf8')).toContain('NODE_OPTIONS=--max-old-space-size=1536\0');
  });

  it('refuses exec into a bad container before upgrading; a container not running after (v5, as a real API server)', async () => {
    await expect(execIn(config, 'shop', 'checkout-5c9d8f6b7d-p4t7r', 'nope', ['env'])).rejects.toMatchObject({
      message: expect.stringContaining('Unexpected server response: 400'),
    });
    const notRunning = await execIn(config, 'lifecycle', 'creating', 'app', ['env']);
    expect(notRunning.status).toMatchObject({
      status: 'Failure',
      reason: 'InternalError',
      message: 'Internal error occurred: unable to upgrade connection: container not found ("app")',
    });
    const exec = cluster.requests.last({ resource: 'pods', subresource: 'exec', name: 'creating' });
    expect(exec?.status).toBe(101);
  });
});

describe('RBAC through client-node', () => {
  it('throws ApiException 403 with the RBAC message', async () => {
    const core = loadConfig(cluster.kubeconfigPath).makeApiClient(CoreV1Api);
    cluster.faults.deny({ verb: 'get', resource: 'pods', namespace: 'shop' });
    try {
      const error = await core
        .readNamespacedPod({ name: 'checkout-5c9d8f6b7d-p4t7r', namespace: 'shop' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 403 });
      expect(JSON.parse((error as { body: string }).body).message).toBe(
        `pods "checkout-5c9d8f6b7d-p4t7r" is forbidden: User "${cluster.user}" cannot get resource "pods" in API group "" in the namespace "shop"`,
      );
      // Listing is another verb: still allowed.
      await expect(core.listNamespacedPod({ namespace: 'shop' })).resolves.toHaveProperty('items');
    } finally {
      cluster.faults.clear();
    }
  });

  it('rejects a wrong token with 401', async () => {
    const core = loadConfig(cluster.writeKubeconfig({ token: 'wrong' })).makeApiClient(CoreV1Api);
    const error = await core.listNamespacedPod({ namespace: 'shop' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 401 });
  });

  it('counts one request per API call in the request log', async () => {
    const core = loadConfig(cluster.kubeconfigPath).makeApiClient(CoreV1Api);
    cluster.requests.clear();
    await core.readNamespacedPod({ name: 'checkout-5c9d8f6b7d-p4t7r', namespace: 'shop' });
    await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=checkout' });
    expect(cluster.requests.length).toBe(2);
    expect(cluster.requests.filter({ resource: 'pods', verb: 'get' })).toHaveLength(1);
    expect(cluster.requests.count({ resource: 'pods', verb: 'list', namespace: 'shop' })).toBe(1);
    expect(cluster.requests[0]).toMatchObject({
      method: 'GET',
      apiGroup: '',
      name: 'checkout-5c9d8f6b7d-p4t7r',
      status: 200,
      user: cluster.user,
    });
  });
});
