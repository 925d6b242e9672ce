/**
 * The real kubectl, as the reference the real-cluster tests compare kubenv with, and the tool the
 * setup uses to build the test workloads. `/usr/bin/kubectl` on the dev machines picks the
 * binary of the server's minor; any kubectl within one minor of the server does here.
 */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs kubectl against a kubeconfig; resolves with raw stdout (exec output is bytes). */
export function kubectlRaw(
  kubeconfig: string,
  args: readonly string[],
  options: { input?: string } = {},
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // A discovery cache of its own, so no developer cache answers for this cluster.
      env: { ...process.env, KUBECACHEDIR: `${process.env['TMPDIR'] ?? '/tmp'}/kubenv-real-kubectl-cache` },
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs kubectl and returns stdout as text; throws with kubectl's stderr when it fails. */
export async function kubectl(
  kubeconfig: string,
  args: readonly string[],
  options: { input?: string } = {},
): Promise<string> {
  const result = await kubectlRaw(kubeconfig, args, options);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${result.code}): ${result.stderr}`);
  return result.stdout.toString('utf8');
}

/** kubectl get -o json, parsed. */
export async function getJson<T = unknown>(kubeconfig: string, args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectl(kubeconfig, ['get', ...args, '-o', 'json'])) as T;
}

/** The bytes of a container's /proc/<pid>/environ, read by `kubectl exec ... -- cat`. */
export async function environBytes(
  kubeconfig: string,
  namespace: string,
  pod: string,
  container: string,
  file = '/proc/1/environ',
): Promise<Buffer> {
  const result = await kubectlRaw(kubeconfig, ['exec', '-n', namespace, pod, '-c', container, '--', 'cat', file]);
  if (result.code !== 0) throw new Error(`kubectl exec ${pod} -c ${container} failed: ${result.stderr}`);
  return result.stdout;
}

/** Splits environ bytes into a name -> value map (later duplicates win, as getenv's last write). */
export function environRecord(bytes: Buffer): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const entry of bytes.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const at = entry.indexOf('=');
    record[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return record;
}
