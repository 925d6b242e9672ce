/**
 * A lean HTTPS transport to the API server: node:https with a keep-alive agent, JSON GETs with
 * bounded retries (429 and 5xx, honouring Retry-After), every call bound to an AbortSignal, and
 * the WebSocket upgrade used by exec. It replaces client-node's generated client on the hot path:
 * importing that costs ~370 ms, this costs the import of node:https.
 */

import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { ApiServerAgent } from './agent';
import type { Authenticator, RequestAuth } from './auth';
import { sharedAgent } from './connection-pool';
import type { KubeEndpoint } from './kubeconfig';
import { createProxyAgent } from './proxy';

/** A `Status` object as the API server sends it with an error. */
export interface KubeStatus {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: {
    readonly name?: string;
    readonly kind?: string;
    readonly causes?: ReadonlyArray<{ readonly reason?: string; readonly message?: string }>;
  };
}

/** An HTTP error answer; mapped to a typed KubenvError by the client, which knows the operation. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly body: KubeStatus | undefined,
    /** From a Retry-After header (seconds), for 429 and 503. */
    readonly retryAfterMs?: number | undefined,
  ) {
    // The server's message stays in `body`, out of any text a user sees: a body can echo input.
    super(`HTTP ${status}${body?.reason ? ` ${body.reason}` : ''}`);
  }
}

/**
 * An answer (or an exec's output) passed its size limit; the read was stopped there. Limits, so
 * that a wrong server, a proxy or an endless body cannot take the process's memory: a single
 * object is at most ~1.5 MiB in etcd (its default request limit, https://etcd.io/docs/v3.5/dev-guide/limit/),
 * and a LIST page holds at most 500 of them as kubenv asks (`limit=500`); typical pages are a
 * few MiB.
 */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the answer is larger than ${limitBytes} bytes`);
  }
}

/** The largest JSON answer kubenv reads. */
export const MAX_JSON_ANSWER_BYTES: number = 64 * 1024 * 1024;
/** The largest error answer kept (a Status is well under 1 KiB; only its reason and code are kept). */
const MAX_ERROR_ANSWER_BYTES = 64 * 1024;

/** A 2xx answer that is not a Kubernetes object (`null`, an array, a `Status`, a bare value). */
export class UnexpectedAnswerError extends Error {
  override name = 'UnexpectedAnswerError';
  constructor(readonly problem: string) {
    super(problem);
  }
}

/**
 * The kubeconfig's CA, client certificate or key cannot be loaded (not PEM, key and certificate
 * not matching). Found when the transport is built, before any request.
 */
export class TlsMaterialError extends Error {
  override name = 'TlsMaterialError';
  constructor(
    /** `certificate-authority` or `client-certificate`/`client-key`. */
    readonly which: 'certificate-authority' | 'client-certificate',
    options: { cause: unknown },
  ) {
    super(`the ${which} is not usable`, options);
  }
}

/** The connection failed below HTTP (refused, DNS, TLS, reset). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly problem: string,
    options: { cause: unknown },
  ) {
    super(problem, options);
  }
}

/** Retry policy: attempts in all, and the backoff. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Default retry policy: four attempts, 100 ms doubling, at most 2 s between tries (Retry-After may ask up to 10 s). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };
const MAX_RETRY_AFTER_MS = 10_000;
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);

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
    // Node only loads the PEM when a connection is made, and then fails with an untyped OpenSSL
    // error (`PEM routines::no start line`): load it now, once, to say which part is wrong.
    checkTlsMaterial(endpoint.tls);
  }

  /** GET a JSON document, retrying 429/5xx and resets with backoff. */
  async getJson<T>(path: string, query: Query | undefined, signal: AbortSignal): Promise<T> {
    return this.withRetries(signal, (auth) => this.getOnce<T>(path, query, auth, signal));
  }

  /**
   * Runs `once` with credentials, retrying with backoff; a 401 is retried once with fresh
   * credentials when they may differ (an exec plugin's expired token, a rotated token file).
   */
  private async withRetries<T>(signal: AbortSignal, once: (auth: RequestAuth) => Promise<T>): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const auth = await this.authenticator.authFor(signal);
      try {
        return await once(auth);
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 401 && !refreshed && !signal.aborted) {
          refreshed = true;
          if (this.authenticator.refresh(auth)) continue;
        }
        const delay = this.retryDelay(error, attempt);
        if (delay === undefined || signal.aborted) throw error;
        await sleep(delay, signal);
      }
    }
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
    return this.withRetries(signal, (auth) => this.upgradeOnce(path, query, headers, auth, signal));
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

  /** The TLS options towards the API server: the kubeconfig's, with a plugin's client certificate. */
  private tlsFor(auth: RequestAuth): https.AgentOptions {
    return {
      ca: this.endpoint.tls.ca,
      cert: auth.cert ?? this.endpoint.tls.cert,
      key: auth.cert ? auth.key : this.endpoint.tls.key,
      rejectUnauthorized: this.endpoint.tls.rejectUnauthorized,
      servername: this.endpoint.tls.servername,
    };
  }

  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (attempt >= this.retry.attempts) return undefined;
    const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    if (error instanceof HttpStatusError && RETRIED_STATUS.has(error.status)) {
      return error.retryAfterMs === undefined ? jittered : Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
    }
    // A reset on a read is safe to repeat.
    if (error instanceof NetworkError && error.problem.startsWith('connection reset')) return jittered;
    return undefined;
  }

  private async requestOptions(
    path: string,
    query: Query | undefined,
    auth: RequestAuth,
    signal: AbortSignal,
  ): Promise<https.RequestOptions> {
    const url = new URL(this.endpoint.server);
    const basePath = url.pathname.replace(/\/+$/, '');
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || 443,
      path: `${basePath}${path}${encodeQuery(query)}`,
      method: 'GET',
      agent: await this.agentFor(auth),
      // Also per request: a proxy agent takes the TLS options towards the server from the request.
      ...this.tlsFor(auth),
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

function checkTlsMaterial(material: KubeEndpoint['tls']): void {
  try {
    if (material.ca) tls.createSecureContext({ ca: material.ca });
  } catch (cause) {
    throw new TlsMaterialError('certificate-authority', { cause: openSslReason(cause) });
  }
  try {
    if (material.cert || material.key) tls.createSecureContext({ cert: material.cert, key: material.key });
  } catch (cause) {
    throw new TlsMaterialError('client-certificate', { cause: openSslReason(cause) });
  }
}

/** OpenSSL's reason without anything else of the error (its fields can hold the PEM's bytes). */
function openSslReason(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : 'unreadable';
  return new Error(reason);
}

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

/**
 * The error of a non-2xx answer. Only the Status's reason, code and the object's kind and name
 * are kept: its `message` can echo input (a name, a header, a value) and must not reach an
 * error's `cause`, where util.inspect would print it.
 */
function statusError(status: number, body: Buffer, retryAfter: string | undefined): HttpStatusError {
  let parsed: KubeStatus | undefined;
  try {
    const value = JSON.parse(body.toString('utf8')) as KubeStatus | null;
    if (value && typeof value === 'object') {
      const details = value.details && typeof value.details === 'object' ? value.details : undefined;
      parsed = {
        // A reason is a CamelCase word (`Forbidden`, `NotFound`); anything else is not kept.
        ...(typeof value.reason === 'string' && /^[A-Za-z]{1,64}$/.test(value.reason) ? { reason: value.reason } : {}),
        ...(typeof value.code === 'number' ? { code: value.code } : {}),
        ...(details
          ? {
              details: {
                ...(typeof details.name === 'string' ? { name: details.name } : {}),
                ...(typeof details.kind === 'string' ? { kind: details.kind } : {}),
              },
            }
          : {}),
      };
    }
  } catch {
    parsed = undefined;
  }
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  return new HttpStatusError(status, parsed, Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined);
}

const NETWORK_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection reset by the server',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'host not found (DNS, temporary)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: the server certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the server certificate is not trusted by the kubeconfig CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: the server certificate is not trusted by the kubeconfig CA',
  CERT_HAS_EXPIRED: 'TLS: the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the server certificate does not name this host',
};

function networkError(cause: unknown): NetworkError {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const message = (cause as Error).message ?? '';
  // Node's "socket hang up" carries ECONNRESET (nodejs/node lib/_http_client.js, connResetException): the
  // table names it.
  const problem = NETWORK_PROBLEMS[code] ?? `connection failed (${code || message})`;
  return new NetworkError(problem, { cause });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
