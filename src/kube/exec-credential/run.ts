/**
 * Running an exec credential plugin once, as client-go's plugin/pkg/client/auth/exec/exec.go at
 * v0.33.0 does: args, env, KUBERNETES_EXEC_INFO, stdin only when interactive, stderr passed
 * through, stdout parsed as an ExecCredential. kubenv adds the timeout and the AbortSignal, which
 * client-go leaves to the plugin. Never put what the plugin printed in an error or a cause.
 */
import { CredentialPluginError, TimeoutError } from '../../errors';
import type { ExecCredential, ExecPlugin } from './config';

type RawMap = Record<string, unknown>;

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

  // Loaded only when a kubeconfig has a plugin: node:child_process costs a cold start about 2 ms.
  const { spawn } = process.getBuiltinModule('node:child_process');
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
