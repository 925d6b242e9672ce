/**
 * The `exec` entry of a kubeconfig user, validated as clientcmd validates it (v1 and v1beta1),
 * its command resolved as clientcmd resolves it, and the cluster info a plugin may ask for.
 * See client-go tools/clientcmd/validation.go and loader.go at v0.33.0.
 */
import path from 'node:path';
import { ConfigError } from '../../errors';

const API_VERSIONS = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);
const INTERACTIVE_MODES = new Set(['Never', 'IfAvailable', 'Always']);
/** The cluster extension whose value goes to the plugin as `spec.cluster.config`. */
const EXEC_EXTENSION = 'client.authentication.k8s.io/exec';

/** The cluster as a plugin sees it in KUBERNETES_EXEC_INFO (`spec.cluster`), when it asks. */
export interface ExecClusterInfo {
  readonly server: string;
  readonly 'tls-server-name'?: string | undefined;
  readonly 'insecure-skip-tls-verify'?: boolean | undefined;
  /** Base64 of the CA, from `certificate-authority-data` or the file's content. */
  readonly 'certificate-authority-data'?: string | undefined;
  readonly 'proxy-url'?: string | undefined;
  readonly 'disable-compression'?: boolean | undefined;
  readonly config?: unknown;
}

/** A validated `exec` entry. */
export interface ExecPlugin {
  readonly apiVersion: string;
  /** As resolved: a path with a slash made absolute against the kubeconfig's directory, a bare name kept for PATH. */
  readonly command: string;
  readonly args: readonly string[];
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly installHint: string | undefined;
  readonly interactiveMode: 'Never' | 'IfAvailable' | 'Always';
  /** `spec.cluster` of KUBERNETES_EXEC_INFO; only when the entry has `provideClusterInfo: true`. */
  readonly cluster: ExecClusterInfo | undefined;
  /** The kubeconfig user, for messages. */
  readonly user: string | undefined;
}

/** What a plugin handed out. Never logged. */
export interface ExecCredential {
  readonly token?: string | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  /** Epoch ms of `expirationTimestamp`; undefined: valid for the life of the process. */
  readonly expiresAt?: number | undefined;
}

type RawMap = Record<string, unknown>;

/** Where an `exec` entry came from, for resolving its command and naming it in errors. */
export interface ExecEntrySource {
  readonly user: string | undefined;
  /** The kubeconfig file holding the user entry, and its directory. */
  readonly file: string;
  readonly dir: string;
  /** The cluster entry, for `provideClusterInfo`. */
  readonly cluster: RawMap;
  readonly server: string;
  /** The CA bytes the cluster entry resolves to (data or file). */
  readonly ca: Buffer | undefined;
}

/** Validates a kubeconfig `exec` entry as clientcmd does, and resolves its command. */
export function parseExecPlugin(raw: unknown, source: ExecEntrySource): ExecPlugin {
  const keyPath = `users[${source.user ?? ''}].user.exec`;
  const fail = (problem: string, expected?: string): never => {
    throw new ConfigError(problem, {
      file: source.file,
      keyPath,
      expected,
      hint: 'Fix the `exec` entry of the user (see `kubectl config view`).',
    });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('`exec` is not a mapping');
  const entry = raw as RawMap;
  const apiVersion = entry['apiVersion'];
  if (typeof apiVersion !== 'string' || !API_VERSIONS.has(apiVersion)) {
    return fail(
      `exec plugin apiVersion ${typeof apiVersion === 'string' ? `"${apiVersion}"` : ''} is not supported`,
      `one of ${[...API_VERSIONS].join(', ')}`,
    );
  }
  const command = entry['command'];
  if (typeof command !== 'string' || command === '') return fail('exec plugin has no command', 'a command');
  const args = entry['args'] ?? [];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    return fail('exec plugin `args` is not a list of strings');
  }
  const env = entry['env'] ?? [];
  if (
    !Array.isArray(env) ||
    !env.every((item) => typeof item?.name === 'string' && typeof (item as RawMap)['value'] === 'string')
  ) {
    return fail('exec plugin `env` is not a list of `{ name, value }`');
  }
  // v1 makes the mode mandatory; v1beta1 defaults it to IfAvailable (clientcmd/api/v1 defaults).
  let mode = entry['interactiveMode'];
  if (mode === undefined || mode === '') {
    if (apiVersion === 'client.authentication.k8s.io/v1') {
      return fail(
        'interactiveMode must be specified to use an exec plugin of apiVersion v1',
        'Never, IfAvailable or Always',
      );
    }
    mode = 'IfAvailable';
  }
  if (typeof mode !== 'string' || !INTERACTIVE_MODES.has(mode)) {
    return fail('exec plugin interactiveMode is not valid', 'Never, IfAvailable or Always');
  }
  const installHint = typeof entry['installHint'] === 'string' ? entry['installHint'] : undefined;
  return {
    apiVersion,
    // clientcmd resolves the command against the kubeconfig's directory only when it holds a path
    // separator; a bare name is looked up on PATH when the plugin runs.
    command: command.includes('/') ? path.resolve(source.dir, command) : command,
    args,
    env: env as Array<{ name: string; value: string }>,
    installHint,
    interactiveMode: mode as ExecPlugin['interactiveMode'],
    cluster: entry['provideClusterInfo'] === true ? clusterInfo(source) : undefined,
    user: source.user,
  };
}

function clusterInfo(source: ExecEntrySource): ExecClusterInfo {
  const cluster = source.cluster;
  const extensions = Array.isArray(cluster['extensions']) ? (cluster['extensions'] as RawMap[]) : [];
  const config = extensions.find((extension) => extension?.['name'] === EXEC_EXTENSION)?.['extension'];
  const text = (key: string) =>
    typeof cluster[key] === 'string' && cluster[key] !== '' ? (cluster[key] as string) : undefined;
  const flag = (key: string) => (cluster[key] === true ? true : undefined);
  // Key order and omitted empties as client-go's JSON encoding, so a plugin sees the same document.
  return {
    server: source.server,
    'tls-server-name': text('tls-server-name'),
    'insecure-skip-tls-verify': flag('insecure-skip-tls-verify'),
    'certificate-authority-data': source.ca?.toString('base64'),
    'proxy-url': text('proxy-url'),
    'disable-compression': flag('disable-compression'),
    config,
  };
}
