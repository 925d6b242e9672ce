import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/kube/objects';
import { type ExecResult, runCommand } from '../../src/testing/runtime/commands';
import { encodeEnviron } from '../../src/testing/runtime/environ';
import { execContext } from '../../src/testing/runtime/processes';
import type { SimulatedContainer } from '../../src/testing/types';

function pod(shareProcessNamespace = false): Pod {
  return {
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      shareProcessNamespace,
      containers: [
        { name: 'app', command: ['node'], args: ['server.js'] },
        { name: 'agent', command: ['/bin/agent'] },
      ],
    },
  };
}

const runtimes: Record<string, SimulatedContainer> = {
  app: {
    environ: Buffer.from('PATH=/usr/bin\0SECRET=main-only\0MULTI=a\nb\0'),
    execEnviron: { PATH: '/usr/bin', HOME: '/root', GREETING: 'héllo' },
  },
  agent: { environ: { PATH: '/bin', AGENT: '1' }, cmdline: ['/bin/agent', '--port', '9000'] },
};

function run(command: string[], options: { shared?: boolean; container?: string; runtime?: SimulatedContainer } = {}) {
  const container = options.container ?? 'app';
  const context = execContext(pod(options.shared), container, command, (name) =>
    name === container && options.runtime ? options.runtime : (runtimes[name] ?? { environ: {} }),
  );
  return runCommand(command, context);
}

function exited(result: ExecResult) {
  if (result.kind !== 'exited') throw new Error(`expected the command to run, got ${result.cause}`);
  return { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), exitCode: result.exitCode };
}

describe('simulated container processes', () => {
  it('shows the main process as PID 1 and the exec environment as /proc/self', () => {
    expect(exited(run(['cat', '/proc/1/environ'])).stdout).toBe('PATH=/usr/bin\0SECRET=main-only\0MULTI=a\nb\0');
    expect(exited(run(['cat', '/proc/self/environ'])).stdout).toBe('PATH=/usr/bin\0HOME=/root\0GREETING=héllo\0');
    expect(exited(run(['cat', '/proc/1/cmdline'])).stdout).toBe('node\0server.js\0');
  });

  it('with a shared process namespace, PID 1 is /pause and containers follow in order', () => {
    expect(exited(run(['cat', '/proc/1/cmdline'], { shared: true })).stdout).toBe('/pause\0');
    expect(exited(run(['cat', '/proc/1/environ'], { shared: true })).stdout).toBe(
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\0',
    );
    expect(exited(run(['cat', '/proc/2/environ'], { shared: true })).stdout).toContain('SECRET=main-only');
    // Every container sees the others' processes.
    expect(exited(run(['cat', '/proc/3/cmdline'], { shared: true, container: 'app' })).stdout).toBe(
      '/bin/agent\0--port\x009000\0',
    );
    expect(exited(run(['cat', '/proc/2/environ'], { shared: true, container: 'agent' })).stdout).toContain(
      'SECRET=main-only',
    );
    expect(exited(run(['ls', '/proc'], { shared: true })).stdout).toBe('1\n2\n3\n9\nself\n');
  });

  it('prints cat errors for missing files on stderr and exits 1 after the others', () => {
    const result = exited(run(['cat', '/proc/42/environ', '/proc/1/cmdline']));
    expect(result).toEqual({
      stdout: 'node\0server.js\0',
      stderr: 'cat: /proc/42/environ: No such file or directory\n',
      exitCode: 1,
    });
  });

  it('env and printenv print the exec environment', () => {
    expect(exited(run(['env'])).stdout).toBe('PATH=/usr/bin\nHOME=/root\nGREETING=héllo\n');
    expect(exited(run(['env', '-0'])).stdout).toBe('PATH=/usr/bin\0HOME=/root\0GREETING=héllo\0');
    expect(exited(run(['printenv', 'HOME', 'GREETING']))).toEqual({
      stdout: '/root\nhéllo\n',
      stderr: '',
      exitCode: 0,
    });
    expect(exited(run(['printenv', 'NOPE'])).exitCode).toBe(1);
  });

  it('runs sh -c one-liners: exit N and echo with quoting and expansion', () => {
    expect(exited(run(['sh', '-c', 'exit 3'])).exitCode).toBe(3);
    expect(exited(run(['/bin/sh', '-c', 'exit'])).exitCode).toBe(0);
    expect(exited(run(['sh', '-c', `echo "hi $GREETING" 'at $HOME' \${HOME}`])).stdout).toBe(
      'hi héllo at $HOME /root\n',
    );
    const other = exited(run(['sh', '-c', 'cat /etc/passwd | wc -l']));
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('cat /etc/passwd | wc -l');
  });

  it('runs echo, true, false and readlink', () => {
    expect(exited(run(['echo', '-n', 'a', 'b'])).stdout).toBe('a b');
    expect(exited(run(['true'])).exitCode).toBe(0);
    expect(exited(run(['false'])).exitCode).toBe(1);
    expect(exited(run(['readlink', '/proc/1/exe'])).stdout).toBe('/bin/node\n');
  });

  it('reports a missing executable the way containerd does', () => {
    const result = run(['cat', '/proc/1/environ'], { runtime: { environ: {}, executables: [] } });
    expect(result.kind).toBe('start-failed');
    if (result.kind !== 'start-failed') return;
    expect(result.cause).toMatch(
      /^failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "cat": executable file not found in \$PATH: unknown$/,
    );
    const absolute = run(['/bin/cat'], { runtime: { environ: {}, executables: [] } });
    expect(absolute.kind === 'start-failed' && absolute.cause).toContain(
      'exec: "/bin/cat": stat /bin/cat: no such file or directory',
    );
  });

  it('reports a missing executable the way docker does: exit 126 with the OCI error on stderr', () => {
    const result = exited(
      run(['cat', '/proc/1/environ'], { runtime: { environ: {}, executables: [], engine: 'docker' } }),
    );
    expect(result.exitCode).toBe(126);
    expect(result.stderr).toContain('exec: "cat": executable file not found in $PATH');
  });

  it('encodes records as NUL-terminated entries in key order', () => {
    expect(encodeEnviron({ B: '1', A: 'x=y\nz' })).toEqual(Buffer.from('B=1\0A=x=y\nz\0'));
  });
});
