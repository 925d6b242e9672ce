/**
 * A lean HTTPS transport to the API server: JSON GETs and the WebSocket upgrade used by exec,
 * every call bound to an AbortSignal and retried by ./retry.ts. It replaces client-node's
 * generated client on the hot path (importing that costs ~370 ms). Direct connections speak
 * HTTP/1.1 on TLS connections of kubenv's own (./http1.ts, ./server-connections.ts), without
 * node:https, whose client costs a cold process about 7 ms; through a proxy, requests go through
 * node:https and the proxy agents. How a request fails is in ./transport-errors.ts, the TLS
 * options in ./tls.ts.
 */

import type { IncomingMessage } from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Authenticator, RequestAuth } from './auth';
import { type ConnectionIdentity, sharedConnections } from './connection-pool';
import { type Answer, BodyTooLarge, MalformedAnswer, readAnswer, requestBytes, type Switched } from './http1';
import type { KubeEndpoint } from './kubeconfig';
import { createProxyAgent, proxiedServerIdentity } from './proxy';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry';
import { ServerConnections } from './server-connections';
import { secureContextFor, tlsOptions } from './tls';
import {
  AnswerTooLargeError,
  NetworkError,
  networkError,
  statusError,
  UnexpectedAnswerError,
} from './transport-errors';

// Moved to their own modules; still importable from here.
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export {
  AnswerTooLargeError,
  HttpStatusError,
  type KubeStatus,
  NetworkError,
  TlsMaterialError,
  UnexpectedAnswerError,
} from './transport-errors';

/** The largest JSON answer kubenv reads. */
export const MAX_JSON_ANSWER_BYTES: number = 64 * 1024 * 1024;
/** The largest error answer kept (a Status is well under 1 KiB; only its reason and code are kept). */
const MAX_ERROR_ANSWER_BYTES = 64 * 1024;

/** Query parameters; arrays repeat the key (`command=cat&command=/proc/1/environ`). */
export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** An upgraded exec connection: the socket, the 101's headers (lower-cased names), and the bytes read after them. */
export interface Upgraded {
  readonly socket: Duplex;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly head: Buffer;
}

/** An answer read whole, however it came. */
type ReadAnswer = Pick<Answer, 'status' | 'headers' | 'body'>;

/** HTTPS access to one API server. */
export class Transport {
  readonly endpoint: KubeEndpoint;
  private readonly authenticator: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly url: URL;
  /**
   * Per client certificate (a plugin may hand out its own; key '' is the kubeconfig's): the direct
   * connections, shared with the process's other clients of this server, and the keep-alive agent
   * through a proxy.
   */
  private readonly connections = new Map<Buffer | string, ServerConnections>();
  private readonly proxyAgents = new Map<Buffer | string, Promise<https.Agent>>();

  constructor(endpoint: KubeEndpoint, authenticator: Authenticator, retry: RetryPolicy = DEFAULT_RETRY) {
    this.endpoint = endpoint;
    this.authenticator = authenticator;
    this.retry = retry;
    this.url = new URL(endpoint.server);
    if (this.url.protocol !== 'https:') {
      // kubectl sends no credentials over plain http; neither do we.
      throw new NetworkError(`only https:// API servers are supported, got ${this.url.protocol}//`, {
        cause: undefined,
      });
    }
    // A bad PEM is reported now, before any request (./tls.ts).
    secureContextFor(endpoint.tls);
  }

  /** GET a JSON document, retrying 429/5xx and resets with backoff. */
  async getJson<T>(path: string, query: Query | undefined, signal: AbortSignal): Promise<T> {
    return withRetry(this.authenticator, this.retry, signal, (auth) => this.getOnce<T>(path, query, auth, signal));
  }

  /**
   * Opens a WebSocket upgrade (exec). Errors before the upgrade (401/403/404/400 with a Status)
   * come back as HttpStatusError; 429/5xx before the upgrade are retried like GETs.
   */
  async upgrade(
    path: string,
    query: Query,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<Upgraded> {
    return withRetry(this.authenticator, this.retry, signal, (auth) =>
      this.upgradeOnce(path, query, headers, auth, signal),
    );
  }

  /**
   * Opens connections now until `connections` are open, when that many requests will soon go
   * out at once (./server-connections.ts). Not through a proxy: the proxy agents connect their
   * own way.
   */
  async preconnect(connections: number, signal: AbortSignal): Promise<void> {
    if (this.endpoint.proxy) return;
    const auth = await this.authenticator.authFor(signal);
    if (signal.aborted) return;
    this.connectionsFor(auth).preconnect(connections);
  }

  /**
   * Closes this client's proxy connections. Direct connections are shared by the clients of the
   * process and stay open for the next one (./connection-pool.ts); idle, they never hold the
   * process.
   */
  close(): void {
    for (const agent of this.proxyAgents.values())
      void agent.then(
        (a) => a.destroy(),
        () => undefined,
      );
    this.proxyAgents.clear();
  }

  /** The direct connections for these credentials, shared within the process. */
  private connectionsFor(auth: RequestAuth): ServerConnections {
    const key = auth.cert ?? '';
    let connections = this.connections.get(key);
    if (!connections) {
      const tls = this.tlsFor(auth);
      connections = sharedConnections(
        this.endpoint.server,
        tls as ConnectionIdentity,
        () =>
          new ServerConnections({
            host: this.host(),
            port: Number(this.url.port || 443),
            servername: tls.servername,
            secureContext: tls.secureContext as NonNullable<https.AgentOptions['secureContext']>,
            rejectUnauthorized: tls.rejectUnauthorized,
          }),
      );
      this.connections.set(key, connections);
    }
    return connections;
  }

  /** The agent through the proxy, keep-alive. */
  private proxyAgentFor(proxy: URL, auth: RequestAuth): Promise<https.Agent> {
    const key = auth.cert ?? '';
    let agent = this.proxyAgents.get(key);
    if (!agent) {
      agent = createProxyAgent(proxy, this.tlsFor(auth));
      this.proxyAgents.set(key, agent);
    }
    return agent;
  }

  private tlsFor(auth: RequestAuth): https.AgentOptions {
    return tlsOptions(this.endpoint.tls, auth);
  }

  /** The server's host name or IP address, without an IPv6 address's brackets. */
  private host(): string {
    return this.url.hostname.replace(/^\[|\]$/g, '');
  }

  /** The request target: the server URL's path prefix (without trailing slashes), the path, the query. */
  private target(path: string, query: Query | undefined): string {
    return `${this.url.pathname.replace(/\/+$/, '')}${path}${encodeQuery(query)}`;
  }

  private headers(auth: RequestAuth, extra: Readonly<Record<string, string>> = {}) {
    return {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...(auth.headers as Record<string, string | readonly string[]>),
      ...extra,
    };
  }

  private async getOnce<T>(path: string, query: Query | undefined, auth: RequestAuth, signal: AbortSignal): Promise<T> {
    const { proxy } = this.endpoint;
    const answer = proxy
      ? await this.proxiedGet(proxy, path, query, auth, signal)
      : ((await this.exchange(path, query, auth, {}, signal, false)).answer as Answer);
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok) throw statusError(answer.status, answer.body, answer.headers['retry-after'] as string | undefined);
    let value: unknown;
    try {
      value = JSON.parse(answer.body.toString('utf8'));
    } catch {
      // No cause: the parser's message quotes the body, which may hold secrets.
      throw new NetworkError('the API server sent a body that is not JSON', { cause: undefined });
    }
    const problem = objectProblem(value);
    if (problem) throw new UnexpectedAnswerError(problem);
    return value as T;
  }

  private async upgradeOnce(
    path: string,
    query: Query,
    headers: Readonly<Record<string, string>>,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<Upgraded> {
    const { proxy } = this.endpoint;
    if (proxy) return this.proxiedUpgrade(proxy, path, query, headers, auth, signal);
    const { answer, socket } = await this.exchange(path, query, auth, headers, signal, true);
    if (answer.status === 101 && 'head' in answer) return { socket, headers: answer.headers, head: answer.head };
    throw statusError(answer.status, (answer as Answer).body, answer.headers['retry-after']);
  }

  /**
   * One request on a direct connection (./http1.ts): taken from the pool, given back when the
   * answer was read whole, kept by the caller when it switched protocols (exec).
   */
  private async exchange(
    path: string,
    query: Query | undefined,
    auth: RequestAuth,
    extraHeaders: Readonly<Record<string, string>>,
    signal: AbortSignal,
    upgrade: boolean,
  ): Promise<{ answer: Answer | Switched; socket: Duplex }> {
    // Refused before a connection is taken: a header that would break the request's framing.
    const request = requestBytes(this.target(path, query), this.url.host, this.headers(auth, extraHeaders));
    if (signal.aborted) throw signal.reason;
    const connections = this.connectionsFor(auth);
    const socket = connections.take();
    const onAbort = () => socket.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      socket.write(request);
      const answer = await readAnswer(socket, { limitFor: answerLimit, upgrade });
      if ('head' in answer) {
        // The exec took that connection for good: in a process that execs again, have another
        // one ready for the next fetch (./server-connections.ts).
        connections.forget();
        connections.replaceUpgraded();
      } else connections.release(socket, answer.reusable);
      return { answer, socket };
    } catch (error) {
      connections.forget();
      socket.destroy();
      if (signal.aborted) throw signal.reason;
      if (error instanceof BodyTooLarge) throw new AnswerTooLargeError(error.limit);
      if (error instanceof MalformedAnswer) {
        throw new NetworkError(`the API server's answer is not valid HTTP/1.1 (${error.message})`, {
          cause: undefined,
        });
      }
      throw networkError(error);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The options of a request through the proxy (node:https with the proxy agent). */
  private async proxiedOptions(
    proxy: URL,
    path: string,
    query: Query | undefined,
    auth: RequestAuth,
    extraHeaders: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<https.RequestOptions> {
    const host = this.host();
    const tls = this.tlsFor(auth);
    return {
      host,
      port: this.url.port || 443,
      path: this.target(path, query),
      method: 'GET',
      agent: await this.proxyAgentFor(proxy, auth),
      // Also per request: a proxy agent takes the TLS options towards the server from the request.
      ...tls,
      ...proxiedServerIdentity(host, tls),
      headers: this.headers(auth, extraHeaders) as Record<string, string | string[]>,
      signal,
    };
  }

  private async proxiedGet(
    proxy: URL,
    path: string,
    query: Query | undefined,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<ReadAnswer> {
    const options = await this.proxiedOptions(proxy, path, query, auth, {}, signal);
    const https = await import('node:https');
    return new Promise<ReadAnswer>((resolve, reject) => {
      const request = https.request(options, (response) => {
        const status = response.statusCode ?? 0;
        readBody(response, answerLimit(status), reject, (body) =>
          resolve({ status, headers: headersOf(response), body }),
        );
      });
      request.on('error', (cause) => reject(signal.aborted ? signal.reason : networkError(cause)));
      request.end();
    });
  }

  private async proxiedUpgrade(
    proxy: URL,
    path: string,
    query: Query,
    headers: Readonly<Record<string, string>>,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<Upgraded> {
    const options = await this.proxiedOptions(proxy, path, query, auth, headers, signal);
    const https = await import('node:https');
    return new Promise<Upgraded>((resolve, reject) => {
      const request = https.request(options);
      // The request's abort listener must not outlive the upgrade: the exec code owns the socket now.
      request.on('upgrade', (response, socket, head) => resolve({ socket, headers: response.headers, head }));
      request.on('response', (response) => {
        readBody(response, MAX_ERROR_ANSWER_BYTES, reject, (body) =>
          reject(statusError(response.statusCode ?? 0, body, headersOf(response)['retry-after'])),
        );
      });
      request.on('error', (cause) => reject(signal.aborted ? signal.reason : networkError(cause)));
      request.end();
    });
  }
}

/** The most of an answer read: a whole JSON document for a 2xx, a Status's worth for an error. */
function answerLimit(status: number): number {
  return status >= 200 && status < 300 ? MAX_JSON_ANSWER_BYTES : MAX_ERROR_ANSWER_BYTES;
}

/** A node:http response's headers as ./http1.ts gives them: one string per name. */
function headersOf(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const USER_AGENT = 'kubenv';

function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(item)}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * Reads a body up to `limit` bytes; past it, stops reading (the socket is destroyed) and rejects
 * with AnswerTooLargeError, whatever the Content-Length said.
 */
function readBody(
  response: IncomingMessage,
  limit: number,
  reject: (error: unknown) => void,
  done: (body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let stopped = false;
  response.on('data', (chunk: Buffer) => {
    if (stopped) return;
    size += chunk.length;
    if (size > limit) {
      stopped = true;
      response.destroy();
      reject(new AnswerTooLargeError(limit));
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', (cause) => {
    if (!stopped) reject(networkError(cause));
  });
  response.on('end', () => {
    if (!stopped) done(Buffer.concat(chunks, size));
  });
}

/** Why a 2xx JSON value is not a Kubernetes object or list; undefined when it is one. */
function objectProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `the API server answered with ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a Kubernetes object`;
  }
  if ((value as { kind?: unknown }).kind === 'Status') return 'the API server answered success with a Status object';
  return undefined;
}
