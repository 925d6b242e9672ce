/**
 * Request credentials for an endpoint: static tokens, token files, basic auth, exec credential
 * plugins (./exec-credential/, no client-node), and, through client-node loaded on first need,
 * `auth-provider`s and a caller's KubeConfig. Impersonation headers go on every request.
 */

import { ConfigError } from '../errors';
import { readText } from '../util/local-files';
import { applyKubeConfig, authProviderKubeConfig } from './client-node';
import { type ExecCredential, ExecCredentialSource } from './exec-credential';
import type { KubeEndpoint } from './kubeconfig';
import { impersonationHeaders, type KubeConfigLike } from './kubeconfig-user';

/** Request headers; an array is sent as one header line per value. */
export type Headers = Readonly<Record<string, string | readonly string[]>>;

/** What a request adds: headers, and a client certificate when a plugin returned one. */
export interface RequestAuth {
  readonly headers: Headers;
  readonly cert?: Buffer | string | undefined;
  readonly key?: Buffer | string | undefined;
}

/** Resolves credentials per request. */
export interface Authenticator {
  authFor(signal: AbortSignal): Promise<RequestAuth>;
  /**
   * Called when the server answered 401 to a request made with `used`: drops cached credentials
   * and says whether asking again may give different ones (worth one retry).
   */
  refresh(used: RequestAuth): boolean;
}

/** What the authenticator needs besides the endpoint. */
export interface AuthContext {
  /** The base environment of exec plugins. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For the TimeoutError of a plugin that does not finish. */
  readonly timeoutMs?: number | undefined;
}

const noRefresh = () => false;

/** Builds the authenticator of an endpoint. */
export function createAuthenticator(endpoint: KubeEndpoint, context: AuthContext): Authenticator {
  const impersonation = impersonationHeaders(endpoint.impersonate);
  const credentials = endpoint.credentials;
  const fixed = (headers: Headers): Authenticator => {
    const auth = { headers: { ...impersonation, ...headers } };
    return { authFor: async () => auth, refresh: noRefresh };
  };
  switch (credentials.type) {
    case 'none':
      return fixed({});
    case 'token':
      return fixed({ authorization: `Bearer ${credentials.token}` });
    case 'basic':
      return fixed({
        authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
      });
    case 'token-file':
      // Read per request: projected service-account tokens rotate on disk. A re-read may find a
      // new token, so a 401 is worth one retry.
      return {
        async authFor() {
          const token = await readTokenFile(credentials.path, credentials.fallback, endpoint.userName);
          return { headers: { ...impersonation, authorization: `Bearer ${token}` } };
        },
        refresh: () => true,
      };
    case 'exec':
      return execAuthenticator(new ExecCredentialSource(credentials.plugin, context), impersonation);
    case 'auth-provider': {
      let kubeConfig: Promise<KubeConfigLike> | undefined;
      return clientNodeAuthenticator(() => {
        kubeConfig ??= authProviderKubeConfig(endpoint, credentials.userName, credentials.user);
        return kubeConfig;
      }, impersonation);
    }
    case 'client-node':
      return clientNodeAuthenticator(async () => credentials.kubeConfig, impersonation);
  }
}

async function readTokenFile(
  file: string,
  fallback: string | undefined,
  userName: string | undefined,
): Promise<string> {
  try {
    const token = readText(file).trim();
    if (token) return token;
  } catch (cause) {
    if (fallback) return fallback;
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`the token file of user "${userName ?? '(none)'}" cannot be read (${code})`, {
      file,
      hint: 'Fix `tokenFile` in the kubeconfig (relative paths resolve against the kubeconfig file), or log in again.',
      cause: new Error(code),
    });
  }
  if (fallback) return fallback;
  throw new ConfigError(`the token file ${file} is empty`, { hint: 'Put the token in the file, or log in again.' });
}

function execAuthenticator(source: ExecCredentialSource, impersonation: Headers): Authenticator {
  const used = new WeakMap<RequestAuth, ExecCredential>();
  return {
    async authFor(signal) {
      const credential = await source.get(signal);
      const headers = credential.token
        ? { ...impersonation, authorization: `Bearer ${credential.token}` }
        : { ...impersonation };
      const auth: RequestAuth = { headers, cert: credential.cert, key: credential.key };
      used.set(auth, credential);
      return auth;
    },
    refresh(auth) {
      const credential = used.get(auth);
      if (!credential) return false;
      source.invalidate(credential);
      return true;
    },
  };
}

function clientNodeAuthenticator(kubeConfig: () => Promise<KubeConfigLike>, impersonation: Headers): Authenticator {
  return {
    async authFor() {
      const applied = await applyKubeConfig(await kubeConfig());
      const headers: Record<string, string | readonly string[]> = { ...impersonation };
      for (const [name, value] of Object.entries(applied.headers ?? {})) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value : String(value);
      }
      if (applied.auth && !headers['authorization']) {
        headers['authorization'] = `Basic ${Buffer.from(applied.auth).toString('base64')}`;
      }
      return { headers, cert: applied.cert, key: applied.key };
    },
    // client-node refreshes its own tokens when they expire; it has no hook for a 401.
    refresh: noRefresh,
  };
}
