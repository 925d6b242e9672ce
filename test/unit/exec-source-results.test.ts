/**
 * How the exec source reads the end of `cat /proc/1/environ`: exit 0 is the environment; exit
 * 126/127, or a runtime message saying the executable is missing, is "no `cat`" (`auto` falls
 * back to spec on it); any other failure says its exit code or the status reason; only a 400 on
 * the exec request means "refused", other API errors stay what they are. The exec answers come
 * from a stub client, as the API server's Status would carry them (NonZeroExitCode with an
 * ExitCode cause: exitCode set; InternalError from the runtime: exitCode undefined).
 */
import { describe, expect, it } from 'vitest';
import { type ExecUnavailableError, isKubenvError, KubeApiError } from '../../src/errors';
import type { KubeClient } from '../../src/kube/client';
import type { ExecResult } from '../../src/kube/exec';
import type { Pod } from '../../src/kube/objects';
import type { Resolution } from '../../src/resolve/resolve';
import { readByExec } from '../../src/sources/exec-source';

const signal = new AbortController().signal;

function podObject(overrides: { status?: unknown; containers?: string[] } = {}): Pod {
  return {
    metadata: { name: 'api-0', namespace: 'ns' },
    spec: { containers: (overrides.containers ?? ['app']).map((name) => ({ name })) },
    status:
      'status' in overrides
        ? overrides.status
        : { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }] },
  } as unknown as Pod;
}

function resolution(pod: Pod, container = 'app'): Resolution {
  return {
    resolved: { target: 'pod/api-0', namespace: 'ns', pod: pod.metadata.name, container } as Resolution['resolved'],
    pod,
    template: undefined,
  };
}

/** A client whose exec answers with `results` in turn (the last one repeats), or throws `error`. */
function client(results: ExecResult[] | Error): { client: KubeClient; calls: string[][] } {
  const calls: string[][] = [];
  const exec = async (request: { command: readonly string[] }) => {
    calls.push([...request.command]);
    if (results instanceof Error) throw results;
    return results[Math.min(calls.length - 1, results.length - 1)] as ExecResult;
  };
  return { client: { exec } as unknown as KubeClient, calls };
}

const ok = (environ: string): ExecResult => ({
  stdout: Buffer.from(environ),
  stderr: Buffer.alloc(0),
  exitCode: 0,
  status: { status: 'Success' },
});
const failed = (exitCode: number | undefined, status: ExecResult['status']): ExecResult => ({
  stdout: Buffer.alloc(0),
  stderr: Buffer.alloc(0),
  exitCode,
  status,
});
const nonZero = (code: number) =>
  failed(code, {
    status: 'Failure',
    reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
  });

async function unavailable(results: ExecResult[] | Error, pod = podObject()): Promise<ExecUnavailableError> {
  const error = await readByExec(client(results).client, resolution(pod), signal).catch((e: unknown) => e);
  expect(isKubenvError(error, 'EXEC_UNAVAILABLE')).toBe(true);
  return error as ExecUnavailableError;
}

describe('the end of the exec', () => {
  it('exit 0: the environment, read once', async () => {
    const { client: c, calls } = client([ok('A=1\0B=2\0HOSTNAME=api-0\0')]);
    const result = await readByExec(c, resolution(podObject()), signal);
    expect(result.env).toEqual({ A: '1', B: '2', HOSTNAME: 'api-0' });
    expect(calls).toEqual([['cat', '/proc/1/environ']]);
    expect(result.how).toBe('cat /proc/1/environ in api-0/app');
  });

  it.each([126, 127])(
    'exit %i (docker runs the exec and reports the missing executable so): no `cat`',
    async (code) => {
      const error = await unavailable([nonZero(code)]);
      expect(error.reason).toBe('no-reader');
    },
  );

  it.each([1, 2, 125, 128, 137])('exit %i: the exec failed, saying the exit code', async (code) => {
    const error = await unavailable([nonZero(code)]);
    expect(error.reason).toBe('exec-failed');
    expect(error.message).toContain(`exit code ${code}`);
  });

  it.each([
    'exec: "cat": executable file not found in $PATH',
    'exec: "/bin/cat": stat /bin/cat: no such file or directory',
    'cat: not found in $PATH',
  ])('containerd cannot start it (%s): no `cat`', async (detail) => {
    const error = await unavailable([
      failed(undefined, {
        status: 'Failure',
        reason: 'InternalError',
        message: `Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: ${detail}: unknown`,
      }),
    ]);
    expect(error.reason).toBe('no-reader');
  });

  it('any other runtime error without an exit code: the exec failed, with its reason', async () => {
    const error = await unavailable([
      failed(undefined, { status: 'Failure', reason: 'InternalError', message: 'container is paused' }),
    ]);
    expect(error.reason).toBe('exec-failed');
    expect(error.message).toContain('InternalError');
  });

  it('no exit code and no reason: still an error, never an empty environment', async () => {
    const error = await unavailable([failed(undefined, { status: 'Failure' })]);
    expect(error.reason).toBe('exec-failed');
    expect(error.message).toContain('an error');
  });

  it('a non-zero exit that printed environment-like output is still a failure', async () => {
    const error = await unavailable([{ ...nonZero(1), stdout: Buffer.from('A=1\0') }]);
    expect(error.reason).toBe('exec-failed');
  });

  it('a stream cut before the status is read again once, then given up', async () => {
    const cut = failed(undefined, undefined);
    const { client: twice, calls } = client([cut, ok('A=1\0HOSTNAME=api-0\0')]);
    expect((await readByExec(twice, resolution(podObject()), signal)).env['A']).toBe('1');
    expect(calls).toHaveLength(2);
    const error = await unavailable([cut]);
    expect(error.reason).toBe('stream-cut');
  });
});

describe('API errors on the exec request', () => {
  it('400 (refused before the upgrade): exec-failed, with the API error as its cause', async () => {
    const apiError = new KubeApiError('exec', 400, 'BadRequest');
    const error = await unavailable(apiError);
    expect(error.reason).toBe('exec-failed');
    expect(error.cause).toBe(apiError);
  });

  it.each([401, 404, 500, 503])('%i stays the API error, not "refused (400 Bad Request)"', async (status) => {
    const apiError = new KubeApiError('exec', status, undefined);
    const error = await readByExec(client(apiError).client, resolution(podObject()), signal).catch((e: unknown) => e);
    expect(error).toBe(apiError);
  });

  it('an error that is not an API error passes through', async () => {
    const other = Object.assign(new Error('socket hang up'), { status: 400 });
    const error = await readByExec(client(other).client, resolution(podObject()), signal).catch((e: unknown) => e);
    expect(error).toBe(other);
  });
});

describe('which container must be running', () => {
  it('a pod without a status is in an unknown phase, not a crash', async () => {
    const error = await unavailable([ok('A=1\0')], podObject({ status: undefined }));
    expect(error.reason).toBe('not-running');
    expect(error.message).toContain('unknown phase');
  });

  it('a Running pod without container statuses yet is read', async () => {
    const pod = podObject({ status: { phase: 'Running' } });
    const result = await readByExec(client([ok('A=1\0HOSTNAME=api-0\0')]).client, resolution(pod), signal);
    expect(result.env['A']).toBe('1');
  });

  it('a container status without a state is not running, not a crash', async () => {
    const error = await unavailable(
      [ok('A=1\0')],
      podObject({ status: { phase: 'Running', containerStatuses: [{ name: 'app' }] } }),
    );
    expect(error.reason).toBe('not-running');
  });

  it("another container's state does not matter: a crashing sidecar, a running target", async () => {
    const pod = podObject({
      containers: ['sidecar', 'app'],
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'sidecar', state: { waiting: { reason: 'CrashLoopBackOff' } } },
          { name: 'app', state: { running: {} } },
        ],
      },
    });
    const result = await readByExec(client([ok('A=1\0HOSTNAME=api-0\0')]).client, resolution(pod), signal);
    expect(result.env['A']).toBe('1');
  });

  it('a running sidecar does not make a crashing target readable', async () => {
    const pod = podObject({
      containers: ['sidecar', 'app'],
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'sidecar', state: { running: {} } },
          { name: 'app', state: { terminated: { reason: 'Error', exitCode: 1 } } },
        ],
      },
    });
    const error = await unavailable([ok('A=1\0')], pod);
    expect(error.message).toContain('(Error)');
  });
});
