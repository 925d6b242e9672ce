/**
 * What a kubeconfig user entry means: which credentials a request carries, and whom it
 * impersonates. The precedence follows client-go (tools/clientcmd/client_config.go at v0.33.0):
 * an exec plugin or auth-provider first, then a token file over an inline token (the file is read
 * per request, the inline token only used when the file cannot be read), then basic auth.
 */
import path from 'node:path';
import { ConfigError } from '../errors';
import { type ExecEntrySource, type ExecPlugin, parseExecPlugin } from './exec-credential';

type RawMap = Record<string, unknown>;

/**
 * What kubenv needs of a `KubeConfig` from `@kubernetes/client-node` (the `kubeConfig` option):
 * its current context and cluster, and the request options its auth produces. Typed structurally,
 * so that kubenv's types do not depend on client-node, an optional peer dependency.
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node'
 * const kc = new KubeConfig()
 * kc.loadFromDefault()
 * await fetchRemoteEnv({ target: 'deploy/api', kubeConfig: kc })
 * ```
 * @public
 */
export interface KubeConfigLike {
  /** The name of the context in use. */
  getCurrentContext(): string;
  /** A context by name: its namespace is the default namespace, its user names the identity. */
  getContextObject(name: string): { readonly namespace?: string | undefined; readonly user?: string } | null;
  /** The cluster of the current context: its `server` is the API server kubenv talks to. */
  getCurrentCluster(): { readonly server: string; readonly name?: string } | null;
  /** Fills request options with the CA, client certificate and auth headers (as client-node does per request). */
  applyToHTTPSOptions(options: object): Promise<void>;
}

/** The credentials of the chosen user. */
export type Credentials =
  | { readonly type: 'none' }
  | { readonly type: 'token'; readonly token: string }
  /** Read per request (projected tokens rotate); `fallback` is the inline token, used when the file cannot be read. */
  | { readonly type: 'token-file'; readonly path: string; readonly fallback?: string | undefined }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | { readonly type: 'exec'; readonly plugin: ExecPlugin }
  /** Resolved by client-node, loaded on first need; `user` is the raw kubeconfig user entry. */
  | { readonly type: 'auth-provider'; readonly userName: string; readonly user: RawMap }
  /** A client-node KubeConfig the caller holds: its auth is applied as client-node does. */
  | { readonly type: 'client-node'; readonly kubeConfig: KubeConfigLike };

/** Impersonation (`as`, `as-uid`, `as-groups`, `as-user-extra`). */
export interface Impersonation {
  readonly user?: string | undefined;
  readonly uid?: string | undefined;
  readonly groups?: readonly string[] | undefined;
  readonly extra?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Reads the credentials of a user entry; `exec` needs the cluster too (provideClusterInfo). */
export function credentialsOf(user: RawMap, source: ExecEntrySource): Credentials {
  if (user['exec'] !== undefined && user['exec'] !== null) {
    return { type: 'exec', plugin: parseExecPlugin(user['exec'], source) };
  }
  if (user['auth-provider']) return { type: 'auth-provider', userName: source.user ?? '', user };
  const token = str(user['token']);
  // Only `tokenFile`: client-go's decoding drops client-node's `token-file` spelling, so kubectl sends no token for it.
  const tokenFile = str(user['tokenFile']);
  // kubectl reads the file when both are set, and keeps the inline token as a fallback.
  if (tokenFile) return { type: 'token-file', path: path.resolve(source.dir, tokenFile), fallback: token || undefined };
  if (token) return { type: 'token', token };
  const username = str(user['username']);
  if (username) return { type: 'basic', username, password: str(user['password']) ?? '' };
  return { type: 'none' };
}

/** Reads the impersonation fields of a user entry. */
export function impersonationOf(user: RawMap, where: { file: string; user: string | undefined }): Impersonation {
  const keyPath = (key: string) => `users[${where.user ?? ''}].user.${key}`;
  const groups = user['as-groups'];
  if (
    groups !== undefined &&
    groups !== null &&
    !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))
  ) {
    throw new ConfigError('`as-groups` is not a list of strings', { file: where.file, keyPath: keyPath('as-groups') });
  }
  const extraRaw = user['as-user-extra'];
  let extra: Record<string, string[]> | undefined;
  if (extraRaw !== undefined && extraRaw !== null) {
    const valid =
      typeof extraRaw === 'object' &&
      !Array.isArray(extraRaw) &&
      Object.values(extraRaw).every((values) => Array.isArray(values) && values.every((v) => typeof v === 'string'));
    if (!valid) {
      throw new ConfigError('`as-user-extra` is not a map of string lists', {
        file: where.file,
        keyPath: keyPath('as-user-extra'),
      });
    }
    extra = extraRaw as Record<string, string[]>;
  }
  return {
    user: str(user['as']) || undefined,
    uid: str(user['as-uid']) || undefined,
    groups: Array.isArray(groups) && groups.length > 0 ? (groups as string[]) : undefined,
    extra: extra && Object.keys(extra).length > 0 ? extra : undefined,
  };
}

/**
 * The request headers of an impersonation, as client-go's ImpersonatingRoundTripper sends them
 * (transport/round_trippers.go): one `Impersonate-Group` line per group (the API server reads one
 * group per line, a comma-joined value would be one group named "a,b"), one
 * `Impersonate-Extra-<key>` line per value with the key percent-encoded.
 */
export function impersonationHeaders(impersonate: Impersonation): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (impersonate.user) headers['impersonate-user'] = impersonate.user;
  if (impersonate.uid) headers['impersonate-uid'] = impersonate.uid;
  if (impersonate.groups?.length) headers['impersonate-group'] = [...impersonate.groups];
  for (const [key, values] of Object.entries(impersonate.extra ?? {})) {
    if (values.length > 0) headers[`impersonate-extra-${escapeHeaderKey(key)}`] = [...values];
  }
  return headers;
}

// RFC 7230 token characters, less '%' (escaped so that the server can unescape unambiguously).
const TOKEN_CHAR = /^[!#$&'*+\-.^_`|~0-9A-Za-z]$/;

function escapeHeaderKey(key: string): string {
  let escaped = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    escaped += byte < 0x80 && TOKEN_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
