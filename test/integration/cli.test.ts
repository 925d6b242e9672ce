import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { deploymentMidRollout, distrolessPod, podFixture, type Secret } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const TRICKY = {
  SPACES: '  padded  ',
  QUOTES: `it's "quoted"`,
  DOLLAR: '$HOME $(cmd) ${x}',
  BACKSLASH: 'C:\\dir\\n',
  NEWLINES: 'line1\nline2',
  UNICODE: 'Grüße 🚀',
  EQUALS: 'a=b=c',
};

const fixtures = () => [
  deploymentMidRollout(),
  distrolessPod(),
  podFixture({ name: 'tricky', namespace: 'values', env: TRICKY }),
];
const cluster = useCluster(fixtures);

const cliEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env['PATH'] ?? '',
  HOME: EMPTY_PROJECT,
  KUBECONFIG: cluster().kubeconfigPath,
  ...extra,
});
const kubenv = (args: string[], options: Parameters<typeof run>[2] = {}) =>
  // `--` as in the bin's shebang: node must not read kubenv's --env-file flag itself.
  run(process.execPath, ['--', CLI, ...args], { cwd: EMPTY_PROJECT, env: cliEnv(), ...options });

const TRICKY_TARGET = ['-t', 'pod/tricky', '-n', 'values', '--source', 'exec', '-s', Object.keys(TRICKY).join(';')];

describe('kubenv run', () => {
  it('passes the child exit code through', async () => {
    const result = await kubenv([
      'run',
      '-t',
      'deploy/checkout',
      '-n',
      'shop',
      '--',
      process.execPath,
      '-e',
      'process.exit(7)',
    ]);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('kubenv: deployment/checkout -> checkout-5c9d8f6b7d-p4t7r/app');
  });

  it('gives the child the remote env, remote winning over local', async () => {
    const result = await kubenv(
      [
        'run',
        '-q',
        '-t',
        'deploy/checkout',
        '-n',
        'shop',
        '--',
        process.execPath,
        '-e',
        'console.log(process.env.NODE_ENV, process.env.APP_VERSION)',
      ],
      { env: cliEnv({ NODE_ENV: 'local-value' }) },
    );
    expect(result.stdout.trim()).toBe('production 1.5.0');
  });

  it('forwards SIGTERM to the child', async () => {
    const script =
      "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42) }); console.log('ready'); setInterval(() => {}, 1000)";
    const result = await kubenv(
      ['run', '-q', '-t', 'deploy/checkout', '-n', 'shop', '--', process.execPath, '-e', script],
      {
        onStart: (child) => {
          child.stdout?.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('ready')) child.kill('SIGTERM');
          });
        },
      },
    );
    expect(result.stdout).toContain('child got SIGTERM');
    expect(result.code).toBe(42);
  });

  it('a child killed by a signal makes kubenv end by the same signal', async () => {
    const result = await kubenv([
      'run',
      '-q',
      '-t',
      'targetless',
      '--',
      process.execPath,
      '-e',
      "process.kill(process.pid, 'SIGKILL')",
    ]);
    expect(result.signal).toBe('SIGKILL');
  });

  it('a missing command exits 127 with a clear line', async () => {
    const result = await kubenv(['run', '-q', '-t', 'targetless', '--', 'no-such-command-xyz']);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('cannot run "no-such-command-xyz": command not found');
  });
});

describe('kubenv print round-trips through each format reader', () => {
  it('json', async () => {
    const result = await kubenv(['print', ...TRICKY_TARGET, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(TRICKY);
  });

  it('dotenv, written with -o at mode 0600', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-print-')), '.env');
    const result = await kubenv(['print', ...TRICKY_TARGET, '-o', file]);
    expect(result.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseDotenv(readFileSync(file, 'utf8'))).toEqual(TRICKY);
  });

  it('sh, sourced by a real shell', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-sh-'));
    const result = await kubenv(['print', ...TRICKY_TARGET, '--format', 'sh', '-o', path.join(dir, 'env.sh')]);
    expect(result.code).toBe(0);
    const dump = `${JSON.stringify(process.execPath)} -e 'console.log(JSON.stringify(process.env))'`;
    const sourced = await run('sh', ['-c', `set -a; . ./env.sh; ${dump}`], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '' },
    });
    const env = JSON.parse(sourced.stdout) as Record<string, string>;
    for (const [name, value] of Object.entries(TRICKY)) expect(env[name]).toBe(value);
  });

  it('docker refuses a value with a newline, naming the variable only', async () => {
    const result = await kubenv(['print', ...TRICKY_TARGET, '--format', 'docker']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot write NEWLINES in docker format');
    expect(result.stderr).not.toContain('line1');
    expect(result.stdout).toBe('');
  });

  it('compose', async () => {
    const result = await kubenv(['print', ...TRICKY_TARGET, '--format', 'compose']);
    const { load } = await import('js-yaml');
    const doc = load(result.stdout) as { environment: Record<string, string> };
    expect(Object.fromEntries(Object.entries(doc.environment).map(([k, v]) => [k, v.replaceAll('$$', '$')]))).toEqual(
      TRICKY,
    );
  });
});

describe('kubenv resolve and ls', () => {
  it('resolve says which pod and container, and why', async () => {
    const result = await kubenv(['resolve', '-t', 'deploy/checkout', '-n', 'shop']);
    expect(result.stdout).toMatch(/pod\s+checkout-5c9d8f6b7d-p4t7r/);
    expect(result.stdout).toMatch(/container\s+app \(first non-sidecar\)/);
    const json = JSON.parse((await kubenv(['resolve', '-t', 'deploy/checkout', '-n', 'shop', '--json'])).stdout);
    expect(json.revision).toBe('revision 2');
  });

  it('ls lists pods with containers and workloads', async () => {
    const result = await kubenv(['ls', '-n', 'shop', '--json']);
    const targets = JSON.parse(result.stdout) as string[];
    expect(targets).toContain('deployment/checkout');
    expect(targets).toContain('pod/checkout-5c9d8f6b7d-p4t7r/container/app');
    expect(targets.some((t) => t.startsWith('replicaset/checkout-'))).toBe(true);
  });
});

describe('failing cases: one line, a hint, non-zero, and never a secret', () => {
  const secrets = fixtures()
    .flatMap((f) => f.objects)
    .filter((o) => o.kind === 'Secret')
    .flatMap((o) => Object.values((o as Secret).data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')));

  const cases: Array<[string, string[], Record<string, string>?]> = [
    ['typo in the kind', ['print', '-t', 'deploymnet/checkout', '-n', 'shop']],
    ['missing deployment', ['print', '-t', 'deploy/checkout-v2', '-n', 'shop']],
    ['missing container', ['print', '-t', 'deploy/checkout/container/web', '-n', 'shop']],
    ['forbidden exec, exec only', ['print', '-t', 'pod/catalog-api', '-n', 'distroless', '--source', 'exec']],
    ['unknown format', ['print', '-t', 'deploy/checkout', '-n', 'shop', '--format', 'xml']],
    ['include and exclude', ['print', '-t', 'deploy/checkout', '-n', 'shop', '-s', 'A', '-x', 'B']],
    ['wrong token', ['print', '-t', 'deploy/checkout', '-n', 'shop', '--debug'], { KUBECONFIG: 'BAD' }],
    ['missing env file', ['print', '-t', 'deploy/checkout', '-n', 'shop', '--env-file', 'nope.env']],
  ];

  it.each(cases)('%s', async (_name, args, env) => {
    let extra = env;
    if (env?.['KUBECONFIG'] === 'BAD') {
      extra = { KUBECONFIG: cluster().writeKubeconfig({ token: 'bad', path: path.join(EMPTY_PROJECT, 'bad.yaml') }) };
    }
    const result = await kubenv(args, { env: cliEnv(extra) });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^kubenv: error: /);
    expect(result.stderr).toMatch(/\nhint: /);
    for (const secret of secrets) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
  });

  it('-s with -x: the include/exclude rule, before any request', async () => {
    const result = await kubenv(['print', '-t', 'deploy/checkout', '-n', 'shop', '-s', 'A', '-x', 'B']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kubenv: error: .*`include` and `exclude` are both set/);
    expect(result.stderr).toMatch(/\nhint: Pass one of them/);
  });

  it('--help works on every command', async () => {
    for (const command of ['run', 'print', 'ls', 'resolve']) {
      const result = await kubenv([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('--target');
    }
  });
});

describe('kubenv exit codes, as the README states them', () => {
  it('--version and -V print the package version and exit 0', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await kubenv([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('a command line that cannot be parsed exits 2 with a pointer to --help', async () => {
    for (const args of [['print', '--bogus'], ['frobnicate'], ['print', '-t']]) {
      const result = await kubenv(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('(add --help for usage)');
    }
  });

  // The machine's system Node, where it is older than kubenv supports (Node 20 on the dev machines).
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    const found = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    const [major = 99, minor = 0] = found === '' ? [] : found.split('.').map(Number);
    return major < 22 || (major === 22 && minor < 19);
  });
  it.skipIf(oldNode === undefined)('an older Node exits 1 naming the version needed, not a SyntaxError', async () => {
    const result = await run(oldNode ?? '', ['--', CLI, 'print', '-t', 'pod/x'], { cwd: EMPTY_PROJECT, env: cliEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^kubenv: error: kubenv needs Node\.js 22\.19 or newer; this is v\d+\.\d+\.\d+ .*\nhint: /,
    );
    expect(result.stderr).not.toContain('SyntaxError');
  });

  it('a bad flag value exits 1 with the error and hint lines', async () => {
    const result = await kubenv(['print', '-t', 'targetless', '--format', 'xml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kubenv: error: .*"xml".*\nhint: /);
  });

  it('an error with a cause adds the --debug line; --debug prints the chain instead', async () => {
    const plain = await kubenv(['print', '-t', 'pod/x', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^kubenv: error: /),
      expect.stringMatching(/^hint: /),
      '(run with --debug to see the cause chain)',
    ]);
    const debug = await kubenv(['print', '-t', 'pod/x', '--kubeconfig', '/nonexistent/kubeconfig', '--debug']);
    expect(debug.stderr).toContain('  caused by: ');
    expect(debug.stderr).not.toContain('(run with --debug');
  });
});
