/**
 * The package as a user gets it: the repository's tracked files copied as a fresh clone would
 * have them (no dist/), `npm pack` there (its `prepack` builds), the tarball installed into an
 * empty project, and every entry point used from that project, never from the repository.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../support/spawn';

const ROOT = path.resolve('.');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const WORK = mkdtempSync(path.join(os.tmpdir(), 'kubenv-tarball-'));
const CLONE = path.join(WORK, 'clone');
const PROJECT = path.join(WORK, 'project');
// The bin's shebang runs the `node` on PATH: the one running these tests comes first.
const ENV = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };

let tarball = '';
let packed: string[] = [];

/** Runs `command` in `cwd` and fails with its stderr when it exits non-zero. */
async function ok(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, { cwd, env: ENV });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  // What `git clone` would check out: tracked files plus new ones not ignored (an uncommitted
  // change is tested too), with the repository's node_modules for the build tools.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .toString()
    .split('\0')
    .filter((file) => file !== '' && !file.startsWith('dist/'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(CLONE, file)), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, file), path.join(CLONE, file));
    } catch (error) {
      // A file deleted in the work tree but not yet in the index is not in a clone either.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(CLONE, 'node_modules'), 'dir');

  // The build's own output comes first on stdout; npm's JSON report is the last thing printed.
  const output = await ok('npm', ['pack', '--json', '--pack-destination', WORK], CLONE);
  const [info] = JSON.parse(output.slice(output.lastIndexOf('\n[\n') + 1)) as [
    { filename: string; files: { path: string }[] },
  ];
  tarball = path.join(WORK, info.filename);
  packed = info.files.map((file) => file.path);

  mkdirSync(PROJECT);
  writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'empty-project', private: true }));
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], PROJECT);
}, 180_000);

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

describe('npm pack from a fresh clone, installed into an empty project', () => {
  it('packs the built package, its license and changelog, and no sources or source maps', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.cjs']) {
      expect(packed).toContain(file);
    }
    for (const file of ['dist/cli.cjs', 'dist/index.d.ts', 'dist/testing.js', 'dist/vitest.js', 'dist/register.js']) {
      expect(packed).toContain(file);
    }
    expect(
      packed.filter((file) => file.endsWith('.map') || file.startsWith('src/') || file.startsWith('test/')),
    ).toEqual([]);
  });

  it('require("kubenv") works from CommonJS', async () => {
    const out = await ok(
      process.execPath,
      [
        '-e',
        `const k = require('kubenv'); console.log(typeof k.fetchRemoteEnv, k.formatTarget(k.parseTarget('DEPLOY/api')))`,
      ],
      PROJECT,
    );
    expect(out.trim()).toBe('function deployment/api');
  });

  it('import("kubenv") works from ESM, and resolves to the installed copy', async () => {
    const out = await ok(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const k = await import('kubenv'); console.log(typeof k.withRemoteEnv, import.meta.resolve('kubenv'))`,
      ],
      PROJECT,
    );
    const [kind, url] = out.trim().split(' ');
    expect(kind).toBe('function');
    expect(url).toBe(`file://${path.join(PROJECT, 'node_modules/kubenv/dist/index.js')}`);
  });

  it('the kubenv bin prints the package version', async () => {
    const out = await ok(path.join(PROJECT, 'node_modules/.bin/kubenv'), ['--version'], PROJECT);
    expect(out.trim()).toBe(version);
  });

  it('kubenv/testing starts a simulated cluster that the installed bin and kubenv/register read', async () => {
    writeFileSync(
      path.join(PROJECT, 'check.mjs'),
      `import { execFile } from 'node:child_process';
       import { promisify } from 'node:util';
       import { deploymentMidRollout, startSimulatedCluster } from 'kubenv/testing';
       const cluster = await startSimulatedCluster({ fixtures: [deploymentMidRollout()] });
       try {
         const { stdout } = await promisify(execFile)('node_modules/.bin/kubenv',
           ['print', '-t', 'deploy/checkout', '-n', 'shop', '-s', 'APP_VERSION', '--format', 'json'],
           { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });
         const preloaded = await promisify(execFile)(process.execPath,
           ['--import', 'kubenv/register', '-p', 'process.env.FEATURE_NEW_CHECKOUT'],
           { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath,
                    MIRRORD_IMPERSONATED_TARGET: 'deploy/checkout', MIRRORD_TARGET_NAMESPACE: 'shop' } });
         console.log(JSON.stringify({ printed: JSON.parse(stdout), preloaded: preloaded.stdout.trim() }));
       } finally {
         await cluster.stop();
       }`,
    );
    const out = await ok(process.execPath, ['check.mjs'], PROJECT);
    expect(JSON.parse(out)).toEqual({ printed: { APP_VERSION: '1.5.0' }, preloaded: 'true' });
  });
});
