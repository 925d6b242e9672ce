/**
 * Kubeconfig loading with kubectl's rules: `KUBECONFIG` is a list of files merged so that the first
 * file to define a cluster, user or context wins and the first `current-context` wins; relative
 * paths resolve against the file that holds them; without any file, the in-cluster service
 * account is used. What a user entry means (credentials, impersonation) is in kubeconfig-user.ts,
 * the exec credential plugin in exec-credential.ts, the proxy choice in proxy.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withoutSourceText } from '../config/parse-text';
import { ConfigError } from '../errors';
import { type Credentials, credentialsOf, type Impersonation, impersonationOf } from './kubeconfig-user';
import { parseProxyUrl, proxyFromEnvironment } from './proxy';
import { parseSimpleYaml } from './simple-yaml';

export type { Credentials, Impersonation } from './kubeconfig-user';

/** Where the in-cluster service account is mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

type RawMap = Record<string, unknown>;

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

interface NamedEntry {
  readonly name: string;
  readonly value: RawMap;
  /** Directory of the file the entry came from: relative paths resolve against it. */
  readonly dir: string;
  readonly file: string;
}

interface MergedConfig {
  readonly files: readonly string[];
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, NamedEntry>;
  readonly users: ReadonlyMap<string, NamedEntry>;
  readonly contexts: ReadonlyMap<string, NamedEntry>;
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

function kubeconfigFiles(location: KubeconfigLocation): string[] {
  const list = location.kubeconfig ?? location.env['KUBECONFIG'];
  if (list) {
    const files = list.split(path.delimiter).filter(Boolean);
    // kubectl skips missing files of a KUBECONFIG list, but an explicitly named single file must exist.
    return files;
  }
  const home = location.env['HOME'] || os.homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  return existsSync(defaultFile) ? [defaultFile] : [];
}

async function mergeKubeconfigs(files: readonly string[]): Promise<MergedConfig> {
  const clusters = new Map<string, NamedEntry>();
  const users = new Map<string, NamedEntry>();
  const contexts = new Map<string, NamedEntry>();
  const read: string[] = [];
  let currentContext: string | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      if (files.length > 1 && (cause as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`cannot read kubeconfig ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
        file,
        hint: 'Check the path given in KUBECONFIG or the `kubeconfig` option.',
        cause,
      });
    }
    let doc: unknown;
    try {
      doc = await parseYaml(text);
    } catch (cause) {
      // js-yaml's error quotes lines of the file (tokens, keys): keep the position only.
      const mark = (cause as { mark?: { line?: number; column?: number } } | null)?.mark;
      const at = typeof mark?.line === 'number' ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : '';
      throw new ConfigError(`the kubeconfig is not valid YAML${at}`, {
        file,
        hint: 'Check the file with `kubectl config view`.',
        cause: withoutSourceText(cause, `YAML syntax error${at}`),
      });
    }
    read.push(file);
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new ConfigError('the kubeconfig is not a mapping', { file, expected: 'a kubeconfig document' });
    }
    const config = doc as RawMap;
    const dir = path.dirname(path.resolve(file));
    collect(config['clusters'], 'cluster', clusters, file, dir);
    collect(config['users'], 'user', users, file, dir);
    collect(config['contexts'], 'context', contexts, file, dir);
    const current = config['current-context'];
    if (currentContext === undefined && typeof current === 'string' && current !== '') currentContext = current;
  }
  return { files: read, currentContext, clusters, users, contexts };
}

/**
 * The fast path for the YAML kubectl writes; js-yaml, imported on first need, for anything else.
 * A file without a document (empty, or only comments) is an empty kubeconfig, as client-go's
 * `Load` reads one (tools/clientcmd/loader.go); js-yaml 5 would refuse it.
 */
async function parseYaml(text: string): Promise<unknown> {
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return undefined;
  const simple = parseSimpleYaml(text);
  if (simple) return simple.value;
  const { load } = await import('js-yaml');
  return load(text);
}

function collect(list: unknown, field: string, into: Map<string, NamedEntry>, file: string, dir: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    throw new ConfigError(`\`${field}s\` is not a list`, { file, keyPath: `${field}s`, expected: 'a list' });
  }
  list.forEach((entry: unknown, index) => {
    const item = entry as RawMap | null;
    const name = item?.['name'];
    const value = item?.[field];
    if (typeof name !== 'string' || name === '') {
      throw new ConfigError('an entry has no name', {
        file,
        keyPath: `${field}s[${index}].name`,
        expected: 'a string',
      });
    }
    // First definition wins, as kubectl merges KUBECONFIG lists.
    if (!into.has(name)) into.set(name, { name, value: (value ?? {}) as RawMap, dir, file });
  });
}

function selectContext(
  merged: MergedConfig,
  wanted: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): KubeEndpoint {
  const contextName = wanted ?? merged.currentContext;
  const where = merged.files.join(path.delimiter);
  const available = [...merged.contexts.keys()];
  if (contextName === undefined) {
    throw new ConfigError('the kubeconfig has no current-context and no context was given', {
      file: where,
      hint:
        available.length > 0
          ? `Pick one with the \`context\` option (--context) or MIRRORD_KUBE_CONTEXT: ${available.join(', ')}.`
          : 'Add a context with `kubectl config set-context`.',
    });
  }
  const context = merged.contexts.get(contextName);
  if (!context) {
    throw new ConfigError(`context "${contextName}" is not in the kubeconfig`, {
      file: where,
      hint:
        available.length > 0
          ? `Contexts there: ${available.join(', ')}.`
          : 'The kubeconfig defines no contexts; add one with `kubectl config set-context`.',
    });
  }
  const clusterName = str(context.value['cluster']);
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (!cluster) {
    throw new ConfigError(`context "${contextName}" refers to cluster "${clusterName ?? ''}", which is not defined`, {
      file: context.file,
      hint: 'Fix the context with `kubectl config set-context`.',
    });
  }
  const server = str(cluster.value['server']);
  if (!server) {
    throw new ConfigError(`cluster "${cluster.name}" has no server URL`, {
      file: cluster.file,
      keyPath: `clusters[${cluster.name}].cluster.server`,
      expected: 'an https:// URL',
    });
  }
  const userName = str(context.value['user']);
  const user = userName === undefined ? undefined : merged.users.get(userName);
  const userValue: RawMap = user?.value ?? {};
  const userDir = user?.dir ?? cluster.dir;
  const userFile = user?.file ?? cluster.file;
  const insecure = cluster.value['insecure-skip-tls-verify'] === true;
  const clusterWhere = `clusters[${cluster.name}]`;
  if (insecure && (str(cluster.value['certificate-authority']) || str(cluster.value['certificate-authority-data']))) {
    // kubectl refuses this too: "specifying a root certificates file with the insecure flag is not allowed".
    throw new ConfigError(`cluster "${cluster.name}" sets both insecure-skip-tls-verify and a certificate authority`, {
      file: cluster.file,
      keyPath: `${clusterWhere}.cluster.insecure-skip-tls-verify`,
      hint: 'Remove one of them: keep the CA to verify the server (recommended), or drop it to skip verification.',
    });
  }
  const ca = dataOrFile(cluster.value, 'certificate-authority', cluster.dir, cluster.file, clusterWhere);
  const proxyUrl = str(cluster.value['proxy-url']);
  const trimmed = server.replace(/\/+$/, '');
  return {
    server: trimmed,
    contextName,
    userName,
    namespace: str(context.value['namespace']) || undefined,
    tls: {
      ca,
      cert: dataOrFile(userValue, 'client-certificate', userDir, userFile, `users[${userName}]`),
      key: dataOrFile(userValue, 'client-key', userDir, userFile, `users[${userName}]`),
      rejectUnauthorized: !insecure,
      servername: str(cluster.value['tls-server-name']) || undefined,
    },
    credentials: credentialsOf(userValue, {
      user: userName,
      file: userFile,
      dir: userDir,
      cluster: cluster.value,
      server,
      ca,
    }),
    impersonate: impersonationOf(userValue, { file: userFile, user: userName }),
    proxy: proxyUrl
      ? parseProxyUrl(proxyUrl, { file: cluster.file, cluster: cluster.name })
      : proxyFromEnvironment(trimmed, env),
    origin: merged.files,
  };
}

function dataOrFile(map: RawMap, key: string, dir: string, file: string, where: string): Buffer | undefined {
  const data = str(map[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const ref = str(map[key]);
  if (!ref) return undefined;
  const target = path.resolve(dir, ref);
  try {
    return readFileSync(target);
  } catch (cause) {
    throw new ConfigError(`cannot read ${key} file ${target}`, {
      file,
      keyPath: `${where}.${key}`,
      hint: 'Fix the path in the kubeconfig (relative paths resolve against the kubeconfig file).',
      cause,
    });
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The service-account endpoint when running inside a pod, else undefined. */
function inClusterEndpoint(env: Readonly<Record<string, string | undefined>>): KubeEndpoint | undefined {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) return undefined;
  const tokenPath = path.join(SERVICE_ACCOUNT_DIR, 'token');
  if (!existsSync(tokenPath)) return undefined;
  let namespace: string | undefined;
  try {
    namespace = readFileSync(path.join(SERVICE_ACCOUNT_DIR, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    contextName: undefined,
    userName: undefined,
    namespace,
    tls: { ca: readFileSync(path.join(SERVICE_ACCOUNT_DIR, 'ca.crt')), rejectUnauthorized: true },
    // The projected token rotates: read it per request.
    credentials: { type: 'token-file', path: tokenPath },
    impersonate: {},
    origin: ['in-cluster'],
  };
}
