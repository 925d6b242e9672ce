/**
 * The exec credential plugin protocol (client.authentication.k8s.io v1 and v1beta1), as kubectl
 * runs it: the `exec` entry of a kubeconfig user names a command that prints an ExecCredential
 * with a token or a client certificate. Behaviour follows client-go
 * (staging/src/k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go and
 * tools/clientcmd/loader.go at v0.33.0); kubenv adds the timeout and the AbortSignal, which
 * client-go leaves to the plugin.
 *
 * Never put a credential (what the plugin printed) in an error, a cause or a log line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, CredentialPluginError, TimeoutError } from '../errors';

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

/** How to run a plugin: its environment, stdin, stderr, the deadline. */
export interface RunPluginOptions {
  /** The base environment (kubenv's `env` option, default process.env); the entry's `env` is laid over it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** For the TimeoutError when the deadline passes. */
  readonly timeoutMs?: number | undefined;
  /** Whether stdin is a terminal the plugin may use. @default process.stdin.isTTY */
  readonly stdinIsTerminal?: boolean | undefined;
}

/** The KUBERNETES_EXEC_INFO document (client-go always sets it; `cluster` only when asked). */
export function execInfo(plugin: ExecPlugin, interactive: boolean): string {
  return JSON.stringify({
    kind: 'ExecCredential',
    apiVersion: plugin.apiVersion,
    spec: plugin.cluster ? { cluster: plugin.cluster, interactive } : { interactive },
  });
}

/** Runs the plugin once and returns the credential it printed. */
export async function runExecPlugin(plugin: ExecPlugin, options: RunPluginOptions): Promise<ExecCredential> {
  const terminal = options.stdinIsTerminal ?? process.stdin.isTTY === true;
  const interactive = plugin.interactiveMode !== 'Never' && terminal;
  if (plugin.interactiveMode === 'Always' && !terminal) {
    throw new CredentialPluginError(
      plugin,
      'not-interactive',
      'needs a terminal (interactiveMode: Always) and stdin is not one',
      {
        hint: 'Run it once in a terminal to log in, or use a plugin mode that needs no input.',
      },
    );
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env)) if (value !== undefined) env[name] = value;
  for (const { name, value } of plugin.env) env[name] = value;
  env['KUBERNETES_EXEC_INFO'] = execInfo(plugin, interactive);

  const stdout = await new Promise<Buffer>((resolve, reject) => {
    if (options.signal.aborted) return reject(abortError(plugin, options));
    // stderr passes through (a login prompt or a warning is meant for the user), stdout is the credential.
    const child = spawn(plugin.command, plugin.args, {
      env,
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'],
      signal: options.signal,
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A plugin's own children may hold the pipe open after it is killed: let go of it.
    options.signal.addEventListener('abort', () => child.stdout.destroy(), { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (options.signal.aborted) return reject(abortError(plugin, options));
      if (error.code === 'ENOENT') {
        return reject(new CredentialPluginError(plugin, 'not-found', 'was not found', { cause: codeOnly(error) }));
      }
      reject(
        new CredentialPluginError(plugin, 'failed', `could not be started (${error.code ?? 'error'})`, {
          cause: codeOnly(error),
        }),
      );
    });
    child.on('close', (code, signal) => {
      if (options.signal.aborted) return reject(abortError(plugin, options));
      if (code === 0) return resolve(Buffer.concat(chunks));
      reject(
        new CredentialPluginError(
          plugin,
          'failed',
          code === null ? `was killed by ${signal}` : `failed with exit code ${code}`,
          { exitCode: code ?? undefined },
        ),
      );
    });
  });
  return parseCredential(plugin, stdout);
}

function abortError(plugin: ExecPlugin, options: RunPluginOptions): unknown {
  const reason = options.signal.reason as { name?: string } | undefined;
  if (reason?.name !== 'TimeoutError') return options.signal.reason;
  return new TimeoutError(`The credential plugin \`${plugin.command}\``, options.timeoutMs, {
    hint: `Run \`${plugin.command}\` by hand: it may be waiting for a login; raise \`timeout\` (--timeout) if it is slow.`,
  });
}

/** Keeps the error code and the syscall of a spawn failure, never the environment it was given. */
function codeOnly(error: NodeJS.ErrnoException): Error {
  const kept = new Error(`spawn ${error.code ?? 'error'}`);
  kept.name = 'SpawnError';
  return kept;
}

function parseCredential(plugin: ExecPlugin, stdout: Buffer): ExecCredential {
  const invalid = (problem: string): never => {
    throw new CredentialPluginError(plugin, 'invalid-output', problem, {
      hint: `Check that \`${plugin.command}\` prints an ExecCredential of apiVersion ${plugin.apiVersion} (run it by hand).`,
    });
  };
  let document: unknown;
  try {
    document = JSON.parse(stdout.toString('utf8'));
  } catch {
    // The parser's message would quote the output: it may hold the credential.
    return invalid('printed something that is not JSON');
  }
  const credential = (document ?? {}) as RawMap;
  if (credential['kind'] !== 'ExecCredential') return invalid('did not print an ExecCredential');
  if (credential['apiVersion'] !== plugin.apiVersion) {
    return invalid(
      `printed apiVersion ${typeof credential['apiVersion'] === 'string' ? credential['apiVersion'] : '(none)'}, and the kubeconfig asks for ${plugin.apiVersion}`,
    );
  }
  const status = credential['status'] as RawMap | undefined;
  if (typeof status !== 'object' || status === null) return invalid("didn't return a status field");
  const token = typeof status['token'] === 'string' && status['token'] !== '' ? status['token'] : undefined;
  const cert =
    typeof status['clientCertificateData'] === 'string' && status['clientCertificateData'] !== ''
      ? status['clientCertificateData']
      : undefined;
  const key =
    typeof status['clientKeyData'] === 'string' && status['clientKeyData'] !== '' ? status['clientKeyData'] : undefined;
  if (!token && !cert && !key) return invalid("didn't return a token or cert/key pair");
  if (!cert !== !key) return invalid('returned only a certificate or a key, not both');
  let expiresAt: number | undefined;
  if (status['expirationTimestamp'] !== undefined && status['expirationTimestamp'] !== null) {
    expiresAt = Date.parse(String(status['expirationTimestamp']));
    if (Number.isNaN(expiresAt)) return invalid('returned an expirationTimestamp that is not a date');
  }
  return { token, cert, key, expiresAt };
}

// One cache for the process, as client-go's: repeated fetches run the plugin once per credential
// lifetime. Keyed by everything that reaches the plugin, so two users never share a credential.
interface CacheEntry {
  readonly running: Promise<ExecCredential>;
  credential?: ExecCredential;
}
const cache = new Map<string, CacheEntry>();

function cacheKey(plugin: ExecPlugin, env: Readonly<Record<string, string | undefined>>): string {
  return JSON.stringify([plugin.apiVersion, plugin.command, plugin.args, plugin.env, plugin.cluster, env['PATH']]);
}

function fresh(credential: ExecCredential): boolean {
  return credential.expiresAt === undefined || Date.now() < credential.expiresAt;
}

/** The credentials of one plugin: cached until they expire, run again after `invalidate`. */
export class ExecCredentialSource {
  readonly plugin: ExecPlugin;
  private readonly key: string;
  private readonly options: Omit<RunPluginOptions, 'signal'>;

  constructor(plugin: ExecPlugin, options: Omit<RunPluginOptions, 'signal'>) {
    this.plugin = plugin;
    this.options = options;
    this.key = cacheKey(plugin, options.env);
  }

  /** The current credential, running the plugin when none is cached or it has expired. */
  get(signal: AbortSignal): Promise<ExecCredential> {
    const cached = cache.get(this.key);
    if (cached && (cached.credential === undefined || fresh(cached.credential))) return cached.running;
    const entry: CacheEntry = { running: runExecPlugin(this.plugin, { ...this.options, signal }) };
    cache.set(this.key, entry);
    entry.running.then(
      (credential) => {
        entry.credential = credential;
      },
      // A failed run is not cached: the next call tries again.
      () => {
        if (cache.get(this.key) === entry) cache.delete(this.key);
      },
    );
    return entry.running;
  }

  /** Drops `used` from the cache after the server refused it (HTTP 401), as client-go does. */
  invalidate(used: ExecCredential): void {
    if (cache.get(this.key)?.credential === used) cache.delete(this.key);
  }
}

/** Forgets every cached plugin credential (tests). */
export function clearExecCredentialCache(): void {
  cache.clear();
}
