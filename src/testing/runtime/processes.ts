/**
 * The process table a command exec'd into a container sees. Without a shared process namespace
 * PID 1 is the container's main process; with `shareProcessNamespace: true` PID 1 is the pod's
 * pause process and each container's main process has its own PID (2, 3, ... in container order),
 * visible from every container.
 */
import type { Pod } from '../../kube/objects';
import type { SimulatedContainer } from '../types';
import { defaultPath, encodeEnviron, environBytes } from './environ';

/** One process visible in `/proc`. */
export interface SimulatedProcess {
  readonly pid: number;
  readonly environ: Buffer;
  readonly cmdline: readonly string[];
}

/** What an exec'd command sees. */
export interface ExecContext {
  /** Processes by PID, besides the exec'd process itself. */
  readonly processes: ReadonlyMap<number, SimulatedProcess>;
  /** The exec'd process (`/proc/self`). */
  readonly self: SimulatedProcess;
  readonly executables: ReadonlySet<string>;
  readonly engine: 'containerd' | 'docker';
}

/** Executables of an image when a runtime names none: a busybox-like set. */
export const defaultExecutables: readonly string[] = [
  'cat',
  'env',
  'printenv',
  'sh',
  'ls',
  'echo',
  'true',
  'false',
  'readlink',
];

const pauseProcess = (pid: number): SimulatedProcess => ({
  pid,
  environ: encodeEnviron({ PATH: defaultPath }),
  cmdline: ['/pause'],
});

/** The runtime of a container that was given none: a minimal environment. */
export function defaultRuntime(pod: Pod, container: string): SimulatedContainer {
  return {
    environ: {
      PATH: defaultPath,
      HOSTNAME: pod.spec.hostname ?? pod.metadata.name,
      HOME: '/root',
    },
    cmdline: defaultCmdline(pod, container),
  };
}

function defaultCmdline(pod: Pod, container: string): string[] {
  const spec = pod.spec.containers.find((candidate) => candidate.name === container);
  const argv = [...(spec?.command ?? []), ...(spec?.args ?? [])];
  return argv.length > 0 ? argv : ['/docker-entrypoint.sh'];
}

function mainProcess(pod: Pod, container: string, runtime: SimulatedContainer, pid: number): SimulatedProcess {
  return {
    pid,
    environ: environBytes(runtime.environ),
    cmdline: runtime.cmdline ?? defaultCmdline(pod, container),
  };
}

/** Builds the process table for a command exec'd into `container` of `pod`. */
export function execContext(
  pod: Pod,
  container: string,
  command: readonly string[],
  runtimeOf: (container: string) => SimulatedContainer,
): ExecContext {
  const runtime = runtimeOf(container);
  const processes = new Map<number, SimulatedProcess>();
  if (pod.spec.shareProcessNamespace === true) {
    processes.set(1, pauseProcess(1));
    pod.spec.containers.forEach((spec, index) => {
      processes.set(index + 2, mainProcess(pod, spec.name, runtimeOf(spec.name), index + 2));
    });
  } else {
    processes.set(1, mainProcess(pod, container, runtime, 1));
  }
  const selfPid = Math.max(...processes.keys()) + 6; // a shell or two ran before, as in a real container
  return {
    processes,
    self: { pid: selfPid, environ: environBytes(runtime.execEnviron ?? runtime.environ), cmdline: command },
    executables: new Set(runtime.executables ?? defaultExecutables),
    engine: runtime.engine ?? 'containerd',
  };
}
