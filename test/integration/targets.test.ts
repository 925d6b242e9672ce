import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError, loadConfig, type TargetsConfig, withRemoteEnv } from '../../src/index';
import { podFixture } from '../../src/testing/index';
import { createVitestGlobalSetup } from '../../src/vitest/index';
import { EMPTY_PROJECT, optionsFor, useCluster } from '../support/cluster';
import { secretPod } from '../support/secret-pod';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const cluster = useCluster(() => [
  secretPod({
    name: 'api',
    namespace: 'staging',
    plain: { LOG_LEVEL: 'debug', API_PORT: '8080' },
    secret: { DB_PASSWORD: 'staging-db-pass' },
  }),
  podFixture({
    name: 'redis',
    namespace: 'data',
    env: { REDIS_URL: 'redis://redis.data:6379', REDIS_MAXMEMORY: '256mb', LOG_LEVEL: 'warn' },
  }),
]);

const TARGETS = {
  api: { path: 'pod/api', namespace: 'staging', exclude: 'KUBERNETES_*' },
  cache: { path: 'pod/redis', namespace: 'data', include: 'REDIS_*', prefix: 'CACHE_' },
};

/** A project whose kubenv config file holds `config`. */
function project(config: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-targets-'));
  writeFileSync(path.join(dir, '.kubenvrc.json'), JSON.stringify(config));
  return dir;
}

describe('several targets (API)', () => {
  it('reads each target with its own namespace, filter and prefix', async () => {
    const remote = await fetchRemoteEnv(optionsFor(cluster(), { targets: TARGETS, source: 'spec' }));
    expect(remote.remote).toEqual({
      HOSTNAME: 'api',
      LOG_LEVEL: 'debug',
      API_PORT: '8080',
      DB_PASSWORD: 'staging-db-pass',
      CACHE_REDIS_URL: 'redis://redis.data:6379',
      CACHE_REDIS_MAXMEMORY: '256mb',
    });
    expect(remote.targets?.['cache']).toMatchObject({
      target: { target: 'pod/redis', namespace: 'data', pod: 'redis' },
      names: ['CACHE_REDIS_MAXMEMORY', 'CACHE_REDIS_URL'],
    });
    expect(remote.targets?.['api']?.names).toEqual(['API_PORT', 'DB_PASSWORD', 'HOSTNAME', 'LOG_LEVEL']);
    expect(remote.secretNames).toEqual(['DB_PASSWORD']);
  });

  it('reads the targets in parallel', async () => {
    // 250 ms per request: each target alone takes a few round trips; both together take about as
    // long as the slower one, not the sum.
    cluster().faults.latency(250);
    const timed = async (targets: TargetsConfig) => {
      const started = performance.now();
      await fetchRemoteEnv(optionsFor(cluster(), { targets, source: 'spec' }));
      return performance.now() - started;
    };
    try {
      const api = await timed({ api: TARGETS.api });
      const cache = await timed({ cache: TARGETS.cache });
      const both = await timed(TARGETS);
      expect(both).toBeLessThan(api + cache - 250);
    } finally {
      cluster().faults.clear();
    }
  });

  it('merges in declared order: a later target wins, and the conflict is named (never its values)', async () => {
    const remote = await fetchRemoteEnv(
      optionsFor(cluster(), {
        source: 'spec',
        targets: { api: TARGETS.api, cache: { path: 'pod/redis', namespace: 'data', include: 'LOG_LEVEL' } },
      }),
    );
    expect(remote.remote['LOG_LEVEL']).toBe('warn');
    expect(remote.warnings).toContain('LOG_LEVEL is set by targets api and cache: the value of cache is used');
    expect(remote.warnings.join('\n')).not.toMatch(/\bdebug\b|\bwarn\b/);
  });

  it('a failing target fails the whole call, naming the target, and nothing is applied', async () => {
    const before = { ...process.env };
    const options = {
      cwd: EMPTY_PROJECT,
      kubeconfig: cluster().kubeconfigPath,
      targets: { api: TARGETS.api, cache: { path: 'pod/redis', namespace: 'nowhere' } },
    };
    const error = await withRemoteEnv(() => undefined, options).catch((caught: unknown) => caught);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(/^target cache \(namespace nowhere\): pod "redis" not found/);
    expect(process.env).toEqual(before);
  });

  it('gives the Vitest metadata per target (names only)', async () => {
    let provided: unknown;
    const setup = createVitestGlobalSetup({
      cwd: EMPTY_PROJECT,
      kubeconfig: cluster().kubeconfigPath,
      targets: TARGETS,
      source: 'spec',
    });
    const teardown = await setup({ provide: (_key, value) => (provided = value) });
    teardown();
    expect(provided).toMatchObject({
      targets: {
        api: { target: 'pod/api', namespace: 'staging', names: ['API_PORT', 'DB_PASSWORD', 'HOSTNAME', 'LOG_LEVEL'] },
        cache: { target: 'pod/redis', namespace: 'data', names: ['CACHE_REDIS_MAXMEMORY', 'CACHE_REDIS_URL'] },
      },
    });
    expect(JSON.stringify(provided)).not.toContain('staging-db-pass');
  });
});

describe('several targets in a config file', () => {
  it('are validated with a "did you mean" for a misspelled key', async () => {
    const dir = project({ targets: { cache: { path: 'pod/redis', inclde: 'REDIS_*' } } });
    const error = await loadConfig({ cwd: dir, env: {} }).catch((caught: unknown) => caught);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain('targets.cache.inclde');
    expect((error as Error).message).toContain('Did you mean `targets.cache.include`?');
  });

  it('refuse `target` and `targets` side by side, and an empty prefix-breaking name', async () => {
    const both = project({ target: 'pod/api', targets: { api: 'pod/api' } });
    await expect(loadConfig({ cwd: both, env: {} })).rejects.toThrow('`target` and `targets` are both set');
    const badPrefix = project({ targets: { cache: { path: 'pod/redis', prefix: '1-' } } });
    await expect(loadConfig({ cwd: badPrefix, env: {} })).rejects.toThrow('prefix "1-" would make names');
  });

  it('kubenv print reads them and says which target each name came from; -t overrides them', async () => {
    const dir = project({ targets: TARGETS, source: 'spec' });
    const env = { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: cluster().kubeconfigPath };
    const printed = await run(process.execPath, ['--', CLI, 'print', '--format', 'json'], { cwd: dir, env });
    expect(printed.code).toBe(0);
    expect(Object.keys(JSON.parse(printed.stdout))).toContain('CACHE_REDIS_URL');
    expect(printed.stderr).toContain(
      'kubenv: target cache: pod/redis -> redis/app in data: CACHE_REDIS_MAXMEMORY, CACHE_REDIS_URL\n',
    );
    expect(printed.stderr).toContain('kubenv: target api: pod/api -> api/app in staging: API_PORT, DB_PASSWORD');
    const single = await run(process.execPath, ['--', CLI, 'print', '-t', 'pod/redis', '-n', 'data'], {
      cwd: dir,
      env,
    });
    expect(single.stdout).toContain("REDIS_URL='redis://redis.data:6379'");
    expect(single.stdout).not.toContain('CACHE_');
  });
});
