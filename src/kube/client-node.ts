/**
 * The one door to `@kubernetes/client-node`, an optional peer dependency: `auth-provider`
 * kubeconfigs (OIDC, and the removed in-tree gcp/azure providers some tools still write) and a
 * client-node `KubeConfig` handed over by an embedding tool. client-node costs ~370 ms and ~80 MiB
 * (../shared/KUBE-API.md): imported only here, on first need, never re-exported.
 */
import { ClusterUnreachableError, MissingDependencyError } from '../errors';
import type { KubeEndpoint } from './kubeconfig';
import type { KubeConfigLike } from './kubeconfig-user';
import { proxyFromEnvironment } from './proxy';

const CLIENT_NODE = '@kubernetes/client-node';

/** What client-node's applyToHTTPSOptions fills in. */
export interface AppliedOptions {
  headers?: Record<string, string | string[]>;
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
  /** `user:password` for basic auth. */
  auth?: string;
}

/** Imports client-node; a MissingDependencyError that says to install it when it is not there. */
export async function importClientNode(neededFor: string): Promise<typeof import('@kubernetes/client-node')> {
  try {
    return await import(CLIENT_NODE);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new MissingDependencyError(CLIENT_NODE, neededFor, { cause });
    }
    throw cause;
  }
}

/**
 * A client-node KubeConfig holding only the chosen user of an auth-provider kubeconfig (its
 * token cache and refresh live inside it, so one per endpoint).
 */
export async function authProviderKubeConfig(
  endpoint: Pick<KubeEndpoint, 'server'>,
  userName: string,
  user: Record<string, unknown>,
): Promise<KubeConfigLike> {
  const { KubeConfig } = await importClientNode(`The auth-provider of kubeconfig user "${userName}"`);
  const kc = new KubeConfig();
  // A one-context kubeconfig; JSON is valid YAML. Files were already resolved against the kubeconfig's directory.
  kc.loadFromString(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cluster', cluster: { server: endpoint.server } }],
      users: [{ name: userName || 'user', user: { 'auth-provider': user['auth-provider'] } }],
      contexts: [{ name: 'context', context: { cluster: 'cluster', user: userName || 'user' } }],
      'current-context': 'context',
    }),
  );
  return kc;
}

/** Applies a KubeConfig's auth to fresh request options, as client-node does for its own requests. */
export async function applyKubeConfig(kubeConfig: KubeConfigLike): Promise<AppliedOptions> {
  const options: AppliedOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  return options;
}

/** The endpoint of a caller's client-node KubeConfig: its current context, cluster and TLS. */
export async function endpointFromKubeConfig(
  kubeConfig: KubeConfigLike,
  env: Readonly<Record<string, string | undefined>>,
): Promise<KubeEndpoint> {
  const contextName = kubeConfig.getCurrentContext() || undefined;
  const context = contextName ? kubeConfig.getContextObject(contextName) : null;
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new ClusterUnreachableError(
      { server: '(none)', context: contextName },
      'the KubeConfig has no current cluster',
      {
        hint: 'Call kc.setCurrentContext() with a context whose cluster has a server, or pass a kubeconfig file instead.',
      },
    );
  }
  const server = cluster.server.replace(/\/+$/, '');
  const applied = await applyKubeConfig(kubeConfig);
  const proxyUrl = (cluster as { proxyUrl?: string }).proxyUrl;
  return {
    server,
    contextName,
    userName: context?.user,
    namespace: context?.namespace || undefined,
    tls: {
      ca: toBuffer(applied.ca),
      rejectUnauthorized: applied.rejectUnauthorized !== false,
      servername: applied.servername,
    },
    credentials: { type: 'client-node', kubeConfig },
    impersonate: {},
    proxy: proxyUrl ? new URL(proxyUrl) : proxyFromEnvironment(server, env),
    origin: ['KubeConfig (option)'],
  };
}

function toBuffer(value: Buffer | string | undefined): Buffer | undefined {
  return value === undefined ? undefined : Buffer.isBuffer(value) ? value : Buffer.from(value);
}
