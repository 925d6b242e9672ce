// Each scriptable fault of the simulated cluster, seen from a client.
import { request } from 'node:https';
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { podFixture, type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly ms: number;
}

function get(cluster: SimulatedCluster, path: string): Promise<Answer> {
  const url = new URL(path, cluster.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { ca: cluster.ca, headers: { Authorization: `Bearer ${cluster.token}` }, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            ms: performance.now() - started,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function execCat(cluster: SimulatedCluster, pod: string): Promise<{ stdout: Buffer; status: V1Status | undefined }> {
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfigPath);
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    let status: V1Status | undefined;
    new Exec(config)
      .exec('default', pod, 'app', ['cat', '/proc/1/environ'], stdout, new PassThrough(), null, false, (value) => {
        status = value;
      })
      .then((socket) => socket.on('close', () => resolve({ stdout: Buffer.concat(chunks), status })), reject);
  });
}

const podPath = '/api/v1/namespaces/default/pods/web-0';
const listPath = '/api/v1/namespaces/default/pods';

let cluster: SimulatedCluster;
beforeAll(async () => {
  cluster = await startSimulatedCluster({ fixtures: [podFixture({ name: 'web-0' }), podFixture({ name: 'web-1' })] });
  const environ = Buffer.alloc(100_000, 'x');
  cluster.setContainer('default', 'web-0', 'app', { environ });
});
afterEach(() => cluster.faults.clear());
afterAll(() => cluster?.stop());

describe('faults', () => {
  it('latency delays matching requests only', async () => {
    cluster.faults.latency(150, { resource: 'pods', verb: 'get' });
    cluster.requests.clear();
    const slow = await get(cluster, podPath);
    await get(cluster, listPath);
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(148);
    expect(cluster.requests.last({ verb: 'get' })?.durationMs).toBeGreaterThanOrEqual(148);
    const listed = cluster.requests.last({ verb: 'list' });
    expect(listed?.status).toBe(200);
  });

  it('deny answers the RBAC 403 for the verb and resource only', async () => {
    cluster.faults.deny({ verb: 'list', resource: 'pods' });
    const denied = await get(cluster, listPath);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods is forbidden: User "${cluster.user}" cannot list resource "pods" in API group "" in the namespace "default"`,
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
    expect((await get(cluster, podPath)).status).toBe(200);
    const allNamespaces = await get(cluster, '/api/v1/pods');
    expect(JSON.parse(allNamespaces.body).message).toBe(
      `pods is forbidden: User "${cluster.user}" cannot list resource "pods" in API group "" at the cluster scope`,
    );
  });

  it('deny of pods/exec refuses exec but not reads', async () => {
    cluster.faults.deny({ verb: 'create', resource: 'pods/exec', namespace: 'default' });
    await expect(execCat(cluster, 'web-0')).rejects.toMatchObject({ message: expect.stringContaining('403') });
    expect((await get(cluster, podPath)).status).toBe(200);
  });

  it('throttle answers 429 with Retry-After to the next N matching requests', async () => {
    cluster.faults.throttle({ count: 2, retryAfterSeconds: 3, match: { resource: 'pods' } });
    const first = await get(cluster, podPath);
    const second = await get(cluster, listPath);
    const third = await get(cluster, podPath);
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers['retry-after']).toBe('3');
    expect(JSON.parse(first.body)).toMatchObject({
      reason: 'TooManyRequests',
      message: 'Too many requests, please try again later.',
      details: { retryAfterSeconds: 3 },
      code: 429,
    });
  });

  it('fail answers the given status for the next N matching requests', async () => {
    cluster.faults.fail({ status: 500, count: 1, match: { verb: 'list' } });
    cluster.faults.fail({ status: 503, count: 1, match: { verb: 'get' } });
    const failed = await get(cluster, listPath);
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toMatchObject({ reason: 'InternalError', code: 500 });
    const unavailable = await get(cluster, podPath);
    expect(JSON.parse(unavailable.body)).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect((await get(cluster, listPath)).status).toBe(200);
  });

  it('reset drops the connection of the next N matching requests', async () => {
    cluster.faults.reset({ count: 1, match: { name: 'web-0' } });
    await expect(get(cluster, podPath)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    expect(cluster.requests.last({ name: 'web-0' })?.status).toBe(0);
    expect((await get(cluster, podPath)).status).toBe(200);
  });

  it('cutExec closes the exec stream after N bytes of stdout, without a status', async () => {
    cluster.faults.cutExec({ afterBytes: 40_000, count: 1 });
    const cut = await execCat(cluster, 'web-0');
    expect(cut.stdout.length).toBe(40_000);
    expect(cut.status).toBeUndefined();
    const whole = await execCat(cluster, 'web-0');
    expect(whole.stdout.length).toBe(100_000);
    expect(whole.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('clear removes every fault', async () => {
    cluster.faults.deny({ verb: 'get', resource: 'pods' });
    cluster.faults.latency(10_000);
    cluster.faults.clear();
    expect((await get(cluster, podPath)).status).toBe(200);
  });

  it('rejects nonsensical fault settings', () => {
    expect(() => cluster.faults.fail({ status: 200, count: 1 })).toThrow(RangeError);
    expect(() => cluster.faults.throttle({ count: 0, retryAfterSeconds: 1 })).toThrow(RangeError);
  });
});

describe('hang', () => {
  it('never answers matching requests until stop() frees them', async () => {
    const hanging = await startSimulatedCluster({ fixtures: [podFixture({ name: 'web-0' })] });
    hanging.faults.hang({ match: { verb: 'get' } });
    const pending = get(hanging, podPath).then(
      () => 'answered',
      () => 'connection closed',
    );
    const raced = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]);
    expect(raced).toBe('pending');
    expect((await get(hanging, listPath)).status).toBe(200);
    expect(hanging.requests.last({ verb: 'get' })?.status).toBe(0);
    await hanging.stop();
    expect(await pending).toBe('connection closed');
  });
});
