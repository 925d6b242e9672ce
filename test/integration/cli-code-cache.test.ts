// The bin's code cache (src/cli/code-cache.ts): written after a run that went the whole way,
// read by the next, refused when another user could have written it, and never in the way.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { podFixture } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.js');
const cluster = useCluster(() => [podFixture({ name: 'web', namespace: 'shop', env: { GREETING: 'hello' } })]);
const PRINT = ['print', '-t', 'pod/web', '-n', 'shop', '--source', 'exec'];
const cacheFolder = (tmp: string) => path.join(tmp, `kubenv-code-cache-${process.getuid?.() ?? 'user'}`);

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
    expect(printCache).toMatch(/-print\.bin$/);
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
    expect(cacheFiles(tmp)).toEqual([expect.stringMatching(/-print\.bin$/)]);
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
    mkdirSync(cacheFolder(tmp), { mode: 0o700 });
    chmodSync(cacheFolder(tmp), 0o777);
    const result = await kubenv(PRINT, tmp);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("GREETING='hello'");
    expect(cacheFiles(tmp)).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, Node’s own switch', async () => {
    const tmp = freshTmp();
    expect((await kubenv(PRINT, tmp, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    expect(readdirSync(tmp)).not.toContain(path.basename(cacheFolder(tmp)));
  });

  it('keeps one set of files per installation: a rebuilt bundle replaces the old caches', async () => {
    const tmp = freshTmp();
    await kubenv(PRINT, tmp);
    const [current] = cacheFiles(tmp);
    const installation = current?.split('-')[0];
    const stale = `${installation}-v0.0.0-x64-1-2-3-print.bin`;
    const otherInstallation = 'ffffffff-v0.0.0-x64-1-2-3-print.bin';
    writeFileSync(path.join(cacheFolder(tmp), stale), 'old');
    writeFileSync(path.join(cacheFolder(tmp), otherInstallation), 'other');
    await kubenv(['ls', '-n', 'shop'], tmp);
    expect(cacheFiles(tmp).sort()).toEqual(
      [current, otherInstallation, current?.replace(/-print\.bin$/, '-ls.bin')].sort(),
    );
  });
});
