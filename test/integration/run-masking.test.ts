import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { secretPod } from '../support/secret-pod';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const CONCEALED = '<concealed by kubenv>';
const DB_PASSWORD = 'pa55-w0rd-of-the-day';
const API_TOKEN = 'tok_9f8e7d6c5b4a';
// Overlaps API_TOKEN: `tok_9f8e7d6c5b4a` and `5b4a-suffix` share `5b4a`.
const SIGNING_KEY = '5b4a-suffix';
const IMAGE_SALT = 'baked-into-the-image';

const cluster = useCluster(() => [
  secretPod({
    name: 'api',
    namespace: 'mask',
    plain: { GREETING: 'hello-world', SHORT_FLAG: 'on' },
    secret: { DB_PASSWORD, API_TOKEN, SIGNING_KEY, PIN: '42' },
    image: { IMAGE_SALT },
  }),
]);

const kubenv = (args: string[], options: Parameters<typeof run>[2] = {}) =>
  run(process.execPath, ['--', CLI, 'run', '-q', '-t', 'pod/api', '-n', 'mask', '--source', 'exec', ...args], {
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: cluster().kubeconfigPath },
    ...options,
  });
const node = (script: string) => ['--', process.execPath, '-e', script];

describe('kubenv run masks secret values in output that is not a terminal', () => {
  it('conceals Secret values and values of unknown origin on stdout and stderr, and nothing else', async () => {
    const result = await kubenv(
      node(`const e = process.env;
        console.log('db', e.DB_PASSWORD, 'greeting', e.GREETING);
        console.error('token=' + e.API_TOKEN + ' salt=' + e.IMAGE_SALT);`),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`db ${CONCEALED} greeting hello-world\n`);
    expect(result.stderr).toContain(`token=${CONCEALED} salt=${CONCEALED}\n`);
    expect(result.stderr).not.toContain(API_TOKEN);
  });

  it('conceals a value written in pieces, with pauses between the writes', async () => {
    const result = await kubenv(
      node(`const v = process.env.DB_PASSWORD;
        process.stdout.write('before ' + v.slice(0, 3));
        setTimeout(() => process.stdout.write(v.slice(3, 9)), 150);
        setTimeout(() => process.stdout.write(v.slice(9) + ' after\\n'), 300);`),
    );
    expect(result.stdout).toBe(`before ${CONCEALED} after\n`);
  });

  it('shows no part of overlapping values', async () => {
    const result = await kubenv(node(`console.log('x ' + process.env.API_TOKEN + '-suffix y')`));
    expect(result.stdout).toBe(`x ${CONCEALED} y\n`);
  });

  it('writes each line at once: no latency added to line-buffered output', async () => {
    const arrivals: number[] = [];
    let exitedAt = 0;
    await kubenv(node(`console.log('first line'); setTimeout(() => console.log('second line'), 800)`), {
      onStart: (child) => {
        child.stdout?.on('data', () => arrivals.push(performance.now()));
        child.on('exit', () => {
          exitedAt = performance.now();
        });
      },
    });
    expect(arrivals.length).toBeGreaterThanOrEqual(2);
    // The first line arrived while the child was still sleeping, not at its exit.
    expect(exitedAt - (arrivals[0] ?? exitedAt)).toBeGreaterThan(500);
  });

  it('passes huge output through intact, every occurrence concealed', async () => {
    // 64 MiB: 1 MiB blocks of filler with the password at a different offset in each block.
    const result = await kubenv(
      node(`const v = process.env.DB_PASSWORD; const filler = 'y'.repeat(1 << 20);
        let i = 0; const next = () => { while (i < 64) { const at = (i * 7919) % filler.length;
          const ok = process.stdout.write(filler.slice(0, at) + v + filler.slice(at) + '\\n'); i++;
          if (!ok) return process.stdout.once('drain', next); } }; next();`),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(DB_PASSWORD);
    expect(result.stdout.split(CONCEALED)).toHaveLength(65);
    expect(result.stdout.length).toBe(64 * ((1 << 20) + CONCEALED.length + 1));
  }, 60_000);

  it('keeps the exit code and the signal of the child', async () => {
    const exited = await kubenv(node(`console.log(process.env.DB_PASSWORD); process.exitCode = 7`));
    expect(exited.code).toBe(7);
    expect(exited.stdout).toBe(`${CONCEALED}\n`);
    const killed = await kubenv(
      node(`process.stdout.write(process.env.DB_PASSWORD + '\\n', () => process.kill(process.pid, 'SIGKILL'))`),
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe(`${CONCEALED}\n`);
  });

  it('when its reader goes away (| head), exits 141 quietly, as without masking', async () => {
    const result = await kubenv(node(`setInterval(() => process.stdout.write(process.env.DB_PASSWORD + '\\n'), 1)`), {
      onStart: (child) => {
        child.stdout?.once('data', () => child.stdout?.destroy());
      },
    });
    expect(result.code).toBe(141);
    expect(result.stderr).not.toContain('EPIPE');
  });

  it('--no-masking shows the values', async () => {
    const result = await kubenv(['--no-masking', ...node(`console.log(process.env.DB_PASSWORD)`)]);
    expect(result.stdout).toBe(`${DB_PASSWORD}\n`);
  });

  it('says which Secret values are too short to mask, by name only', async () => {
    const result = await kubenv(node(`console.log('pin', process.env.PIN, process.env.SHORT_FLAG)`));
    expect(result.stdout).toBe('pin 42 on\n');
    expect(result.stderr).toContain('kubenv: warning: not masking PIN: values this short');
    expect(result.stderr).not.toContain('SHORT_FLAG');
  });
});

describe('kubenv run on a terminal', () => {
  // `script` gives the command a pseudo-terminal for stdout and stderr (util-linux).
  const onTerminal = (args: string[]) => {
    const line = [process.execPath, '--', CLI, 'run', '-q', '-t', 'pod/api', '-n', 'mask', ...args]
      .map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    return run('script', ['-qec', line, '/dev/null'], {
      cwd: EMPTY_PROJECT,
      env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: cluster().kubeconfigPath },
    });
  };
  const print = ['--', process.execPath, '-e', 'console.log(process.env.DB_PASSWORD)'];

  it('leaves a terminal alone by default, and masks it with --masking', async () => {
    const plain = await onTerminal(print);
    expect(plain.stdout).toContain(DB_PASSWORD);
    const forced = await onTerminal(['--masking', ...print]);
    expect(forced.stdout).toContain(CONCEALED);
    expect(forced.stdout).not.toContain(DB_PASSWORD);
  });
});
