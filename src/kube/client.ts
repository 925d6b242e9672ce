/**
 * The kube-access module: the one place that talks to the API server. Reads (GET, paginated
 * LIST with server-side selectors) and exec, each failure mapped to a typed KubenvError that names
 * the operation, the object and the next step (./operation-errors.ts).
 */
import { ClusterUnreachableError, ConfigError } from '../errors';
import { createAuthenticator } from './auth';
import { endpointFromKubeConfig } from './client-node';
import { type ExecRequest, type ExecResult, execInContainer } from './exec';
import { type KubeconfigLocation, type KubeEndpoint, loadKubeEndpoint } from './kubeconfig';
import type { KubeConfigLike } from './kubeconfig-user';
import type { Node } from './objects';
import { type Operation, operationError } from './operation-errors';
import { type ResourceName, resourcePath } from './resources';
import { listShapeProblem, objectShapeProblem } from './shapes';
import { Transport } from './transport';
import { HttpStatusError, NetworkError, TlsMaterialError, UnexpectedAnswerError } from './transport-errors';

/** How to connect. */
export interface ConnectOptions extends KubeconfigLocation {
  /** A client-node KubeConfig to use instead of reading kubeconfig files. */
  readonly kubeConfig?: KubeConfigLike | undefined;
  /** The deadline of the whole operation, for error messages. */
  readonly timeoutMs: number;
}

/** Selectors and page size of a LIST. */
export interface ListOptions {
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** Page size; the server hands out a continue token per page. @default 500 (as kubectl) */
  readonly limit?: number | undefined;
  /** Stop after the first page (for suggestions on an error path). @default false */
  readonly firstPageOnly?: boolean | undefined;
}

interface ListResponse<T> {
  readonly items?: T[];
  readonly metadata?: { readonly continue?: string };
}

/** Major and minor of a Kubernetes API server. */
export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
}

/** Reads `/version`'s major and minor; providers append to the minor (GKE's "34+"). */
function parseServerVersion(answer: { major?: string; minor?: string }): ServerVersion | undefined {
  const major = Number.parseInt(answer.major ?? '', 10);
  const minor = Number.parseInt(answer.minor ?? '', 10);
  return Number.isInteger(major) && Number.isInteger(minor) ? { major, minor } : undefined;
}

/**
 * The reads target resolution needs: a KubeClient, or a snapshot of lists already fetched
 * (src/listing/snapshot.ts), so listing targets resolves each one exactly as resolveTarget does.
 */
export type ObjectReader = Pick<KubeClient, 'get' | 'getIfExists' | 'list'> & Partial<Pick<KubeClient, 'preconnect'>>;

/** A connection to one cluster as one user. */
export class KubeClient {
  readonly endpoint: KubeEndpoint;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private version: Promise<ServerVersion | undefined> | undefined;

  private constructor(endpoint: KubeEndpoint, transport: Transport, timeoutMs: number) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.timeoutMs = timeoutMs;
  }

  /** Reads the kubeconfig and prepares the connection (no request is sent yet). */
  static async connect(options: ConnectOptions): Promise<KubeClient> {
    if (options.kubeConfig && options.context && options.context !== options.kubeConfig.getCurrentContext()) {
      // Switching it would change the caller's object; asking is clearer than ignoring the context.
      throw new ConfigError(
        `context "${options.context}" was asked for, and the given KubeConfig is on "${options.kubeConfig.getCurrentContext()}"`,
        {
          keyPath: 'context',
          hint: 'Call kc.setCurrentContext() before passing `kubeConfig`, or drop the context option.',
        },
      );
    }
    const endpoint = options.kubeConfig
      ? await endpointFromKubeConfig(options.kubeConfig, options.env)
      : await loadKubeEndpoint(options);
    let transport: Transport;
    try {
      const authenticator = createAuthenticator(endpoint, { env: options.env, timeoutMs: options.timeoutMs });
      transport = new Transport(endpoint, authenticator);
    } catch (cause) {
      if (cause instanceof TlsMaterialError) {
        const where =
          cause.which === 'certificate-authority'
            ? `the certificate-authority of the cluster of context "${endpoint.contextName ?? '(in-cluster)'}"`
            : `the client-certificate or client-key of user "${endpoint.userName ?? '(none)'}"`;
        throw new ConfigError(`${where} cannot be loaded (${(cause.cause as Error).message})`, {
          file: endpoint.origin.join(', '),
          expected: 'PEM data (`-----BEGIN ...`), base64-encoded in `*-data` fields',
          hint: 'Check it with `kubectl config view --raw`; a certificate and its key must belong together.',
          cause,
        });
      }
      throw new ClusterUnreachableError(
        { server: endpoint.server, context: endpoint.contextName },
        cause instanceof NetworkError ? cause.problem : 'invalid server URL',
        { cause },
      );
    }
    return new KubeClient(endpoint, transport, options.timeoutMs);
  }

  /** GET one object. */
  async get<T>(resource: ResourceName, namespace: string, name: string, signal: AbortSignal): Promise<T> {
    try {
      return checked(
        resource,
        await this.transport.getJson<T>(resourcePath(resource, namespace, name), undefined, signal),
      );
    } catch (error) {
      throw this.toKubenvError(error, { verb: 'get', resource, namespace, name }, signal);
    }
  }

  /** GET one object; `undefined` when it does not exist (for `optional` references). */
  async getIfExists<T>(
    resource: ResourceName,
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<T | undefined> {
    try {
      return checked(
        resource,
        await this.transport.getJson<T>(resourcePath(resource, namespace, name), undefined, signal),
      );
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return undefined;
      throw this.toKubenvError(error, { verb: 'get', resource, namespace, name }, signal);
    }
  }

  /** LIST every page of a namespaced collection, filtered on the server. */
  async list<T>(resource: ResourceName, namespace: string, options: ListOptions, signal: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let continueToken: string | undefined;
    try {
      do {
        const page: ListResponse<T> = await this.transport.getJson<ListResponse<T>>(
          resourcePath(resource, namespace),
          {
            labelSelector: options.labelSelector || undefined,
            fieldSelector: options.fieldSelector || undefined,
            limit: String(options.limit ?? 500),
            continue: continueToken,
          },
          signal,
        );
        const problem = listShapeProblem(resource, page);
        if (problem) throw new UnexpectedAnswerError(problem);
        if (page.items) for (const item of page.items) items.push(item);
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken && !options.firstPageOnly);
    } catch (error) {
      throw this.toKubenvError(error, { verb: 'list', resource, namespace }, signal);
    }
    return items;
  }

  /** Runs a command in a container (`create pods/exec`). */
  async exec(request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
    try {
      return await execInContainer(this.transport, request, signal);
    } catch (error) {
      throw this.toKubenvError(
        error,
        { verb: 'create', resource: 'pods', subresource: 'exec', namespace: request.namespace, name: request.pod },
        signal,
      );
    }
  }

  /**
   * The API server's version (`GET /version`, readable by every authenticated user through
   * system:public-info-viewer), asked once per client. `undefined` when the server does not say:
   * callers then assume a current server.
   */
  serverVersion(signal: AbortSignal): Promise<ServerVersion | undefined> {
    this.version ??= this.transport.getJson<{ major?: string; minor?: string }>('/version', undefined, signal).then(
      (answer) => parseServerVersion(answer),
      () => undefined,
    );
    return this.version;
  }

  /** The node a pod runs on, or undefined when it cannot be read (a cluster-scoped `get nodes` few users may do). */
  async nodeIfReadable(name: string, signal: AbortSignal): Promise<Node | undefined> {
    try {
      return await this.transport.getJson<Node>(resourcePath('nodes', undefined, name), undefined, signal);
    } catch (error) {
      if (signal.aborted)
        throw this.toKubenvError(error, { verb: 'get', resource: 'nodes', namespace: '', name }, signal);
      return undefined;
    }
  }

  /**
   * Opens connections until `connections` are open, for requests about to go out at once; never
   * fails (a spare that cannot connect is dropped, and a request opens its own).
   */
  preconnect(connections: number, signal: AbortSignal): void {
    this.transport.preconnect(connections, signal).catch(() => undefined);
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  /** The typed error for a failed operation (./operation-errors.ts). */
  toKubenvError(error: unknown, operation: Operation, signal: AbortSignal): unknown {
    return operationError(error, operation, { endpoint: this.endpoint, timeoutMs: this.timeoutMs, signal });
  }
}

/** `value` when it has the shape kubenv reads (see shapes.ts); else an UnexpectedAnswerError. */
function checked<T>(resource: ResourceName, value: T): T {
  const problem = objectShapeProblem(resource, value);
  if (problem) throw new UnexpectedAnswerError(problem);
  return value;
}
