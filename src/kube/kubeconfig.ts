/**
 * Where kubenv connects, from the kubeconfig as kubectl reads it: the files loaded and merged
 * (./kubeconfig-loader.ts), a context chosen and turned into an endpoint
 * (./kubeconfig-context.ts), or without any file the in-cluster service account
 * (./in-cluster.ts). What a user entry means (credentials, impersonation) is in
 * ./kubeconfig-user.ts, the exec credential plugin in ./exec-credential/, the proxy choice in
 * ./proxy.ts.
 */
import { ConfigError } from '../errors';
import { inClusterEndpoint } from './in-cluster';
import { selectContext } from './kubeconfig-context';
import { kubeconfigFiles, mergeKubeconfigs } from './kubeconfig-loader';
import type { Credentials, Impersonation } from './kubeconfig-user';
import { proxyFromEnvironment } from './proxy';

export { SERVICE_ACCOUNT_DIR } from './in-cluster';
export type { Credentials, Impersonation } from './kubeconfig-user';

/** Everything needed to talk to one API server as one user. */
export interface KubeEndpoint {
  /** API server URL without a trailing slash. */
  readonly server: string;
  readonly contextName: string | undefined;
  readonly userName: string | undefined;
  /** Namespace of the context (or the service account's); `undefined` when none is set. */
  readonly namespace: string | undefined;
  readonly tls: {
    readonly ca?: Buffer | undefined;
    readonly cert?: Buffer | undefined;
    readonly key?: Buffer | undefined;
    readonly rejectUnauthorized: boolean;
    readonly servername?: string | undefined;
  };
  readonly credentials: Credentials;
  readonly impersonate: Impersonation;
  /** The proxy to tunnel through: the cluster's `proxy-url`, else from HTTPS_PROXY/NO_PROXY; undefined: direct. */
  readonly proxy?: URL | undefined;
  /** `kubeconfig` files that were read, or `in-cluster`. */
  readonly origin: readonly string[];
}

/** How to find the kubeconfig. */
export interface KubeconfigLocation {
  /** An explicit file, or a `path.delimiter`-separated list of files (like `KUBECONFIG`). */
  readonly kubeconfig?: string | undefined;
  /** The context to use instead of `current-context`. */
  readonly context?: string | undefined;
  /** Environment to read `KUBECONFIG`, `HOME` and the in-cluster variables from. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the kubeconfig (or the in-cluster service account) and picks the context.
 * Throws a ConfigError that names the file and what is missing.
 */
export async function loadKubeEndpoint(location: KubeconfigLocation): Promise<KubeEndpoint> {
  const files = kubeconfigFiles(location);
  if (files.length === 0) {
    const inCluster = inClusterEndpoint(location.env);
    if (inCluster) return { ...inCluster, proxy: proxyFromEnvironment(inCluster.server, location.env) };
    throw new ConfigError('no kubeconfig found', {
      hint: 'Set KUBECONFIG or the `kubeconfig` option, create ~/.kube/config, or use `targetless`.',
    });
  }
  const merged = await mergeKubeconfigs(files);
  return selectContext(merged, location.context, location.env);
}
