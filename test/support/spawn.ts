/**
 * Running a process without blocking the event loop (the simulated cluster lives in the test
 * process: spawnSync would freeze it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';

/**
 * `env` with the test run's temp folder (test/support/temp-root.ts) unless it names its own: a
 * test that hands a process a hand-made env would otherwise send its temp files, and Node's and
 * kubenv's compile caches (os.tmpdir()/node-compile-cache), to the machine's temp folder for good.
 */
export function inTestTmp(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { TMPDIR: os.tmpdir(), ...env };
}

export interface Completed {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion, in the test run's temp folder; `onStart` gets the child (to send signals). */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; onStart?: (child: ChildProcess) => void } = {},
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: inTestTmp(options.env ?? process.env),
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    options.onStart?.(child);
  });
}
