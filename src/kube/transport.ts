/**
 * A lean HTTPS transport to the API server: node:https with a keep-alive agent, JSON GETs and
 * the WebSocket upgrade used by exec, every call bound to an AbortSignal and retried by
 * ./retry.ts. It replaces client-node's generated client on the hot path: importing that costs
 * ~370 ms, this costs the import of node:https. How a request fails is in ./transport-errors.ts,
 * the TLS options in ./tls.ts.
 */

import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { ApiServerAgent } from './agent';
import type { Authenticator, RequestAuth } from './auth';
import { sharedAgent } from './connection-pool';
import type { KubeEndpoint } from './kubeconfig';
import { createProxyAgent, proxiedServerIdentity } from './proxy';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry';
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

/** An upgraded exec connection. */
export interface Upgraded {
  readonly socket: Socket;
  readonly response: IncomingMessage;
  readonly head: Buffer;
}

/** HTTPS access to one API server. */
export class Transport {
  readonly endpoint: KubeEndpoint;
  private readonly authenticator: Authenticator;
  private readonly retry: RetryPolicy;
  /** One keep-alive agent per client certificate (a plugin may hand out its own); key '' is the kubeconfig's. */
  private readonly agents = new Map<Buffer | string, Promise<https.Agent>>();

  constructor(endpoint: KubeEndpoint, authenticator: Authenticator, retry: RetryPolicy = DEFAULT_RETRY) {
    this.endpoint = endpoint;
    this.authenticator = authenticator;
    this.retry = retry;
    const url = new URL(endpoint.server);
    if (url.protocol !== 'https:') {
      // kubectl sends no credentials over plain http; neither do we.
      throw new NetworkError(`only https:// API servers are supported, got ${url.protocol}//`, { cause: undefined });
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
   * out at once (./agent.ts). Not through a proxy: the proxy agents connect their own way.
   */
  async preconnect(connections: number, signal: AbortSignal): Promise<void> {
    if (this.endpoint.proxy) return;
    const auth = await this.authenticator.authFor(signal);
    const agent = await this.agentFor(auth);
    if (!(agent instanceof ApiServerAgent) || signal.aborted) return;
    const url = new URL(this.endpoint.server);
    agent.preconnect(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port || 443),
        ...this.tlsFor(auth),
      },
      connections,
    );
  }

  /**
   * Closes this client's proxy connections. Direct connections are shared by the clients of the
   * process and stay open for the next one (./connection-pool.ts); idle, they never hold the
   * process.
   */
  close(): void {
    for (const agent of this.agents.values())
      void agent.then(
        (a) => {
          if (!(a instanceof ApiServerAgent)) a.destroy();
        },
        () => undefined,
      );
    this.agents.clear();
  }

  /** The agent for a request: keep-alive, through the proxy when there is one. */
  private agentFor(auth: RequestAuth): Promise<https.Agent> {
    const key = auth.cert ?? '';
    let agent = this.agents.get(key);
    if (!agent) {
      const tls = this.tlsFor(auth);
      agent = this.endpoint.proxy
        ? createProxyAgent(this.endpoint.proxy, tls)
        : Promise.resolve(sharedAgent(this.endpoint.server, tls, () => new ApiServerAgent(tls)));
      this.agents.set(key, agent);
    }
    return agent;
  }

  private tlsFor(auth: RequestAuth): https.AgentOptions {
    return tlsOptions(this.endpoint.tls, auth);
  }

  private async requestOptions(
    path: string,
    query: Query | undefined,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<https.RequestOptions> {
    const url = new URL(this.endpoint.server);
    const basePath = url.pathname.replace(/\/+$/, '');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const tls = this.tlsFor(auth);
    return {
      host,
      port: url.port || 443,
      path: `${basePath}${path}${encodeQuery(query)}`,
      method: 'GET',
      agent: await this.agentFor(auth),
      // Also per request: a proxy agent takes the TLS options towards the server from the request.
      ...tls,
      ...(this.endpoint.proxy ? proxiedServerIdentity(host, tls) : {}),
      headers: {
        accept: 'application/json',
        'user-agent': USER_AGENT,
        ...(auth.headers as Record<string, string | string[]>),
      },
      signal,
    };
  }

  private async getOnce<T>(path: string, query: Query | undefined, auth: RequestAuth, signal: AbortSignal): Promise<T> {
    const options = await this.requestOptions(path, query, auth, signal);
    return new Promise<T>((resolve, reject) => {
      const request = https.request(options, (response) => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        readBody(response, ok ? MAX_JSON_ANSWER_BYTES : MAX_ERROR_ANSWER_BYTES, reject, (body) => {
          if (!ok) return reject(statusError(status, body, response.headers['retry-after']));
          let value: unknown;
          try {
            value = JSON.parse(body.toString('utf8'));
          } catch {
            // No cause: the parser's message quotes the body, which may hold secrets.
            return reject(new NetworkError('the API server sent a body that is not JSON', { cause: undefined }));
          }
          const problem = objectProblem(value);
          if (problem) return reject(new UnexpectedAnswerError(problem));
          resolve(value as T);
        });
      });
      request.on('error', (cause) => reject(signal.aborted ? signal.reason : networkError(cause)));
      request.end();
    });
  }

  private async upgradeOnce(
    path: string,
    query: Query,
    headers: Readonly<Record<string, string>>,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<Upgraded> {
    const options = await this.requestOptions(path, query, auth, signal);
    options.headers = { ...(options.headers as Record<string, string | string[]>), ...headers };
    return new Promise<Upgraded>((resolve, reject) => {
      const request = https.request(options);
      request.on('upgrade', (response, socket, head) => {
        // The exec took that connection for good: in a process that execs again, have another
        // one ready for the next fetch (./agent.ts).
        if (options.agent instanceof ApiServerAgent) {
          options.agent.replaceUpgraded({
            host: options.host as string,
            port: Number(options.port),
            ...this.tlsFor(auth),
          });
        }
        // The request's abort listener must not outlive the upgrade: the exec code owns the socket now.
        resolve({ socket: socket as Socket, response, head });
      });
      request.on('response', (response) => {
        readBody(response, MAX_ERROR_ANSWER_BYTES, reject, (body) =>
          reject(statusError(response.statusCode ?? 0, body, response.headers['retry-after'])),
        );
      });
      request.on('error', (cause) => reject(signal.aborted ? signal.reason : networkError(cause)));
      request.end();
    });
  }
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
