/**
 * Attacks on the kubenv process itself: where `print -o` writes, a reader that goes away, a child
 * killed by signals Node treats specially, and an environment too large to start a process.
 * Targetless with an env file: no cluster is needed to reach these paths.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_PROJECT } from '../support/cluster';
import { inTestTmp, run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-faults-cli-'));
const envFile = path.join(dir, 'small.env');
writeFileSync(envFile, 'GREETING=hello\nTOKEN=s3cr3t-value\n');
const bigEnvFile = path.join(dir, 'big.env');
// One value over Linux's MAX_ARG_STRLEN (32 pages, 128 KiB): execve refuses with E2BIG.
writeFileSync(bigEnvFile, `HUGE=${'x'.repeat(200_000)}\n`);
const env = { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT };
const targetless = (file = envFile) => ['-t', 'targetless', '--env-file', file];
const kubenv = (args: string[]) => run(process.execPath, ['--', CLI, ...args], { cwd: EMPTY_PROJECT, env });

/** Runs kubenv with its stdout already closed by the reader. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--', CLI, ...args], {
      cwd: EMPTY_PROJECT,
      env: inTestTmp(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('kubenv print -o into something that is not a regular file', () => {
  it('writes into /proc/self/fd/1 (its own stdout) instead of failing or renaming over it', async () => {
    const result = await kubenv(['print', ...targetless(), '-o', '/proc/self/fd/1']);
    expect(result.stderr).toBe('kubenv: wrote 2 variables to /proc/self/fd/1\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("GREETING='hello'\nTOKEN='s3cr3t-value'\n");
  });
});

describe('a closed stdout', () => {
  for (const args of [['--help'], ['print', ...targetless()], ['run', '--help']]) {
    it(`kubenv ${args[0]} exits 141 without a stack trace`, async () => {
      const result = await withClosedStdout(args);
      expect(result.code).toBe(141);
      expect(result.stderr).toBe('');
    });
  }
});

describe('kubenv run: a child killed by a signal', () => {
  const killedBy = (signal: string) =>
    // A shell child: a Node child would itself ignore SIGPIPE and open an inspector on SIGUSR1.
    kubenv(['run', '-q', ...targetless(), '--', 'sh', '-c', `kill -${signal.slice(3)} $$`]);

  it('SIGUSR1 gives 138 and does not open the inspector in kubenv', async () => {
    const result = await killedBy('SIGUSR1');
    expect(result.code).toBe(138);
    expect(result.stderr).not.toMatch(/Debugger|inspector|9229/);
  });

  it('SIGPIPE gives 141', async () => {
    expect((await killedBy('SIGPIPE')).code).toBe(141);
  });

  it('SIGQUIT gives 131, and kubenv does not dump core (its memory holds the secrets)', async () => {
    const result = await killedBy('SIGQUIT');
    expect(result.code).toBe(131);
    expect(result.signal).toBeNull();
  });

  it('SIGTERM ends kubenv with the same signal, as a shell expects', async () => {
    const result = await killedBy('SIGTERM');
    expect(result.signal).toBe('SIGTERM');
  });
});

describe('kubenv run: an environment too large to start a process', () => {
  it('is a clear error naming E2BIG, exit 126, and no value in the output', async () => {
    const result = await kubenv(['run', '-q', ...targetless(bigEnvFile), '--', 'true']);
    expect(result.code).toBe(126);
    expect(result.stderr).toContain('the environment is too large to start a process (E2BIG');
    expect(result.stderr).toContain('hint:');
    expect(result.stderr).not.toContain('xxxx');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
