/**
 * The transport's answers to what the simulated cluster never does: a plain-HTTP server URL, a
 * body that is not JSON, a server that closes every connection, and an abort while kubenv waits
 * out a Retry-After. Each is a KubenvError that says what happened.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/index';
import { fetchRawPod, type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-transport-'));
beforeAll(async () => {
  server = await startRawServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
});

const fetchPod = (kubeconfig = server.kubeconfigPath, signal?: AbortSignal) => fetchRawPod(kubeconfig, signal);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error), inspect(error)).toBe(true);
  return error as Error;
}

/** The raw server's kubeconfig with `replace` applied to its text. */
function variant(name: string, replace: (text: string) => string): string {
  const file = path.join(dir, name);
  writeFileSync(file, replace(readFileSync(server.kubeconfigPath, 'utf8')));
  return file;
}

describe('what the transport refuses or reports', () => {
  it('an http:// server URL is refused before any request', async () => {
    const error = await failure(fetchPod(variant('http', (text) => text.replace('https://', 'http://'))));
    expect(`${error.message} ${inspect(error)}`).toContain('only https:// API servers are supported, got http://');
    expect(server.requests).toEqual([]);
  });

  it('a 200 whose body is not JSON', async () => {
    server.onRequest = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
    };
    const error = await failure(fetchPod());
    expect(`${error.message} ${inspect(error)}`).toContain('the API server sent a body that is not JSON');
  });

  it('a server that closes every connection: retried, then "connection reset by the server"', async () => {
    server.onRequest = (request) => {
      request.socket.destroy();
    };
    const error = await failure(fetchPod());
    expect(error.message).toContain('connection reset by the server');
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('an abort while waiting out a Retry-After rejects at once with the reason', async () => {
    server.onRequest = (_request, response) => {
      response
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '8' })
        .end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'TooManyRequests', code: 429 }));
    };
    const controller = new AbortController();
    const reason = new Error('the user gave up');
    const started = Date.now();
    const fetching = fetchPod(server.kubeconfigPath, controller.signal).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(reason);
    expect(await fetching).toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });
});
