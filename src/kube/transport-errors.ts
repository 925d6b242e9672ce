/**
 * How a request to the API server fails below kubenv's own errors: the error classes the
 * transport throws, and how an HTTP error answer or a socket error becomes one. The client maps
 * them to typed KubenvErrors (./operation-errors.ts), since only it knows the operation.
 */

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

/**
 * The error of a non-2xx answer. Only the Status's reason, code and the object's kind and name
 * are kept: its `message` can echo input (a name, a header, a value) and must not reach an
 * error's `cause`, where util.inspect would print it.
 */
export function statusError(status: number, body: Buffer, retryAfter: string | undefined): HttpStatusError {
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
    // Not JSON: no Status is kept.
  }
  // Number(undefined) is NaN: no header, no Retry-After.
  const seconds = Number(retryAfter);
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

/** A socket or TLS error as a NetworkError whose `problem` a user can act on. */
export function networkError(cause: unknown): NetworkError {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const message = (cause as Error).message ?? '';
  // Node's "socket hang up" carries ECONNRESET (nodejs/node lib/_http_client.js, connResetException): the
  // table names it.
  const problem = NETWORK_PROBLEMS[code] ?? `connection failed (${code || message})`;
  return new NetworkError(problem, { cause });
}
