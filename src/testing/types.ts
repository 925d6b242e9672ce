/**
 * Public types of `kubenv/testing`: the simulated cluster, its options, fixtures and the
 * container runtime model.
 */
import type { KubeObject } from '../kube/objects';
import type { FaultControls, RequestLog } from './request-types';

/**
 * What runs in one simulated container: the environment of its main process, what exec'd
 * processes see, and which executables exist in the image.
 *
 * @example
 * ```ts
 * cluster.setContainer('shop', 'api-0', 'app', {
 *   environ: { PATH: '/usr/local/bin:/usr/bin:/bin', HOSTNAME: 'api-0', DATABASE_URL: 'postgres://db/shop' },
 * })
 * ```
 * @public
 */
export interface SimulatedContainer {
  /**
   * The main process's environment: the bytes of `/proc/<pid>/environ` (NUL-terminated
   * `NAME=value` entries), or a record turned into those bytes in its key order.
   */
  readonly environ: Buffer | Readonly<Record<string, string>>;
  /**
   * What exec'd processes get (`/proc/self/environ`, `env`, `printenv`).
   * @defaultValue `environ`
   */
  readonly execEnviron?: Buffer | Readonly<Record<string, string>> | undefined;
  /**
   * Executables in the image; `[]` is a distroless image.
   * @defaultValue a busybox-like set: cat, env, printenv, sh, ls, echo, true, false, readlink
   */
  readonly executables?: readonly string[] | undefined;
  /**
   * The main process's argv (`/proc/<pid>/cmdline`).
   * @defaultValue the container's `command` + `args`, else `["/docker-entrypoint.sh"]`
   */
  readonly cmdline?: readonly string[] | undefined;
  /**
   * How a missing executable is reported: `containerd` answers an InternalError Status (what
   * current clusters do), `docker` (dockershim, old clusters) runs the exec and exits 126 with
   * the OCI error on stderr.
   * @defaultValue `'containerd'`
   */
  readonly engine?: 'containerd' | 'docker' | undefined;
}

/**
 * One container's runtime in a fixture.
 * @example
 * ```ts
 * const { runtime, kubeletEnv } = deploymentMidRollout().containers[0]
 * ```
 * @public
 */
export interface FixtureContainer {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly runtime: SimulatedContainer;
  /**
   * The variables the kubelet passes to this container (declared env, envFrom, downward API,
   * service links), written out by hand in the fixture: what a spec-based reader must compute.
   * The runtime's `environ` holds these plus what the image and the container runtime add
   * (PATH, HOSTNAME, HOME, image ENV).
   */
  readonly kubeletEnv?: Readonly<Record<string, string>> | undefined;
}

/**
 * Objects plus container runtimes, loaded together with `cluster.load()` or the `fixtures` option.
 *
 * @example
 * ```ts
 * const cluster = await startSimulatedCluster({ fixtures: [deploymentMidRollout()] })
 * ```
 * @public
 */
export interface Fixture {
  readonly objects: readonly KubeObject[];
  readonly containers: readonly FixtureContainer[];
}

/**
 * Options of {@link startSimulatedCluster}.
 * @example
 * ```ts
 * await startSimulatedCluster({ namespace: 'shop', user: 'ci-bot', serverVersion: { major: '1', minor: '32' } })
 * ```
 * @public
 */
export interface SimulatedClusterOptions {
  /** Objects and container runtimes to load at start. */
  readonly fixtures?: readonly Fixture[] | undefined;
  /**
   * Namespace of the kubeconfig context.
   * @defaultValue `'default'`
   */
  readonly namespace?: string | undefined;
  /**
   * User name of the token (shown in RBAC messages); client certificates carry it as CN.
   * @defaultValue `'kubenv-tester'`
   */
  readonly user?: string | undefined;
  /**
   * Bearer token the server accepts.
   * @defaultValue a random token
   */
  readonly token?: string | undefined;
  /**
   * What `/version` reports. kubectl's dispatcher picks its binary by the minor version: keep it at 30 or more.
   * @defaultValue `{ major: '1', minor: '31' }`
   */
  readonly serverVersion?: { readonly major: string; readonly minor: string } | undefined;
  /**
   * Where the kubeconfig is written.
   * @defaultValue a fresh temporary directory, removed by `stop()`
   */
  readonly kubeconfigDir?: string | undefined;
}

/**
 * Options of `cluster.writeKubeconfig()`.
 * @example
 * ```ts
 * const kubeconfig = cluster.writeKubeconfig({ auth: 'client-certificate', user: 'jane', namespace: 'shop' })
 * ```
 * @public
 */
export interface WriteKubeconfigOptions {
  /**
   * Token or client-certificate (signed by the cluster CA, CN = user) credentials.
   * @defaultValue `'token'`
   */
  readonly auth?: 'token' | 'client-certificate' | undefined;
  /**
   * Token to write (a wrong one gives 401s).
   * @defaultValue the cluster's token
   */
  readonly token?: string | undefined;
  /**
   * User name: the client certificate's CN (RBAC messages show it).
   * @defaultValue the cluster's user
   */
  readonly user?: string | undefined;
  /**
   * Namespace of the context.
   * @defaultValue the cluster's namespace
   */
  readonly namespace?: string | undefined;
  /**
   * Where to write it.
   * @defaultValue a new file in the cluster's kubeconfig directory
   */
  readonly path?: string | undefined;
}

/**
 * A client certificate and its private key (PEM).
 * @example
 * ```ts
 * const { certPem, keyPem } = cluster.issueClientCertificate('jane', ['devs'])
 * ```
 * @public
 */
export interface ClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * A running simulated Kubernetes API server.
 * @example
 * ```ts
 * const cluster = await startSimulatedCluster()
 * cluster.load(podFixture({ name: 'api-0' }))
 * process.env.KUBECONFIG = cluster.kubeconfigPath
 * await cluster.stop()
 * ```
 * @public
 */
export interface SimulatedCluster {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** A kubeconfig with token auth and current-context set. */
  readonly kubeconfigPath: string;
  /** The YAML text of that kubeconfig. */
  readonly kubeconfig: string;
  readonly contextName: string;
  readonly token: string;
  /** The user name of the token. */
  readonly user: string;
  /** The CA certificate (PEM). */
  readonly ca: string;
  /**
   * Issues a client certificate signed by the cluster CA: the server authenticates it as `user`
   * (CN) in `groups` (O), as the API server does.
   */
  issueClientCertificate(user: string, groups?: readonly string[]): ClientCertificate;
  /** Writes another kubeconfig for this cluster; returns its path. */
  writeKubeconfig(options?: WriteKubeconfigOptions): string;
  readonly requests: RequestLog;
  readonly faults: FaultControls;
  /** Creates or replaces objects (fills uid and creationTimestamp when absent; a new resourceVersion each time). */
  apply(...objects: KubeObject[]): void;
  /** Deletes an object; `resource` is a plural, singular, kind or short name. Returns whether it existed. */
  remove(resource: string, namespace: string, name: string): boolean;
  /** A copy of a stored object, or undefined. */
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  /** Sets what runs in a container (its environ, executables...). */
  setContainer(namespace: string, pod: string, container: string, runtime: SimulatedContainer): void;
  /** Applies a fixture's objects and sets its container runtimes. */
  load(fixture: Fixture): void;
  /** Closes the server and every open connection (also hung ones) and removes the temporary kubeconfig directory. */
  stop(): Promise<void>;
}
