// The simulated API server at the HTTP level: authentication, discovery, watch, exec framing and
// the cluster's own API (apply/get/remove/stop).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/objects';
import {
  podFixture,
  podLifecycleFixture,
  type SimulatedCluster,
  sidecarPod,
  startSimulatedCluster,
} from '../../src/testing/index';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function call(
  cluster: SimulatedCluster,
  path: string,
  options: { token?: string | null; accept?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const token = options.token === undefined ? cluster.token : options.token;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(path, cluster.url),
      {
        method: options.method ?? 'GET',
        ca: cluster.ca,
        agent: false,
        headers: {
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
          ...(options.accept ? { Accept: options.accept } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

interface WebSocketExchange {
  readonly status: number;
  readonly protocol: string | undefined;
  /** Data frames (binary payloads) in order. */
  readonly frames: Buffer[];
  readonly closeCode: number | undefined;
  readonly body: string;
}

// A minimal WebSocket client: enough to see the exact frames the server sends.
function websocket(cluster: SimulatedCluster, path: string, protocols: readonly string[]): Promise<WebSocketExchange> {
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL(path, cluster.url), {
      ca: cluster.ca,
      agent: false,
      headers: {
        Authorization: `Bearer ${cluster.token}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': protocols.join(', '),
      },
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, protocol: undefined, frames: [], closeCode: undefined, body }),
      );
    });
    outgoing.on('upgrade', (response, socket: Duplex, head: Buffer) => {
      let buffer = head;
      const frames: Buffer[] = [];
      let closeCode: number | undefined;
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length < 2) return;
          let length = (buffer[1] ?? 0) & 0x7f;
          let offset = 2;
          if (length === 126) {
            length = buffer.readUInt16BE(2);
            offset = 4;
          } else if (length === 127) {
            length = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
          if (buffer.length < offset + length) return;
          const opcode = (buffer[0] ?? 0) & 0x0f;
          const payload = buffer.subarray(offset, offset + length);
          buffer = buffer.subarray(offset + length);
          if (opcode === 0x2) frames.push(Buffer.from(payload));
          if (opcode === 0x8) {
            closeCode = payload.readUInt16BE(0);
            // Answer the close (client frames are masked; a zero mask keeps the payload).
            socket.end(Buffer.concat([Buffer.from([0x88, 0x82, 0, 0, 0, 0]), payload.subarray(0, 2)]));
          }
        }
      });
      socket.on('close', () =>
        resolve({
          status: response.statusCode ?? 0,
          protocol: response.headers['sec-websocket-protocol'],
          frames,
          closeCode,
          body: '',
        }),
      );
      socket.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

let cluster: SimulatedCluster;
beforeAll(async () => {
  const started = performance.now();
  cluster = await startSimulatedCluster({
    fixtures: [podFixture({ name: 'web-0', labels: { app: 'web' } }), sidecarPod(), podLifecycleFixture()],
  });
  console.log(`startSimulatedCluster() took ${Math.round(performance.now() - started)} ms`);
});
afterAll(() => cluster?.stop());

describe('authentication', () => {
  it('serves /version without credentials and refuses other paths with 401', async () => {
    const version = await call(cluster, '/version', { token: null });
    expect(JSON.parse(version.body)).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.0' });
    const refused = await call(cluster, '/api/v1/namespaces/default/pods', { token: null });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await call(cluster, '/version', { token: 'wrong' })).status).toBe(401);
  });
});

describe('discovery', () => {
  it('lists the groups and resources with short names and the exec subresource', async () => {
    const groups = JSON.parse((await call(cluster, '/apis')).body) as { groups: Array<{ name: string }> };
    expect(groups.groups.map((group) => group.name)).toEqual(['apps', 'batch', 'argoproj.io']);
    const core = JSON.parse((await call(cluster, '/api/v1')).body) as {
      resources: Array<{ name: string; shortNames?: string[]; kind: string; namespaced: boolean; verbs: string[] }>;
    };
    expect(core.resources.find((resource) => resource.name === 'pods')).toMatchObject({
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
      verbs: ['get', 'list', 'watch'],
    });
    expect(core.resources.find((resource) => resource.name === 'pods/exec')).toMatchObject({ kind: 'PodExecOptions' });
    expect(core.resources.find((resource) => resource.name === 'namespaces')).toMatchObject({
      namespaced: false,
      shortNames: ['ns'],
    });
    const argo = JSON.parse((await call(cluster, '/apis/argoproj.io/v1alpha1')).body) as {
      resources: Array<{ shortNames?: string[] }>;
    };
    expect(argo.resources[0]?.shortNames).toEqual(['ro']);
  });

  it('answers plain application/json when aggregated discovery is asked for', async () => {
    const answer = await call(cluster, '/api', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('answers 404 with a Status for paths it does not serve', async () => {
    const answer = await call(cluster, '/api/v1/nodes');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });
});

describe('cluster contents', () => {
  it('has the default namespace and the kubernetes service of a real cluster', async () => {
    const service = JSON.parse((await call(cluster, '/api/v1/namespaces/default/services/kubernetes')).body);
    expect(service.spec).toMatchObject({
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    });
    const namespaces = JSON.parse((await call(cluster, '/api/v1/namespaces')).body) as { items: KubeObject[] };
    expect(namespaces.items.map((namespace) => namespace.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'mesh', 'lifecycle']),
    );
  });

  it('apply, get and remove objects; get returns a copy', async () => {
    cluster.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
      data: { a: '1' },
    } as KubeObject);
    const stored = cluster.get('cm', 'default', 'settings') as KubeObject & { data: Record<string, string> };
    expect(stored.data).toEqual({ a: '1' });
    stored.data['a'] = 'changed';
    expect((cluster.get('configmaps', 'default', 'settings') as typeof stored).data['a']).toBe('1');
    expect(cluster.remove('configmap', 'default', 'settings')).toBe(true);
    expect(cluster.remove('configmap', 'default', 'settings')).toBe(false);
    expect((await call(cluster, '/api/v1/namespaces/default/configmaps/settings')).status).toBe(404);
    expect(() => cluster.get('widgets', 'default', 'x')).toThrow('The simulated cluster has no resource "widgets"');
  });

  it('watches: initial ADDED events, then changes as they happen', async () => {
    const events: Array<{ type: string; name: string }> = [];
    const done = new Promise<void>((resolve, reject) => {
      const outgoing = request(
        new URL('/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dweb&timeoutSeconds=1', cluster.url),
        { ca: cluster.ca, agent: false, headers: { Authorization: `Bearer ${cluster.token}` } },
        (response) => {
          let pending = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            pending += chunk;
            for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
              const event = JSON.parse(pending.slice(0, newline)) as { type: string; object: KubeObject };
              pending = pending.slice(newline + 1);
              events.push({ type: event.type, name: event.object.metadata.name });
              if (events.length === 1) {
                cluster.load(podFixture({ name: 'web-1', labels: { app: 'web' } }));
                cluster.load(podFixture({ name: 'db-0', labels: { app: 'db' } }));
                cluster.remove('pods', 'default', 'web-1');
              }
            }
          });
          response.on('end', () => resolve());
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    await done;
    expect(events).toEqual([
      { type: 'ADDED', name: 'web-0' },
      { type: 'ADDED', name: 'web-1' },
      { type: 'DELETED', name: 'web-1' },
    ]);
  });
});

describe('exec over WebSocket', () => {
  const execPath = (pod: string, query: string, namespace = 'default') =>
    `/api/v1/namespaces/${namespace}/pods/${pod}/exec?${query}`;

  it('picks v5 when offered, sends channel frames, the status on channel 3, then closes', async () => {
    const environ = Buffer.alloc(70_000, 'e');
    cluster.setContainer('default', 'web-0', 'app', { environ });
    const exchange = await websocket(
      cluster,
      execPath('web-0', 'command=cat&command=%2Fproc%2F1%2Fenviron&container=app&stdout=true&stderr=true'),
      ['v4.channel.k8s.io', 'v5.channel.k8s.io'],
    );
    expect(exchange.status).toBe(101);
    expect(exchange.protocol).toBe('v5.channel.k8s.io');
    const channels = exchange.frames.map((frame) => frame[0]);
    expect(channels).toEqual([1, 1, 1, 3]);
    expect(exchange.frames.every((frame) => frame.length <= 32 * 1024 + 1)).toBe(true);
    expect(Buffer.concat(exchange.frames.slice(0, 3).map((frame) => frame.subarray(1))).equals(environ)).toBe(true);
    expect(JSON.parse(exchange.frames[3]?.subarray(1).toString() ?? '')).toEqual({ metadata: {}, status: 'Success' });
    expect(exchange.closeCode).toBe(1000);
  });

  it('speaks v4 to clients that offer only v4, with stderr on channel 2', async () => {
    const exchange = await websocket(cluster, execPath('web-0', 'command=cat&command=%2Fnope&stdout=1&stderr=1'), [
      'v4.channel.k8s.io',
    ]);
    expect(exchange.protocol).toBe('v4.channel.k8s.io');
    expect(exchange.frames.map((frame) => [frame[0], frame.subarray(1).toString()])).toEqual([
      [2, 'cat: /nope: No such file or directory\n'],
      [
        3,
        JSON.stringify({
          metadata: {},
          status: 'Failure',
          message: 'command terminated with non-zero exit code: error executing command [cat /nope], exit code 1',
          reason: 'NonZeroExitCode',
          details: { causes: [{ reason: 'ExitCode', message: '1' }] },
        }),
      ],
    ]);
  });

  it('refuses before upgrading with the API server and kubelet messages (v5: after, as the API server does)', async () => {
    const refused = async (path: string, protocols = ['v5.channel.k8s.io']) => {
      const exchange = await websocket(cluster, path, protocols);
      return { status: exchange.status, message: (JSON.parse(exchange.body) as { message: string }).message };
    };
    expect(await refused(execPath('payments', 'command=env&stdout=true', 'mesh'))).toEqual({
      status: 400,
      message: 'a container name must be specified for pod payments, choose one of: [istio-init istio-proxy payments]',
    });
    expect(await refused(execPath('payments', 'command=env&stdout=true&container=nginx', 'mesh'))).toEqual({
      status: 400,
      message: 'container nginx is not valid for pod payments',
    });
    // A container that is not running: v4 is proxied to the kubelet, whose refusal comes back as is.
    const notRunning = execPath('payments', 'command=env&stdout=true&container=istio-init', 'mesh');
    expect(await refused(notRunning, ['v4.channel.k8s.io'])).toEqual({
      status: 500,
      message: 'Internal error occurred: unable to upgrade connection: container not found ("istio-init")',
    });
    // v5: a real API server upgrades first, then reports the refusal on the status channel.
    const translated = await websocket(cluster, notRunning, ['v5.channel.k8s.io']);
    expect(translated.status).toBe(101);
    expect(translated.frames.map((frame) => [frame[0], JSON.parse(frame.subarray(1).toString()).message])).toEqual([
      [3, 'Internal error occurred: unable to upgrade connection: container not found ("istio-init")'],
    ]);
    expect(await refused(execPath('queued', 'command=env&stdout=true', 'lifecycle'))).toEqual({
      status: 400,
      message: 'pod queued does not have a host assigned',
    });
    expect(await refused(execPath('web-0', 'command=env'))).toEqual({
      status: 400,
      message: 'you must specify at least 1 of stdin, stdout, stderr',
    });
    expect(await refused(execPath('nope', 'command=env&stdout=true'))).toEqual({
      status: 404,
      message: 'pods "nope" not found',
    });
    expect((await refused(execPath('web-0', 'command=env&stdout=true'), ['channel.k8s.io'])).status).toBe(400);
  });

  it('refuses SPDY (kubectl falls back to it only when WebSocket is refused)', async () => {
    const answer = await call(cluster, execPath('web-0', 'command=env&stdout=true'), {
      method: 'POST',
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' },
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).message).toContain('SPDY is not supported');
  });

  it('logs exec as create pods/exec with status 101', () => {
    const entry = cluster.requests.last({ resource: 'pods/exec' });
    expect(entry).toMatchObject({ verb: 'create', resource: 'pods', subresource: 'exec' });
    const upgraded = cluster.requests.filter({ resource: 'pods', subresource: 'exec', status: 101 });
    expect(upgraded.length).toBeGreaterThanOrEqual(2);
  });
});

describe('stop', () => {
  it('closes open connections and removes the temporary kubeconfig directory', async () => {
    const temporary = await startSimulatedCluster();
    const directory = temporary.kubeconfigPath.slice(0, temporary.kubeconfigPath.lastIndexOf('/'));
    const keepAlive = request(new URL('/version', temporary.url), { ca: temporary.ca });
    keepAlive.end();
    await new Promise((resolve) => keepAlive.on('response', resolve));
    await temporary.stop();
    expect(existsSync(directory)).toBe(false);
    await expect(call(temporary, '/version')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
