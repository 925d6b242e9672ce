/**
 * One run of an exec credential plugin, as a caller of the runner sees it (client-go's
 * plugin/pkg/client/auth/exec/exec.go is the reference): the credential it hands back, how an
 * abort or a deadline ends it (also when the plugin's own child keeps its stdout open), and what
 * a failure keeps (the spawn error's code, never the environment the plugin was given).
 * Real plugin processes; every one is gone when its test ends.
 */
import {
  chmodSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/index';
import type { ExecPlugin } from '../../src/kube/exec-credential/config';
import { runExecPlugin } from '../../src/kube/exec-credential/run';
import { V1, writePlugin } from '../support/plugins';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-plugin-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SECRET = 'env-secret-7f3a1b-do-not-show';
let count = 0;
const freshDir = () => {
  const dir = path.join(root, String(count++));
  mkdirSync(dir, { recursive: true });
  return dir;
};

function entry(command: string, fields: Partial<ExecPlugin> = {}): ExecPlugin {
  return {
    apiVersion: V1,
    command,
    args: [],
    env: [],
    installHint: undefined,
    interactiveMode: 'Never',
    cluster: undefined,
    user: 'tester',
    ...fields,
  };
}

/** A plugin that prints `stdout` as it is. */
function printing(stdout: unknown) {
  const text = typeof stdout === 'string' ? stdout : JSON.stringify(stdout);
  return writePlugin({ stdout: text }, { dir: freshDir() });
}

const run = (plugin: ExecPlugin, options: { signal?: AbortSignal; timeoutMs?: number; terminal?: boolean } = {}) =>
  runExecPlugin(plugin, {
    env: { PATH: process.env['PATH'], KUBENV_TEST_SECRET: SECRET },
    signal: options.signal ?? new AbortController().signal,
    timeoutMs: options.timeoutMs,
    stdinIsTerminal: options.terminal ?? false,
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

const credential = (status: unknown) => ({ kind: 'ExecCredential', apiVersion: V1, status });

describe('the credential a plugin hands back', () => {
  it('a token, with no certificate, key or expiry', async () => {
    const plugin = printing(credential({ token: 'tok' }));
    expect(await run(entry(plugin.path))).toEqual({
      token: 'tok',
      cert: undefined,
      key: undefined,
      expiresAt: undefined,
    });
  });

  it('a certificate and key, empty strings counting as absent', async () => {
    const plugin = printing(credential({ token: '', clientCertificateData: 'CERT', clientKeyData: 'KEY' }));
    expect(await run(entry(plugin.path))).toEqual({ token: undefined, cert: 'CERT', key: 'KEY', expiresAt: undefined });
  });

  it('empty certificate and key next to a token are absent, not empty', async () => {
    const plugin = printing(credential({ token: 'tok', clientCertificateData: '', clientKeyData: '' }));
    expect(await run(entry(plugin.path))).toEqual({
      token: 'tok',
      cert: undefined,
      key: undefined,
      expiresAt: undefined,
    });
  });

  it('an expirationTimestamp becomes the expiry time', async () => {
    const plugin = printing(credential({ token: 'tok', expirationTimestamp: '2030-01-02T03:04:05Z' }));
    expect((await run(entry(plugin.path))).expiresAt).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
  });

  it('a certificate and key are kept next to a token', async () => {
    const plugin = printing(credential({ token: 'tok', clientCertificateData: 'CERT', clientKeyData: 'KEY' }));
    expect(await run(entry(plugin.path))).toMatchObject({ token: 'tok', cert: 'CERT', key: 'KEY' });
  });
});

describe('output that is refused names the plugin and tells how to check it', () => {
  it.each([
    ['null', 'null', 'did not print an ExecCredential'],
    ['a token with a certificate but no key', credential({ token: 'tok', clientCertificateData: 'C' }), 'only a'],
    ['a token with a key but no certificate', credential({ token: 'tok', clientKeyData: 'K' }), 'only a'],
    // A field that is not a string is not there (client-go cannot even decode it).
    ['a certificate that is not a string', credential({ clientCertificateData: 42, clientKeyData: 'K' }), 'only a'],
    ['a key that is not a string', credential({ clientCertificateData: 'C', clientKeyData: 42 }), 'only a'],
  ])('%s', async (_what, stdout, problem) => {
    const plugin = printing(stdout);
    const error = await rejection(run(entry(plugin.path)));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'invalid-output', command: plugin.path });
    expect((error as Error).message).toContain(problem);
    expect((error as { hint?: string }).hint).toBe(
      `Check that \`${plugin.path}\` prints an ExecCredential of apiVersion ${V1} (run it by hand).`,
    );
  });
});

describe('a plugin that cannot be started', () => {
  it('missing: not-found, the cause is the spawn error code only, never the env it was given', async () => {
    const command = path.join(root, 'no-such-plugin');
    const error = await rejection(run(entry(command)));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'not-found' });
    expect((error as { summary?: string }).summary).toBe(
      `The credential plugin \`${command}\` of user "tester" was not found.`,
    );
    const cause = (error as Error).cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('SpawnError');
    expect(cause.message).toBe('spawn ENOENT');
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });

  it('not executable: failed, with the code in the message and the cause', async () => {
    const command = path.join(freshDir(), 'get-token');
    writeFileSync(command, '#!/bin/sh\necho never\n');
    chmodSync(command, 0o644);
    const error = await rejection(run(entry(command)));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'failed', exitCode: undefined });
    expect((error as Error).message).toContain('could not be started (EACCES)');
    expect(((error as Error).cause as Error).message).toBe('spawn EACCES');
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });

  it('killed by a signal: failed, without an exit code', async () => {
    const command = path.join(freshDir(), 'get-token');
    writeFileSync(command, `#!${process.execPath}\nprocess.kill(process.pid, 'SIGKILL');\n`);
    chmodSync(command, 0o755);
    const error = await rejection(run(entry(command)));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'failed', exitCode: undefined });
    expect((error as Error).message).toContain('was killed by SIGKILL');
  });
});

describe('an abort or a deadline ends the run', () => {
  const grandchildren: string[] = [];
  afterEach(() => {
    // The plugin's own child, which the runner does not wait for: stop it here.
    for (const file of grandchildren.splice(0)) {
      try {
        process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('a signal that is already aborted: rejected with its reason, and the plugin never runs', async () => {
    const plugin = writePlugin({ tokens: ['tok'] }, { dir: freshDir() });
    const reason = new Error('cancelled before it started');
    const error = await rejection(run(entry(plugin.path), { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(plugin.runs()).toBe(0);
  });

  it('an abort while it runs: rejected with exactly the reason', async () => {
    const plugin = writePlugin({ hang: true }, { dir: freshDir() });
    const controller = new AbortController();
    const reason = new Error('user pressed ctrl-c');
    const running = run(entry(plugin.path), { signal: controller.signal });
    await waitForRuns(plugin, 1);
    controller.abort(reason);
    expect(await rejection(running)).toBe(reason);
  });

  it('a deadline: a TimeoutError naming the plugin, its timeout, and what to try', async () => {
    const plugin = writePlugin({ hang: true }, { dir: freshDir() });
    const controller = new AbortController();
    const running = run(entry(plugin.path), { signal: controller.signal, timeoutMs: 1234 });
    await waitForRuns(plugin, 1);
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const error = await rejection(running);
    expect(isKubenvError(error, 'TIMEOUT')).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 1234 });
    expect((error as { summary?: string }).summary).toBe(
      `The credential plugin \`${plugin.path}\` timed out after 1234 ms.`,
    );
    expect((error as { hint?: string }).hint).toBe(
      `Run \`${plugin.path}\` by hand: it may be waiting for a login; raise \`timeout\` (--timeout) if it is slow.`,
    );
  });

  it('a plugin whose own child keeps its stdout open: the abort ends the run and releases the pipe', async () => {
    const dir = freshDir();
    const pidFile = path.join(dir, 'grandchild.pid');
    grandchildren.push(pidFile);
    const command = path.join(dir, 'get-token.mjs');
    // The grandchild inherits stdout and outlives the plugin, which the abort kills.
    writeFileSync(
      command,
      `#!${process.execPath}
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'ignore'] });
writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
setInterval(() => {}, 1000);
`,
    );
    chmodSync(command, 0o755);
    const pipes = () => process.getActiveResourcesInfo().filter((kind) => kind === 'PipeWrap').length;
    const before = pipes();
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = run(entry(command), { signal: controller.signal });
    await waitFor(() => {
      try {
        return statSync(pidFile).size > 0;
      } catch {
        return false;
      }
    });
    controller.abort(reason);
    expect(await rejection(running)).toBe(reason);
    // And the runner lets go of the pipe the grandchild still holds, or this process could not exit.
    await waitFor(() => pipes() <= before);
  });

  it('an abort after the plugin exited but before its output closed: rejected, the output not used', async () => {
    const dir = freshDir();
    const pidFile = path.join(dir, 'grandchild.pid');
    const exited = path.join(dir, 'plugin.pid');
    grandchildren.push(pidFile);
    const command = path.join(dir, 'get-token.mjs');
    // Prints a valid credential and exits 0, while its child keeps stdout open.
    writeFileSync(
      command,
      `#!${process.execPath}
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'ignore'] });
child.unref();
writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
writeFileSync(${JSON.stringify(exited)}, String(process.pid));
process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: ${JSON.stringify(V1)}, status: { token: 'tok' } }));
`,
    );
    chmodSync(command, 0o755);
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = run(entry(command), { signal: controller.signal });
    // Until this process has reaped the plugin: a kill can no longer reach it.
    await waitFor(() => existsSync(exited) && !alive(Number(readFileSync(exited, 'utf8'))));
    controller.abort(reason);
    expect(await rejection(running)).toBe(reason);
  });
});

describe('stdin', () => {
  it('Always without a terminal: refused before it runs, saying why and what to do', async () => {
    const plugin = writePlugin({ tokens: ['tok'] }, { dir: freshDir() });
    const error = await rejection(run(entry(plugin.path, { interactiveMode: 'Always' }), { terminal: false }));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'not-interactive' });
    expect((error as { summary?: string }).summary).toContain(
      'needs a terminal (interactiveMode: Always) and stdin is not one',
    );
    expect((error as { hint?: string }).hint).toBe(
      'Run it once in a terminal to log in, or use a plugin mode that needs no input.',
    );
    expect(plugin.runs()).toBe(0);
  });

  it('by default, whether stdin is a terminal is what process.stdin says', async () => {
    const stdin = process.stdin as { isTTY?: boolean };
    const saved = Object.getOwnPropertyDescriptor(stdin, 'isTTY');
    const runDefault = async (isTTY: boolean | undefined) => {
      const plugin = writePlugin({ tokens: ['tok'] }, { dir: freshDir() });
      Object.defineProperty(stdin, 'isTTY', { value: isTTY, configurable: true, writable: true });
      try {
        await runExecPlugin(entry(plugin.path, { interactiveMode: 'IfAvailable' }), {
          env: { PATH: process.env['PATH'] },
          signal: new AbortController().signal,
        });
      } finally {
        if (saved) Object.defineProperty(stdin, 'isTTY', saved);
        else delete stdin.isTTY;
      }
      return (plugin.calls()[0]?.execInfo as { spec?: { interactive?: boolean } } | undefined)?.spec?.interactive;
    };
    expect(await runDefault(true)).toBe(true);
    expect(await runDefault(undefined)).toBe(false);
  });

  const stdinPlugin = (dir: string) => {
    const command = path.join(dir, 'get-token.mjs');
    const out = path.join(dir, 'stdin.json');
    writeFileSync(
      command,
      `#!${process.execPath}
import { fstatSync, writeFileSync } from 'node:fs';
const s = fstatSync(0);
writeFileSync(${JSON.stringify(out)}, JSON.stringify({ dev: s.dev, ino: s.ino }));
process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: ${JSON.stringify(V1)}, status: { token: 'tok' } }));
`,
    );
    chmodSync(command, 0o755);
    return { command, seen: () => JSON.parse(readFileSync(out, 'utf8')) as { dev: number; ino: number } };
  };

  it('a plugin that is not interactive reads nothing: its stdin is /dev/null', async () => {
    const { command, seen } = stdinPlugin(freshDir());
    await run(entry(command, { interactiveMode: 'IfAvailable' }), { terminal: false });
    const devNull = statSync('/dev/null');
    expect(seen()).toEqual({ dev: devNull.dev, ino: devNull.ino });
  });

  it("an interactive plugin gets this process's stdin", async () => {
    const { command, seen } = stdinPlugin(freshDir());
    await run(entry(command, { interactiveMode: 'IfAvailable' }), { terminal: true });
    const ours = fstatSync(0);
    expect(seen()).toEqual({ dev: ours.dev, ino: ours.ino });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function waitForRuns(plugin: { runs(): number }, runs: number): Promise<void> {
  return waitFor(() => plugin.runs() >= runs);
}
