/**
 * The one door to `@kubernetes/client-node`: `auth-provider` kubeconfigs (OIDC, and the removed
 * in-tree gcp/azure providers some tools still write). client-node costs ~370 ms and ~80 MiB
 * (../shared/KUBE-API.md): imported only here, on first need, never re-exported.
 */
import { MissingDependencyError } from '../errors';
import type { KubeEndpoint } from './kubeconfig';
import type { KubeConfigLike } from './kubeconfig-user';

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
