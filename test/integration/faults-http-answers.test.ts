/**
 * Attacks from the server side: answers the simulated cluster never gives. Endless and huge
 * bodies, JSON that is no Kubernetes object, a 403 whose Status echoes a secret, broken WebSocket
 * handshakes and frames announcing absurd sizes. Each must end in a typed KubenvError.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import { EMPTY_PROJECT } from '../support/cluster';
import { type RawServer, startRawServer } from '../support/raw-server';

const SECRET = 'sk_live_7Hq2xSECRET';
let server: RawServer;
beforeAll(async () => {
  server = await startRawServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
});

const fetchPod = (source: 'exec' | 'spec' = 'exec') =>
  fetchRemoteEnv({
    target: 'pod/x',
    namespace: 'default',
    source,
    cwd: EMPTY_PROJECT,
    env: { KUBECONFIG: server.kubeconfigPath },
    timeout: 10_000,
  });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error), inspect(error)).toBe(true);
  expect(inspect(error)).not.toContain(SECRET);
  return error as Error;
}

const json =
  (value: unknown, status = 200) =>
  (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  };

const runningPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'app', image: 'busybox' }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
  },
};

describe('a 200 answer that is not the object asked for', () => {
  for (const [label, body] of [
    ['null', null],
    ['{}', {}],
    ['an array', []],
    ['a number', 42],
    ['a Status', { kind: 'Status', status: 'Failure', message: SECRET, reason: 'Forbidden', code: 403 }],
    ['a pod without spec', { kind: 'Pod', metadata: { name: 'x' } }],
    ['a pod whose containers are not a list', { kind: 'Pod', metadata: { name: 'x' }, spec: { containers: 'app' } }],
  ] as const) {
    it(`${label}: a KubeApiError that names the operation`, async () => {
      server.onRequest = json(body);
      const error = await failure(fetchPod());
      expect(error).toMatchObject({ code: 'KUBE_API' });
      expect(error.message).toContain('pod "x"');
    });
  }
});

describe('bodies over the limit', () => {
  it('an endless body stops at 64 MiB with ResponseTooLargeError, memory bounded', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    let open = true;
    server.onRequest = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) sent += chunk.length;
        if (!response.destroyed) response.once('drain', pump);
      };
      response.on('close', () => {
        open = false;
      });
      pump();
    };
    const before = process.memoryUsage().rss;
    const error = await failure(fetchPod());
    const grown = process.memoryUsage().rss - before;
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limitBytes: 64 * 1024 * 1024 });
    expect(error.message).toContain('64 MiB');
    expect(sent).toBeLessThan(200 * 1024 * 1024);
    expect(grown).toBeLessThan(400 * 1024 * 1024);
    // kubenv dropped the connection rather than reading on (a liveness wait, bounded by the test's timeout).
    while (open) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('a 403 with a huge body is refused, not buffered', async () => {
    server.onRequest = (_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(Buffer.alloc(8 * 1024 * 1024, 0x20));
    };
    const error = await failure(fetchPod());
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
});

describe('a 403 keeps the reason and the code, never the body', () => {
  it('util.inspect of the error does not show the Status message', async () => {
    server.onRequest = json(
      {
        kind: 'Status',
        status: 'Failure',
        message: `pods "x" is forbidden: token ${SECRET}`,
        reason: 'Forbidden',
        code: 403,
      },
      403,
    );
    const error = await failure(fetchPod());
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(inspect(error, { depth: 10 })).not.toContain('is forbidden');
  });
});

describe('exec over a broken WebSocket', () => {
  const acceptFor = (key: string) =>
    createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

  it('a wrong Sec-WebSocket-Accept is a typed error', async () => {
    server.onRequest = json(runningPod);
    server.onUpgrade = (_request, socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
      );
    };
    const error = await failure(fetchPod('exec'));
    expect(error.message).toContain('Sec-WebSocket-Accept');
  });

  it('a frame that announces 2^40 bytes is refused on its header', async () => {
    server.onRequest = json(runningPod);
    server.onUpgrade = (request, socket) => {
      const accept = acceptFor(String(request.headers['sec-websocket-key']));
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`,
      );
      const header = Buffer.alloc(10);
      header[0] = 0x82;
      header[1] = 127;
      header.writeBigUInt64BE(2n ** 40n, 2);
      socket.write(Buffer.concat([header, Buffer.from([1]), Buffer.alloc(1000, 0x41)]));
    };
    const error = await failure(fetchPod('exec'));
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limitBytes: 16 * 1024 * 1024 });
  });
});
