/**
 * Request credentials for an endpoint. Static credentials are handled here; `exec` credential
 * plugins and `auth-provider`s (OIDC, Azure, GCP) go through @kubernetes/client-node, which is
 * the only reason to load it: it is imported lazily, on first need, and never on the fast path.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, UnauthorizedError } from '../errors';
import type { KubeEndpoint } from './kubeconfig';

/** What a request adds: headers, and a client certificate when a plugin returned one. */
export interface RequestAuth {
  readonly headers: Readonly<Record<string, string>>;
  readonly cert?: Buffer | string | undefined;
  readonly key?: Buffer | string | undefined;
}

/** Resolves credentials per request; plugins cache their tokens inside client-node. */
export interface Authenticator {
  authFor(): Promise<RequestAuth>;
}

/** Builds the authenticator of an endpoint. */
export function createAuthenticator(endpoint: KubeEndpoint): Authenticator {
  const impersonation = impersonationHeaders(endpoint);
  const credentials = endpoint.credentials;
  switch (credentials.type) {
    case 'none':
      return { authFor: async () => ({ headers: impersonation }) };
    case 'token': {
      const auth = { headers: { ...impersonation, authorization: `Bearer ${credentials.token}` } };
      return { authFor: async () => auth };
    }
    case 'basic': {
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
      const auth = { headers: { ...impersonation, authorization: `Basic ${basic}` } };
      return { authFor: async () => auth };
    }
    case 'token-file':
      // Re-read every time: projected service-account tokens rotate on disk.
      return {
        authFor: async () => {
          let token: string;
          try {
            token = (await readFile(credentials.path, 'utf8')).trim();
          } catch (cause) {
            const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
            throw new ConfigError(
              `the token file of user "${endpoint.userName ?? '(none)'}" cannot be read (${code})`,
              {
                file: credentials.path,
                hint: 'Check `tokenFile` of that user in the kubeconfig (`kubectl config view`), or log in again.',
                cause,
              },
            );
          }
          return { headers: { ...impersonation, authorization: `Bearer ${token}` } };
        },
      };
    case 'plugin':
      return pluginAuthenticator(endpoint, credentials.userName, credentials.user, impersonation);
  }
}

function impersonationHeaders(endpoint: KubeEndpoint): Record<string, string> {
  const headers: Record<string, string> = {};
  if (endpoint.impersonate.user) headers['impersonate-user'] = endpoint.impersonate.user;
  // Node joins repeated header values given as an array; one group per header line is what the
  // API server expects, which a comma-joined value also satisfies for group names without commas.
  if (endpoint.impersonate.groups?.length) headers['impersonate-group'] = endpoint.impersonate.groups.join(',');
  return headers;
}

function pluginAuthenticator(
  endpoint: KubeEndpoint,
  userName: string,
  user: Record<string, unknown>,
  impersonation: Record<string, string>,
): Authenticator {
  // One client-node KubeConfig per endpoint, so exec plugins run once and their tokens are cached.
  let kubeConfig: Promise<import('@kubernetes/client-node').KubeConfig> | undefined;
  const load = async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    // A one-context kubeconfig holding only the chosen user; JSON is valid YAML.
    kc.loadFromString(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'cluster', cluster: { server: endpoint.server } }],
        // Only the plugin: certificates and files were already resolved against the kubeconfig's directory.
        users: [{ name: userName || 'user', user: { exec: user['exec'], 'auth-provider': user['auth-provider'] } }],
        contexts: [{ name: 'context', context: { cluster: 'cluster', user: userName || 'user' } }],
        'current-context': 'context',
      }),
    );
    return kc;
  };
  return {
    async authFor() {
      kubeConfig ??= load();
      const kc = await kubeConfig;
      const options: { headers?: Record<string, string>; cert?: Buffer | string; key?: Buffer | string } = {};
      try {
        await kc.applyToHTTPSOptions(options as never);
      } catch (cause) {
        throw new UnauthorizedError(
          { server: endpoint.server, context: endpoint.contextName, user: endpoint.userName },
          {
            hint: `The credential plugin of user "${userName}" failed; run it by hand (see \`kubectl config view\`) or log in again.`,
            cause,
          },
        );
      }
      const headers: Record<string, string> = { ...impersonation };
      for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
      return { headers, cert: options.cert, key: options.key };
    },
  };
}
