// The library's compiled fetch machinery (src/fetch/compiled-run.ts): the built package runs its
// fetches through dist/fetch-core.cjs and a code cache written after the first complete fetch,
// while what a user sees stays the same: the error classes they import, one connection pool that
// closeConnections() closes, the same results, and a fallback when the bundle is not there.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { podFixture } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { startRelay } from '../support/relay';
import { run } from '../support/spawn';

const DIST = path.resolve('dist');
const cluster = useCluster(() => [podFixture({ name: 'web', namespace: 'shop', env: { GREETING: 'hello' } })]);

/**
 * What a script sees: fetches by the spec source (which keeps its connections, unlike exec):
 * `twice` fetches again, `closed` calls closeConnections() before fetching again; then a missing
 * pod and a missing kubeconfig.
 */
const script = (kubeconfig: string, fetches: 'once' | 'twice' | 'closed') => `
  const { fetchRemoteEnv, closeConnections, NotFoundError, ConfigError, KubenvError } = kubenv;
  const options = { target: 'pod/web', namespace: 'shop', kubeconfig: ${JSON.stringify(kubeconfig)}, source: 'spec', env: {} };
  const seen = [(await fetchRemoteEnv(options)).remote.GREETING];
  if (${JSON.stringify(fetches)} === 'closed') closeConnections();
  if (${JSON.stringify(fetches)} !== 'once') seen.push((await fetchRemoteEnv(options)).remote.GREETING);
  const caught = async (more) => fetchRemoteEnv({ ...options, ...more }).then(() => 'no error', (error) => error);
  const notFound = await caught({ target: 'pod/absent' });
  const config = await caught({ kubeconfig: '/nonexistent/kubeconfig' });
  closeConnections();
  console.log(JSON.stringify({
    seen,
    notFound: [notFound instanceof NotFoundError, notFound instanceof KubenvError],
    config: [config instanceof ConfigError, config instanceof KubenvError],
  }));
`;

/** Runs the script against the package in `dist` as ESM or CommonJS, with its own temp folder. */
async function runScript(
  format: 'esm' | 'cjs',
  options: { dist?: string; tmp: string; fetches?: 'once' | 'twice' | 'closed'; extra?: Record<string, string> },
) {
  const relay = await startRelay(cluster());
  const dist = options.dist ?? DIST;
  const code = script(relay.kubeconfig, options.fetches ?? 'twice');
  const body =
    format === 'esm'
      ? `const kubenv = await import(${JSON.stringify(path.join(dist, 'index.js'))});${code}`
      : `(async () => { const kubenv = require(${JSON.stringify(path.join(dist, 'index.cjs'))});${code} })();`;
  const args = format === 'esm' ? ['--input-type=module', '-e', body] : ['-e', body];
  const result = await run(process.execPath, args, {
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, TMPDIR: options.tmp, ...options.extra },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { output: JSON.parse(result.stdout) as unknown, connections: relay.opened.length };
}

/**
 * The library and the machinery share one pool: a second fetch opens no connection, and after
 * closeConnections() (the library's) it opens as many as the first.
 */
async function expectOnePool(format: 'esm' | 'cjs', options: { dist?: string; tmp: string }) {
  const once = await runScript(format, { ...options, fetches: 'once' });
  expect(once.connections).toBeGreaterThan(0);
  expect((await runScript(format, { ...options, fetches: 'twice' })).connections).toBe(once.connections);
  expect((await runScript(format, { ...options, fetches: 'closed' })).connections).toBe(2 * once.connections);
}

const EXPECTED = { seen: ['hello', 'hello'], notFound: [true, true], config: [true, true] };

const freshTmp = () => mkdtempSync(path.join(os.tmpdir(), 'kubenv-library-cache-test-'));
const cacheFolder = (tmp: string) => path.join(tmp, 'node-compile-cache', `kubenv-${process.getuid?.() ?? 'user'}`);
const cacheFiles = (tmp: string) => {
  try {
    return readdirSync(cacheFolder(tmp)).filter((name) => name.endsWith('.bin'));
  } catch {
    return [];
  }
};

describe('the library fetch machinery, compiled through a code cache', () => {
  for (const format of ['esm', 'cjs'] as const) {
    it(`${format}: the first fetch writes the cache, the next process uses it, and both see the same`, async () => {
      const tmp = freshTmp();
      const first = await runScript(format, { tmp });
      expect(first.output).toEqual(EXPECTED);
      const [file] = cacheFiles(tmp);
      expect(cacheFiles(tmp)).toHaveLength(1);
      const written = readFileSync(path.join(cacheFolder(tmp), file ?? ''));

      const second = await runScript(format, { tmp });
      expect(second).toEqual(first);
      // Accepted, so not written again.
      expect(readFileSync(path.join(cacheFolder(tmp), file ?? ''))).toEqual(written);
      await expectOnePool(format, { tmp });
    });
  }

  it('writes nothing with NODE_DISABLE_COMPILE_CACHE, Node’s own switch', async () => {
    const tmp = freshTmp();
    const result = await runScript('esm', { tmp, extra: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(result.output).toEqual(EXPECTED);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each([
    ['not beside it (kubenv bundled into an app)', (file: string) => rmSync(file)],
    [
      'not readable (a directory in its place)',
      (file: string) => {
        rmSync(file);
        mkdirSync(file);
      },
    ],
  ])('when dist/fetch-core.cjs is %s, the machinery is imported as before', async (_what, spoil) => {
    const tmp = freshTmp();
    const dist = path.join(tmp, 'dist');
    cpSync(DIST, dist, { recursive: true });
    spoil(path.join(dist, 'fetch-core.cjs'));
    for (const format of ['esm', 'cjs'] as const) {
      expect((await runScript(format, { dist, tmp })).output).toEqual(EXPECTED);
      await expectOnePool(format, { dist, tmp });
    }
    expect(cacheFiles(tmp)).toEqual([]);
  });
});
