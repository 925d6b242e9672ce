/**
 * Errors about the cluster: objects that are missing, access that is refused, pods and
 * containers that cannot be read, a server that cannot be reached or is too slow.
 */
import { KubenvError, type KubenvErrorOptions } from './kubenv-error';

/**
 * The kind, name and namespace of a Kubernetes object an error is about.
 * @public
 */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/**
 * A named object does not exist, or (with `key`) the object exists and lacks the key a reference
 * asks for. `suggestions` holds similar names in the namespace when listing them was allowed.
 * @public
 */
export class NotFoundError extends KubenvError {
  override name = 'NotFoundError';
  readonly object: ObjectRef;
  /** The missing key of a ConfigMap or Secret that exists; undefined when the object is missing. */
  readonly key: string | undefined;
  readonly suggestions: readonly string[];

  constructor(
    object: ObjectRef,
    options: { suggestions?: readonly string[]; key?: string | undefined; hint?: string; cause?: unknown } = {},
  ) {
    const suggestions = options.suggestions ?? [];
    const hint =
      options.hint ??
      (suggestions.length > 0
        ? `Did you mean ${suggestions.map((s) => `\`${object.kind}/${s}\``).join(' or ')}?`
        : `List what exists with \`kubectl get ${object.kind} -n ${object.namespace}\`, or check the namespace and context.`);
    const what = `${object.kind} "${object.name}"`;
    super(
      'NOT_FOUND',
      options.key === undefined
        ? `${what} not found in namespace "${object.namespace}".`
        : `Key "${options.key}" not found in ${what} in namespace "${object.namespace}" (the ${object.kind} exists).`,
      { hint, cause: options.cause },
    );
    this.object = object;
    this.key = options.key;
    this.suggestions = suggestions;
  }
}

/**
 * The API server refused an operation (HTTP 403, RBAC).
 * @public
 */
export class ForbiddenError extends KubenvError {
  override name = 'ForbiddenError';
  readonly verb: string;
  /** Resource with subresource, e.g. `pods/exec`. */
  readonly resource: string;
  readonly namespace: string;

  constructor(
    access: { verb: string; resource: string; namespace: string; what?: string },
    options: KubenvErrorOptions = {},
  ) {
    const what = access.what ? ` (${access.what})` : '';
    super(
      'FORBIDDEN',
      `Forbidden: cannot ${access.verb} ${access.resource} in namespace "${access.namespace}"${what}.`,
      {
        hint:
          options.hint ??
          `Check with \`kubectl auth can-i ${access.verb} ${access.resource} -n ${access.namespace}\` and ask for that permission.`,
        cause: options.cause,
      },
    );
    this.verb = access.verb;
    this.resource = access.resource;
    this.namespace = access.namespace;
  }
}

/**
 * The API server did not accept the credentials (HTTP 401).
 * @public
 */
export class UnauthorizedError extends KubenvError {
  override name = 'UnauthorizedError';
  readonly context: string | undefined;
  readonly user: string | undefined;
  readonly server: string;

  constructor(
    where: { server: string; context?: string | undefined; user?: string | undefined },
    options: KubenvErrorOptions = {},
  ) {
    super(
      'UNAUTHORIZED',
      `Unauthorized: ${where.server} rejected the credentials${where.user ? ` of user "${where.user}"` : ''}${where.context ? ` (context "${where.context}")` : ''}.`,
      {
        hint:
          options.hint ??
          `Refresh the credentials of ${where.context ? `context "${where.context}"` : 'the current context'} (e.g. log in again), then check with \`kubectl${where.context ? ` --context ${where.context}` : ''} auth whoami\`.`,
        cause: options.cause,
      },
    );
    this.context = where.context;
    this.user = where.user;
    this.server = where.server;
  }
}

/**
 * A workload target has no pod to read (none of the current revision, or none running when the
 * exec source was asked for).
 * @public
 */
export class NoPodError extends KubenvError {
  override name = 'NoPodError';
  readonly target: string;
  readonly namespace: string;

  constructor(target: string, namespace: string, problem: string, options: KubenvErrorOptions = {}) {
    super('NO_POD', `No pod for ${target} in namespace "${namespace}": ${problem}.`, {
      hint:
        options.hint ??
        `Check the workload with \`kubectl get ${target} -n ${namespace}\`, or use \`source: 'spec'\` to read its pod template.`,
      cause: options.cause,
    });
    this.target = target;
    this.namespace = namespace;
  }
}

/**
 * The named container is not in the pod. `available` lists the pod's containers.
 * @public
 */
export class ContainerNotFoundError extends KubenvError {
  override name = 'ContainerNotFoundError';
  readonly pod: string;
  readonly container: string;
  readonly available: readonly string[];

  constructor(pod: string, container: string, available: readonly string[], options: KubenvErrorOptions = {}) {
    super('CONTAINER_NOT_FOUND', `Container "${container}" not found in pod "${pod}".`, {
      hint:
        options.hint ??
        (available.length > 0
          ? `The pod has: ${available.join(', ')}. Use \`.../container/<name>\` with one of them.`
          : 'The pod has no containers.'),
      cause: options.cause,
    });
    this.pod = pod;
    this.container = container;
    this.available = available;
  }
}

/**
 * Why the exec source could not read a container's environment.
 * @public
 */
export type ExecUnavailableReason = 'no-reader' | 'not-running' | 'exec-failed' | 'stream-cut';

/**
 * The exec source cannot read the container's environment (no reader binary in a distroless
 * image, container not running, the stream was cut). `auto` falls back to `spec` on it.
 * @public
 */
export class ExecUnavailableError extends KubenvError {
  override name = 'ExecUnavailableError';
  readonly pod: string;
  readonly container: string;
  readonly reason: ExecUnavailableReason;

  constructor(
    pod: string,
    container: string,
    reason: ExecUnavailableReason,
    problem: string,
    options: KubenvErrorOptions = {},
  ) {
    super(
      'EXEC_UNAVAILABLE',
      `Cannot read the environment of container "${container}" in pod "${pod}" by exec: ${problem}.`,
      {
        hint: options.hint ?? "Use `source: 'spec'` (or `--source spec`) to compute it from the pod spec instead.",
        cause: options.cause,
      },
    );
    this.pod = pod;
    this.container = container;
    this.reason = reason;
  }
}

/**
 * The API server could not be reached (DNS, refused, TLS, reset).
 * @public
 */
export class ClusterUnreachableError extends KubenvError {
  override name = 'ClusterUnreachableError';
  readonly server: string;
  readonly context: string | undefined;

  constructor(
    where: { server: string; context?: string | undefined },
    problem: string,
    options: KubenvErrorOptions = {},
  ) {
    super(
      'CLUSTER_UNREACHABLE',
      `Cannot reach the Kubernetes API at ${where.server}${where.context ? ` (context "${where.context}")` : ''}: ${problem}.`,
      {
        hint: options.hint ?? 'Check the network/VPN and the kubeconfig context, e.g. `kubectl cluster-info`.',
        cause: options.cause,
      },
    );
    this.server = where.server;
    this.context = where.context;
  }
}

/**
 * An operation did not finish in time (the `timeout` option) or was aborted.
 * @public
 */
export class TimeoutError extends KubenvError {
  override name = 'TimeoutError';
  readonly operation: string;
  readonly timeoutMs: number | undefined;

  constructor(operation: string, timeoutMs: number | undefined, options: KubenvErrorOptions = {}) {
    super(
      'TIMEOUT',
      timeoutMs === undefined ? `${operation} was aborted.` : `${operation} timed out after ${timeoutMs} ms.`,
      {
        hint:
          options.hint ??
          (timeoutMs === undefined
            ? undefined
            : 'Raise `timeout` (or `--timeout`) if the cluster is slow, or check that it is reachable.'),
        cause: options.cause,
      },
    );
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An answer of the API server (or an exec's output) is larger than kubenv reads: reading stopped
 * at `limitBytes`, so a wrong server, a proxy or an endless body cannot exhaust memory.
 * @public
 */
export class ResponseTooLargeError extends KubenvError {
  override name = 'ResponseTooLargeError';
  readonly operation: string;
  /** The limit that was passed, in bytes. */
  readonly limitBytes: number;

  constructor(operation: string, limitBytes: number, options: KubenvErrorOptions = {}) {
    super(
      'RESPONSE_TOO_LARGE',
      `${operation}: the answer is larger than ${describeBytes(limitBytes)}, the limit kubenv reads.`,
      {
        hint:
          options.hint ??
          'Check the server URL of the context (`kubectl cluster-info`): a Kubernetes object is at most ~1.5 MiB, so a proxy or a server that is not the API server is the likely sender.',
        cause: options.cause,
      },
    );
    this.operation = operation;
    this.limitBytes = limitBytes;
  }
}

function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/**
 * Any other API failure (5xx after retries, 429 after retries, an unexpected status).
 * @public
 */
export class KubeApiError extends KubenvError {
  override name = 'KubeApiError';
  readonly status: number;
  /** The `reason` of the server's `Status`, e.g. `InternalError`. */
  readonly reason: string | undefined;

  constructor(operation: string, status: number, reason: string | undefined, options: KubenvErrorOptions = {}) {
    super('KUBE_API', `${operation} failed: the API server answered ${status}${reason ? ` ${reason}` : ''}.`, {
      hint: options.hint ?? 'Try again; if it persists, check the API server health with `kubectl get --raw /readyz`.',
      cause: options.cause,
    });
    this.status = status;
    this.reason = reason;
  }
}
