/**
 * The `exec` source: read the environment the container's main process really has, by running
 * `cat /proc/1/environ` in it. Sees image ENV, kubelet variables, service links and whatever
 * the entrypoint exported before exec'ing the main process.
 *
 * With `shareProcessNamespace: true`, PID 1 is the pod's pause process. The exec'd `cat` then
 * reads `/proc/self/environ`: the container runtime gives an exec'd process the container's
 * own configured environment (containerd copies the container's process spec), which is what
 * its main process started with.
 *
 * A main process that wrote its process title over its environ (nginx, PostgreSQL...) leaves
 * `/proc/1/environ` unreadable; kubenv notices (rewritten-environ.ts) and reads
 * `/proc/self/environ` the same way, with a warning.
 */
import { ExecUnavailableError, isKubenvError, NoPodError } from '../errors';
import type { KubeClient } from '../kube/client';
import type { ExecResult } from '../kube/exec';
import type { Pod } from '../kube/objects';
import type { Resolution } from '../resolve/resolve';
import { parseEnviron } from './environ';
import { rewrittenEnvironReason } from './rewritten-environ';

/** What a source read: the variables and warnings, plus how. */
export interface SourceResult {
  readonly env: Record<string, string>;
  readonly warnings: readonly string[];
  /** One line, e.g. `cat /proc/1/environ in api-7d9f-x2/main`. */
  readonly how: string;
}

/** Reads the environment by exec. */
export async function readByExec(
  client: KubeClient,
  resolution: Resolution,
  signal: AbortSignal,
): Promise<SourceResult> {
  const { resolved, pod } = resolution;
  if (!pod) {
    throw new NoPodError(resolved.target, resolved.namespace, 'no pod exists to exec into', {
      hint: "Use `source: 'spec'` (or `auto`) to read the workload's pod template instead.",
    });
  }
  assertRunning(pod, resolved.container);
  const shared = pod.spec.shareProcessNamespace === true;
  const where = `${pod.metadata.name}/${resolved.container}`;
  const file = shared ? '/proc/self/environ' : '/proc/1/environ';
  const output = await readFile(client, resolution, file, signal);
  const parsed = parseEnviron(output);
  const container = pod.spec.containers.find((c) => c.name === resolved.container);
  const rewritten = shared ? undefined : rewrittenEnvironReason(output, parsed, container);
  if (rewritten === undefined) {
    return {
      env: parsed.env,
      warnings: parsed.warnings,
      how: `cat ${file} in ${where}${shared ? ' (shared process namespace: PID 1 is the pause process)' : ''}`,
    };
  }
  // The runtime gives an exec'd process the container's configured env: the best left to read.
  const configured = parseEnviron(await readFile(client, resolution, '/proc/self/environ', signal));
  return {
    env: configured.env,
    warnings: [
      `PID 1 in ${where} rewrote its environ (a process title, as nginx and PostgreSQL write): ${rewritten}. ` +
        "Read the container's configured environment from /proc/self/environ instead; variables its entrypoint exported before starting it are not there.",
      ...configured.warnings,
    ],
    how: `cat /proc/self/environ in ${where} (PID 1 rewrote its environ)`,
  };
}

/** `cat <file>` in the resolved container, retried once when the stream is cut. */
async function readFile(
  client: KubeClient,
  resolution: Resolution,
  file: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const { resolved, pod } = resolution;
  const name = pod?.metadata.name ?? '';
  const request = { namespace: resolved.namespace, pod: name, container: resolved.container, command: ['cat', file] };
  let result = await execOrExplain(client, request, signal);
  // A stream cut before the status can be a passing fault: reading is idempotent, so try once more.
  if (result.status === undefined) result = await execOrExplain(client, request, signal);
  return checkExecResult(result, name, resolved.container);
}

async function execOrExplain(
  client: KubeClient,
  request: { namespace: string; pod: string; container: string; command: string[] },
  signal: AbortSignal,
): Promise<ExecResult> {
  try {
    return await client.exec(request, signal);
  } catch (error) {
    // 400 before the upgrade: the API server or kubelet refused (container not running, gone...).
    if (isKubenvError(error, 'KUBE_API') && error.status === 400) {
      throw new ExecUnavailableError(
        request.pod,
        request.container,
        'exec-failed',
        'the API server refused the exec (400 Bad Request)',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function assertRunning(pod: Pod, container: string): void {
  const name = pod.metadata.name;
  if (pod.status?.phase !== 'Running') {
    throw new ExecUnavailableError(
      name,
      container,
      'not-running',
      `the pod is ${pod.status?.phase ?? 'in an unknown phase'}, not Running`,
    );
  }
  const status = pod.status.containerStatuses?.find((s) => s.name === container);
  if (status && !status.state?.running) {
    const waiting = status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    throw new ExecUnavailableError(
      name,
      container,
      'not-running',
      `the container is not running${waiting ? ` (${waiting})` : ''}`,
    );
  }
}

/** The containerd and docker ways of saying "no such executable" (of an exec that did not exit 0). */
function isMissingExecutable(result: ExecResult): boolean {
  if (result.exitCode === 126 || result.exitCode === 127) return true;
  const message = result.status?.message ?? '';
  return /executable file not found|no such file or directory|not found in \$PATH/i.test(message);
}

function checkExecResult(result: ExecResult, pod: string, container: string): Buffer {
  if (result.status === undefined) {
    throw new ExecUnavailableError(pod, container, 'stream-cut', 'the exec stream was cut before it finished (twice)');
  }
  if (result.exitCode === 0) return result.stdout;
  if (isMissingExecutable(result)) {
    throw new ExecUnavailableError(
      pod,
      container,
      'no-reader',
      'the image has no `cat` (a distroless or scratch image)',
    );
  }
  const code = result.exitCode === undefined ? (result.status.reason ?? 'an error') : `exit code ${result.exitCode}`;
  throw new ExecUnavailableError(pod, container, 'exec-failed', `reading the environ failed with ${code}`);
}
