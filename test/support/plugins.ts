/**
 * Exec credential plugins for tests: small Node scripts that print an ExecCredential, record how
 * they were called (argv, env, KUBERNETES_EXEC_INFO) and count their runs.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeKubeconfig } from './kubeconfigs';

export const V1 = 'client.authentication.k8s.io/v1';

/** What a plugin prints and does. */
export interface PluginBehaviour {
  /** Tokens to print, one per run (the last repeats). */
  readonly tokens?: readonly string[];
  readonly apiVersion?: string;
  /** Seconds from now until the credential expires. */
  readonly expiresInSeconds?: number;
  readonly exitCode?: number;
  /** Raw stdout instead of an ExecCredential. */
  readonly stdout?: string;
  readonly stderr?: string;
  /** Never exit. */
  readonly hang?: boolean;
  /** A client certificate and key instead of a token. */
  readonly certificate?: { readonly certPem: string; readonly keyPem: string };
  /** Client certificates and keys instead of a token, one per run, in turn. */
  readonly certificates?: ReadonlyArray<{ readonly certPem: string; readonly keyPem: string }>;
}

/** A plugin script on disk, and what its runs recorded. */
export interface TestPlugin {
  readonly path: string;
  readonly dir: string;
  /** How many times it ran. */
  runs(): number;
  /** What each run saw: argv (after the script), the env variables it was told to record, KUBERNETES_EXEC_INFO. */
  calls(): Array<{ argv: string[]; env: Record<string, string | undefined>; execInfo: unknown; stdinIsTTY: boolean }>;
}

/** Writes a plugin script into `dir` (a fresh temp dir by default). */
export function writePlugin(
  behaviour: PluginBehaviour,
  options: { dir?: string; name?: string; recordEnv?: readonly string[] } = {},
): TestPlugin {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'kubenv-plugin-'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, options.name ?? 'plugin.mjs');
  const log = `${file}.calls.jsonl`;
  const script = `#!${process.execPath}
import { appendFileSync, readFileSync } from 'node:fs';
const behaviour = ${JSON.stringify(behaviour)};
const log = ${JSON.stringify(log)};
let run = 0;
try { run = readFileSync(log, 'utf8').split('\\n').filter(Boolean).length; } catch {}
const env = {};
for (const name of ${JSON.stringify(options.recordEnv ?? [])}) env[name] = process.env[name];
appendFileSync(log, JSON.stringify({ argv: process.argv.slice(2), env, execInfo: JSON.parse(process.env.KUBERNETES_EXEC_INFO ?? 'null'), stdinIsTTY: Boolean(process.stdin.isTTY) }) + '\\n');
if (behaviour.stderr) process.stderr.write(behaviour.stderr);
if (behaviour.hang) setInterval(() => {}, 1000);
else if (behaviour.exitCode) process.exit(behaviour.exitCode);
else if (behaviour.stdout !== undefined) process.stdout.write(behaviour.stdout);
else {
  const tokens = behaviour.tokens ?? ['token'];
  const certificate = behaviour.certificate ?? behaviour.certificates?.[run % behaviour.certificates.length];
  const status = certificate
    ? { clientCertificateData: certificate.certPem, clientKeyData: certificate.keyPem }
    : { token: tokens[Math.min(run, tokens.length - 1)] };
  if (behaviour.expiresInSeconds !== undefined) status.expirationTimestamp = new Date(Date.now() + behaviour.expiresInSeconds * 1000).toISOString();
  process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: behaviour.apiVersion ?? ${JSON.stringify(V1)}, status }));
}
`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  const read = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];
  return { path: file, dir, runs: () => read().length, calls: read };
}

/** A kubeconfig whose user runs `exec` (v1, interactiveMode Never unless `exec` says otherwise). */
export function execKubeconfig(
  file: string,
  cluster: { url: string; ca: string },
  exec: Record<string, unknown>,
  extra: { namespace?: string; clusterFields?: Record<string, unknown>; userFields?: Record<string, unknown> } = {},
): string {
  return writeKubeconfig(file, cluster, {
    cluster: extra.clusterFields,
    user: { exec: { apiVersion: V1, interactiveMode: 'Never', ...exec }, ...extra.userFields },
    namespace: extra.namespace,
  });
}
