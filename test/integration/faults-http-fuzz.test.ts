/**
 * Fuzzing the answers of the API server: pods, deployments, ReplicaSet and pod lists,
 * ConfigMaps, Secrets and Services with random fields replaced or removed, random status codes,
 * and random bytes after a valid exec handshake. Every fetch ends in a RemoteEnv or a
 * KubenvError, never another throw, and the secret planted in env values, ConfigMaps and Secrets
 * never shows in an error.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { EMPTY_PROJECT } from '../support/cluster';
import { resultOrSafeErrorAsync, SECRET } from '../support/fuzz';
import { type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer;
beforeAll(async () => {
  server = await startRawServer();
});
afterAll(async () => {
  await server.stop();
});

const labels = { app: 'api', 'pod-template-hash': 'h1' };
const container = {
  name: 'app',
  image: 'busybox',
  env: [
    { name: 'PLAIN', value: SECRET },
    { name: 'EXPANDED', value: 'x-$(PLAIN)-$(MISSING)' },
    { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'K' } } },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'K' } } },
    { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
  ],
  envFrom: [{ configMapRef: { name: 'cm' } }, { prefix: 'S_', secretRef: { name: 's' } }],
  resources: { limits: { cpu: '500m' } },
};
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    labels,
    ownerReferences: [{ kind: 'ReplicaSet', name: 'api-h1', uid: 'rs-uid', controller: true }],
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: { containers: [container], nodeName: 'node-a' },
  status: {
    phase: 'Running',
    podIP: '10.0.0.1',
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } },
    ],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});
const BASE: Record<string, unknown> = {
  pod: pod('x'),
  deployment: {
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'default',
      uid: 'd-uid',
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  },
  replicasets: {
    kind: 'ReplicaSetList',
    metadata: {},
    items: [
      {
        kind: 'ReplicaSet',
        metadata: {
          name: 'api-h1',
          uid: 'rs-uid',
          labels,
          annotations: { 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [{ kind: 'Deployment', name: 'api', uid: 'd-uid', controller: true }],
        },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [container] } },
        },
      },
    ],
  },
  pods: { kind: 'PodList', metadata: {}, items: [pod('api-h1-a'), pod('api-h1-b')] },
  configmap: { kind: 'ConfigMap', metadata: { name: 'cm' }, data: { K: SECRET, OTHER: `${SECRET}2` } },
  secret: {
    kind: 'Secret',
    metadata: { name: 's' },
    data: { K: Buffer.from(SECRET).toString('base64'), B: '!!notbase64' },
  },
  services: {
    kind: 'ServiceList',
    metadata: {},
    items: [
      {
        metadata: { name: 'db' },
        spec: { clusterIP: '10.0.0.9', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
      },
    ],
  },
};
type Part = keyof typeof BASE;

const DELETE = Symbol('delete');
type Mutation = { part: Part; steps: number[]; value: unknown };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  part: fc.constantFrom(...(Object.keys(BASE) as Part[])),
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  value: fc.oneof(fc.constant(DELETE), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', 0, -1, 'x', [], {})),
});

/** Replaces (or deletes) the value found by walking `steps` through the structure. */
function mutate(root: unknown, steps: number[], value: unknown): unknown {
  if (typeof root !== 'object' || root === null) return value === DELETE ? undefined : value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(root)
    ? [...root]
    : { ...(root as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return copy;
  const key = keys[(steps[0] as number) % keys.length] as string;
  const rest = steps.slice(1);
  const target = copy as Record<string, unknown>;
  if (rest.length === 0) {
    if (value === DELETE) delete target[key];
    else target[key] = value;
  } else target[key] = mutate(target[key], rest, value);
  return copy;
}

const STATUS = fc.oneof({ arbitrary: fc.constant(200), weight: 12 }, fc.constantFrom(400, 401, 403, 404, 409, 418));

/** An unmasked server frame. */
function serverFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
  return Buffer.concat([head, payload]);
}
const channel = (n: number, data: Buffer | string) =>
  serverFrame(2, Buffer.concat([Buffer.from([n]), Buffer.from(data)]));
const SUCCESS = JSON.stringify({ kind: 'Status', status: 'Success', metadata: {} });
// What the exec answers: a valid environ and Status (with the secret as a value), a random
// environ, random frames, or random bytes.
const execAnswer = fc.oneof(
  fc.constant(Buffer.concat([channel(1, `PLAIN=${SECRET}\0HOME=/root\0`), channel(3, SUCCESS)])),
  fc
    .uint8Array({ maxLength: 120 })
    .map((bytes) => Buffer.concat([channel(1, Buffer.from(bytes)), channel(3, SUCCESS)])),
  fc
    .array(fc.tuple(fc.constantFrom(1, 2, 3, 4), fc.uint8Array({ maxLength: 40 })), { maxLength: 4 })
    .map((frames) => Buffer.concat(frames.map(([n, bytes]) => channel(n, Buffer.from(bytes))))),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

const accept = (key: string) =>
  createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

describe('fuzzed API server answers', () => {
  it('a RemoteEnv or a KubenvError, never another throw, never the secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutationArb, { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...(Object.keys(BASE) as Part[])), STATUS),
        execAnswer,
        fc.constantFrom('pod/x', 'deploy/api'),
        fc.constantFrom('auto', 'exec', 'spec'),
        async (mutations, statuses, execBytes, target, source) => {
          const answers: Record<string, unknown> = { ...BASE };
          for (const { part, steps, value } of mutations) answers[part] = mutate(answers[part], steps, value);
          const answer = (response: ServerResponse, part: Part) => send(response, statuses[part] ?? 200, answers[part]);
          server.onRequest = (request, response) => {
            const url = request.url ?? '';
            if (/\/pods\/[^/?]+(\?|$)/.test(url)) return answer(response, 'pod');
            if (url.includes('/deployments/')) return answer(response, 'deployment');
            if (url.includes('/replicasets')) return answer(response, 'replicasets');
            if (url.includes('/pods')) return answer(response, 'pods');
            if (url.includes('/configmaps/')) return answer(response, 'configmap');
            if (url.includes('/secrets/')) return answer(response, 'secret');
            if (url.includes('/services')) return answer(response, 'services');
            send(response, 404, { kind: 'Status', reason: 'NotFound', code: 404, message: SECRET });
          };
          server.onUpgrade = (request, socket) => {
            socket.on('error', () => undefined);
            socket.write(
              `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept(String(request.headers['sec-websocket-key']))}\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`,
            );
            socket.end(execBytes);
          };
          const remote = await resultOrSafeErrorAsync(() =>
            fetchRemoteEnv({
              target,
              namespace: 'default',
              source: source as 'auto',
              cwd: EMPTY_PROJECT,
              env: { KUBECONFIG: server.kubeconfigPath },
              timeout: 5_000,
            }),
          );
          if (remote !== undefined) {
            for (const name of remote.names) expect(typeof remote.remote[name]).toBe('string');
            expect(JSON.stringify(remote)).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
