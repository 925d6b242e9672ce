/**
 * The transport's requests as the API server sees them (src/kube/transport.ts), against a bare
 * HTTPS server: the query string, the path behind a server URL's prefix, connections opened
 * ahead of a burst (none for an aborted one, none and no credentials asked through a proxy), the
 * replacement connection after an exec upgrade, a body cut off mid-way, Retry-After before an
 * upgrade, 2xx answers that are no object, and a proxy's connections closed with the client.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeConnections, isKubenvError } from '../../src/index';
import type { Authenticator, RequestAuth } from '../../src/kube/auth';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';
import { DEFAULT_RETRY, type RetryPolicy, Transport } from '../../src/kube/transport';
import { startConnectProxy, type TestProxy } from '../support/proxies';
import { fetchRawPod, RAW_POD, RAW_TOKEN, type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer;
let proxy: TestProxy | undefined;
const transports: Transport[] = [];
beforeEach(async () => {
  server = await startRawServer();
});
afterEach(async () => {
  vi.useRealTimers();
  for (const transport of transports.splice(0)) transport.close();
  closeConnections();
  await proxy?.close();
  proxy = undefined;
  await server.stop();
});

/** Counts the attempts: withRetry asks for credentials once per attempt. */
function countingAuthenticator() {
  const auth: RequestAuth = { headers: { authorization: `Bearer ${RAW_TOKEN}` } };
  const counter = { attempts: 0 };
  const authenticator: Authenticator = {
    authFor: async () => {
      counter.attempts++;
      return auth;
    },
    refresh: () => false,
  };
  return { counter, authenticator };
}

/** Retries as by default, with waits of a millisecond. */
const FAST_RETRY: RetryPolicy = { ...DEFAULT_RETRY, baseDelayMs: 1, maxDelayMs: 1 };

async function transportFor(
  authenticator = countingAuthenticator().authenticator,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Transport> {
  const endpoint = await loadKubeEndpoint({ kubeconfig: server.kubeconfigPath, env: {} });
  const transport = new Transport(endpoint, authenticator, retry);
  transports.push(transport);
  return transport;
}

/** Waits until `done()` holds; fails after `ms` (a liveness bound, not a timing assertion). */
async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  for (const start = Date.now(); !done(); ) {
    if (Date.now() - start > ms) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const json =
  (value: unknown, status = 200) =>
  (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  };

const fetchPod = (kubeconfig = server.kubeconfigPath) => fetchRawPod(kubeconfig);

async function failure(promise: Promise<unknown>): Promise<Error & { code: string; hint?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error), inspect(error)).toBe(true);
  return error as Error & { code: string; hint?: string };
}

describe('the query string', () => {
  it('repeats array values, encodes each part, and leaves out undefined ones (no "?" when none is left)', async () => {
    const urls: string[] = [];
    server.onRequest = (request, response) => {
      urls.push(request.url ?? '');
      json({ kind: 'List' })(request, response);
    };
    const transport = await transportFor();
    const signal = new AbortController().signal;
    await transport.getJson('/a', { command: ['cat', '/proc/1/environ'], labelSelector: 'app in (x,y)' }, signal);
    await transport.getJson('/b', { labelSelector: undefined, continue: undefined }, signal);
    expect(urls).toEqual(['/a?command=cat&command=%2Fproc%2F1%2Fenviron&labelSelector=app%20in%20(x%2Cy)', '/b']);
  });
});

describe('what a GET sends and takes', () => {
  it('names kubenv and asks for JSON', async () => {
    const headers: Record<string, unknown>[] = [];
    server.onRequest = (request, response) => {
      headers.push(request.headers);
      json({ kind: 'List' })(request, response);
    };
    await (await transportFor()).getJson('/a', undefined, new AbortController().signal);
    expect(headers).toMatchObject([
      { accept: 'application/json', 'user-agent': 'kubenv', authorization: `Bearer ${RAW_TOKEN}` },
    ]);
  });

  it('keeps the path of a server URL behind a prefix, without its trailing slashes (https://host/prefix//)', async () => {
    server.onRequest = json({ kind: 'List' });
    // client-go joins the prefix and the path with path.Join (rest/request.go), which drops them all.
    writeFileSync(
      server.kubeconfigPath,
      readFileSync(server.kubeconfigPath, 'utf8').replace(server.url, `${server.url}/k8s//`),
    );
    await (await transportFor()).getJson('/api/v1/pods', undefined, new AbortController().signal);
    expect(server.requests).toEqual(['GET /k8s/api/v1/pods']);
  });

  it('a 300 is an error answer, not an object', async () => {
    server.onRequest = json({ kind: 'Pod', metadata: { name: 'x' } }, 300);
    const error = await (await transportFor())
      .getJson('/a', undefined, new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HttpStatusError', status: 300 });
  });

  it('an error answer of exactly 64 KiB is read; one byte more is refused', async () => {
    const answer = (size: number) => (_request: unknown, response: import('node:http').ServerResponse) => {
      const status = JSON.stringify({ kind: 'Status', reason: 'Conflict' });
      response.writeHead(409).end(status.padEnd(size, ' '));
    };
    const transport = await transportFor();
    server.onRequest = answer(64 * 1024);
    expect(
      await transport.getJson('/a', undefined, new AbortController().signal).catch((e: unknown) => e),
    ).toMatchObject({
      name: 'HttpStatusError',
      status: 409,
    });
    server.onRequest = answer(64 * 1024 + 1);
    expect(
      await transport.getJson('/a', undefined, new AbortController().signal).catch((e: unknown) => e),
    ).toMatchObject({
      name: 'AnswerTooLargeError',
    });
  });
});

describe('an IPv6 API server (`https://[::1]:<port>`)', () => {
  it('is reached by requests and by connections opened ahead', async () => {
    await server.stop();
    server = await startRawServer({
      host: '::1',
      certificate: (ca) => ca.issue({ commonName: 'kube.local', usage: 'server', dnsNames: ['kube.local'] }),
    });
    server.onRequest = json({ kind: 'List' });
    // The test CA issues IPv4 addresses only: the certificate names kube.local.
    writeFileSync(
      server.kubeconfigPath,
      readFileSync(server.kubeconfigPath, 'utf8').replace(/( +)server: .*/, '$&\n$1tls-server-name: kube.local'),
    );
    const transport = await transportFor();
    const signal = new AbortController().signal;
    await transport.preconnect(1, signal);
    await until(() => server.handshakes.length === 1, 'the connection opened ahead');
    expect(await transport.getJson('/a', undefined, signal)).toEqual({ kind: 'List' });
    expect(server.handshakes).toHaveLength(1);
    // Two at once: one of them opens a connection of its own.
    await Promise.all([transport.getJson('/b', undefined, signal), transport.getJson('/c', undefined, signal)]);
    expect(server.handshakes).toHaveLength(2);
  });
});

describe('connections opened ahead of a burst of requests', () => {
  it('preconnect opens them before any request, and the requests take them', async () => {
    server.onRequest = json({ kind: 'List' });
    const transport = await transportFor();
    const signal = new AbortController().signal;
    await transport.preconnect(2, signal);
    await until(() => server.handshakes.length === 2, 'two connections');
    expect(server.requests).toEqual([]);
    await Promise.all([transport.getJson('/a', undefined, signal), transport.getJson('/b', undefined, signal)]);
    expect(server.handshakes).toHaveLength(2);
  });

  it('none for a signal that is aborted already', async () => {
    server.onRequest = json({ kind: 'List' });
    const transport = await transportFor();
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await transport.preconnect(2, controller.signal);
    // A request after it: the only connection is its own.
    await transport.getJson('/a', undefined, new AbortController().signal);
    expect(server.sockets.size).toBe(1);
    expect(server.handshakes).toHaveLength(1);
  });

  it('none through a proxy, and no credentials asked for them (an exec plugin is not run for nothing)', async () => {
    proxy = await startConnectProxy({});
    writeFileSync(
      server.kubeconfigPath,
      readFileSync(server.kubeconfigPath, 'utf8').replace(/( +)server: .*/, `$&\n$1proxy-url: ${proxy.url}`),
    );
    const { counter, authenticator } = countingAuthenticator();
    await (await transportFor(authenticator)).preconnect(2, new AbortController().signal);
    expect(counter.attempts).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });
});

describe('an exec upgrade', () => {
  const upgrade = (transport: Transport, signal: AbortSignal) =>
    transport.upgrade('/exec', { command: ['cat'] }, { connection: 'Upgrade', upgrade: 'websocket' }, signal);
  const accept = (_request: unknown, socket: import('node:net').Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  };

  it('from the second one on, a connection is opened to take the place of the upgraded one', async () => {
    server.onUpgrade = accept;
    const transport = await transportFor();
    const signal = new AbortController().signal;
    const first = await upgrade(transport, signal);
    expect(server.handshakes).toHaveLength(1);
    const second = await upgrade(transport, signal);
    await until(() => server.handshakes.length === 3, 'a replacement connection');
    for (const { socket } of [first, second]) socket.destroy();
  });

  it('a connection that fails during the upgrade is a reset, retried', async () => {
    // The raw server's default: the upgrade's socket destroyed.
    const { counter, authenticator } = countingAuthenticator();
    const transport = await transportFor(authenticator, FAST_RETRY);
    const error = await upgrade(transport, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', problem: 'connection reset by the server' });
    expect(counter.attempts).toBe(4);
  });

  it('an answer before the upgrade is an HTTP error; its Retry-After is waited out', async () => {
    const body = '{"kind":"Status","reason":"TooManyRequests"}';
    server.onUpgrade = (_request, socket) => {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { counter, authenticator } = countingAuthenticator();
    const transport = await transportFor(authenticator);
    const controller = new AbortController();
    const upgrading = upgrade(transport, controller.signal).catch((e: unknown) => e);
    // Real I/O goes on under fake timers: wait for the first answer without them.
    while (server.requests.length === 0 || counter.attempts === 0) await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(2_990);
    expect(counter.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(counter.attempts).toBe(2);
    controller.abort(new Error('done'));
    expect(await upgrading).toMatchObject({ message: 'done' });
  });
});

describe('bodies that go wrong', () => {
  it('a body cut off mid-way is a reset, retried', async () => {
    server.onRequest = (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"kind":"Pod",');
      setImmediate(() => request.socket.destroy());
    };
    const transport = await transportFor(undefined, FAST_RETRY);
    const error = await transport.getJson('/a', undefined, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', problem: 'connection reset by the server' });
    expect(server.requests).toHaveLength(4);
  });
});

describe('a 2xx answer that is not a Kubernetes object: the hint says what came', () => {
  for (const [label, body, what] of [
    ['null', null, 'The API server answered with null, not a Kubernetes object'],
    ['an array', [], 'The API server answered with an array, not a Kubernetes object'],
    ['a number', 42, 'The API server answered with a number, not a Kubernetes object'],
    ['a string', 'ok', 'The API server answered with a string, not a Kubernetes object'],
    ['a boolean', true, 'The API server answered with a boolean, not a Kubernetes object'],
    ['a Status', { kind: 'Status', status: 'Success' }, 'The API server answered success with a Status object'],
  ] as const) {
    it(label, async () => {
      server.onRequest = json(body);
      const error = await failure(fetchPod());
      expect(error.code).toBe('KUBE_API');
      expect(error.hint).toBe(
        `${what}: check that ${server.url} is the API server of the context (\`kubectl cluster-info\`).`,
      );
    });
  }
});

describe('through a proxy', () => {
  it('the connections are closed with the client', async () => {
    // A name only the proxy resolves, and a certificate for it (the proxy agent checks a name).
    await server.stop();
    server = await startRawServer({
      certificate: (ca) => ca.issue({ commonName: 'kubernetes', usage: 'server', dnsNames: ['kubernetes'] }),
    });
    proxy = await startConnectProxy({ kubernetes: '127.0.0.1' });
    server.onRequest = json(RAW_POD);
    const kubeconfig = `${server.kubeconfigPath}-proxy`;
    writeFileSync(
      kubeconfig,
      readFileSync(server.kubeconfigPath, 'utf8')
        .replace('https://127.0.0.1:', 'https://kubernetes:')
        .replace(/( +)server: .*/, `$&\n$1proxy-url: ${proxy.url}`),
    );
    const { env } = await fetchPod(kubeconfig);
    expect(env).toMatchObject({ A: '1' });
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`kubernetes:${new URL(server.url).port}`]));
    await until(() => server.sockets.size === 0, 'the proxied connection closed');
  });

  it('and without one, the connection stays for the next fetch', async () => {
    server.onRequest = json(RAW_POD);
    await fetchPod();
    await fetchPod();
    expect(server.handshakes).toHaveLength(1);
    expect(server.sockets.size).toBe(1);
  });
});
