// The bin's code cache (src/cli/code-cache.ts): written after a run that went the whole way,
// read by the next, refused when another user could have written it, and never in the way.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLineShape } from '../../src/cli/code-cache';
import { podFixture } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const cluster = useCluster(() => [podFixture({ name: 'web', namespace: 'shop', env: { GREETING: 'hello' } })]);
const PRINT = ['print', '-t', 'pod/web', '-n', 'shop', '--source', 'exec'];
/** Where the cache goes: a folder of Node's compile cache directory (under TMPDIR here). */
function cacheFolder(tmp: string): string {
  return path.join(tmp, 'node-compile-cache', `kubenv-${process.getuid?.() ?? 'user'}`);
}

/** Runs the bin with its own temp folder (where the cache lives). */
function kubenv(args: string[], tmp: string, extra: Record<string, string> = {}) {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: EMPTY_PROJECT,
    TMPDIR: tmp,
    KUBECONFIG: cluster().kubeconfigPath,
  };
  return run(process.execPath, ['--', CLI, ...args], { cwd: EMPTY_PROJECT, env: { ...env, ...extra } });
}
const freshTmp = () => mkdtempSync(path.join(os.tmpdir(), 'kubenv-code-cache-test-'));
const cacheFiles = (tmp: string) => readdirSync(cacheFolder(tmp)).filter((name) => name.endsWith('.bin'));

describe('the kubenv bin code cache', () => {
  it('is written by the first complete run of a command and used by the next, with the same output', async () => {
    const tmp = freshTmp();
    const first = await kubenv(PRINT, tmp);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("GREETING='hello'");
    const [printCache] = cacheFiles(tmp);
    expect(cacheFiles(tmp)).toHaveLength(1);
    const written = readFileSync(path.join(cacheFolder(tmp), printCache ?? ''));

    const second = await kubenv(PRINT, tmp);
    expect(second).toEqual(first);
    // Accepted, so not written again.
    expect(readFileSync(path.join(cacheFolder(tmp), printCache ?? ''))).toEqual(written);
  });

  it('is not written by a run that stopped on an error, so that run cannot leave a cache without the command', async () => {
    const tmp = freshTmp();
    expect((await kubenv(['print', '--bogus'], tmp)).code).not.toBe(0);
    expect((await kubenv(['print', '-t', 'pod/absent', '-n', 'shop'], tmp)).code).toBe(1);
    expect(cacheFiles(tmp)).toEqual([]);
    expect((await kubenv(PRINT, tmp)).code).toBe(0);
    expect(cacheFiles(tmp)).toHaveLength(1);
  });

  it('replaces a damaged cache and still runs the command correctly', async () => {
    const tmp = freshTmp();
    const reference = await kubenv(PRINT, tmp);
    const file = path.join(cacheFolder(tmp), cacheFiles(tmp)[0] ?? '');
    writeFileSync(file, Buffer.alloc(4096, 7));
    const again = await kubenv(PRINT, tmp);
    expect(again).toEqual(reference);
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it('is neither read nor written in a folder that others may write to', async () => {
    const tmp = freshTmp();
    expect((await kubenv(['--version'], tmp)).code).toBe(0);
    for (const name of cacheFiles(tmp)) rmSync(path.join(cacheFolder(tmp), name));
    chmodSync(cacheFolder(tmp), 0o777);
    const result = await kubenv(PRINT, tmp);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("GREETING='hello'");
    expect(cacheFiles(tmp)).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, Node’s own switch', async () => {
    const tmp = freshTmp();
    expect((await kubenv(PRINT, tmp, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('keeps one set of files per installation: a rebuilt bundle replaces the old caches', async () => {
    const tmp = freshTmp();
    await kubenv(PRINT, tmp);
    const [current] = cacheFiles(tmp);
    const installation = current?.split('-')[0];
    const stale = `${installation}-v0.0.0-x64-1-2-3-00000000.bin`;
    const otherInstallation = 'ffffffff-v0.0.0-x64-1-2-3-00000000.bin';
    writeFileSync(path.join(cacheFolder(tmp), stale), 'old');
    writeFileSync(path.join(cacheFolder(tmp), otherInstallation), 'other');
    await kubenv(['ls', '-n', 'shop'], tmp);
    const ls = cacheFiles(tmp).filter((name) => ![current, otherInstallation].includes(name));
    expect(ls).toEqual([expect.stringMatching(new RegExp(`^${installation}-`))]);
    expect(cacheFiles(tmp)).not.toContain(stale);
    expect(cacheFiles(tmp)).toContain(otherInstallation);
  });

  it('keeps at most 96 files in its folder: the oldest go, whichever installation wrote them', async () => {
    const tmp = freshTmp();
    await kubenv(PRINT, tmp);
    const folder = cacheFolder(tmp);
    // 100 caches of installations that are gone (a removed node_modules never writes again),
    // a day old and older: the newest of them stay, down to the bound.
    const gone = Array.from(
      { length: 100 },
      (_, index) => `${(0x10000000 + index).toString(16)}-v0.0.0-x64-1-2-3-00000000.bin`,
    );
    for (const [index, name] of gone.entries()) {
      writeFileSync(path.join(folder, name), 'old');
      const daysAgo = new Date(Date.now() - (index + 1) * 86_400_000);
      utimesSync(path.join(folder, name), daysAgo, daysAgo);
    }
    await kubenv(['ls', '-n', 'shop'], tmp);
    const left = cacheFiles(tmp);
    expect(left).toHaveLength(96);
    // The two just written (print, ls) and the 94 youngest of the others.
    expect(left.filter((name) => !gone.includes(name))).toHaveLength(2);
    expect(left.filter((name) => gone.includes(name)).sort()).toEqual(gone.slice(0, 94).sort());
  });

  it('is kept per shape of command line: command, flags and target kind, not their values', () => {
    const shape = commandLineShape;
    expect(shape(['print', '-t', 'deploy/a', '-n', 'x'])).toBe(shape(['print', '-n', 'y', '--target=deploy/b']));
    expect(shape(['print', '-t', 'deploy/a'])).not.toBe(shape(['print', '-t', 'pod/a']));
    expect(shape(['print', '-t', 'deploy/a'])).not.toBe(shape(['print', '-t', 'deploy/a', '--format', 'json']));
    expect(shape(['run', '-t', 'pod/a', '--', 'node', '--inspect'])).toBe(
      shape(['run', '-t', 'pod/b', '--', 'npm', 'test']),
    );
    expect(shape(['ls'])).not.toBe(shape(['print']));
    expect(shape(['--version'])).toBe(shape(['--help']));
  });
});
