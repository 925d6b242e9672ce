import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index';

const EMPTY = mkdtempSync(path.join(os.tmpdir(), 'kubenv-targets-unit-'));
const load = (options: Parameters<typeof loadConfig>[0]) => loadConfig({ cwd: EMPTY, env: {}, ...options });
const message = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.message,
  );

describe('targets in the config', () => {
  it('are checked in declared order, with each entry normalized', async () => {
    const config = await load({
      targets: {
        api: 'deploy/api',
        cache: { path: 'sts/redis', namespace: 'data', include: 'REDIS_*;X', prefix: 'C_' },
      },
    });
    expect(config.targets?.map((entry) => entry.name)).toEqual(['api', 'cache']);
    expect(config.targets?.[1]).toMatchObject({
      target: { kind: 'statefulset', name: 'redis' },
      namespace: 'data',
      include: ['REDIS_*', 'X'],
      prefix: 'C_',
    });
    expect(config.origins.targets).toEqual({ layer: 'explicit' });
  });

  it('name what is wrong, where, and suggest the fix', async () => {
    expect(await message(load({ targets: { cache: { path: 'sts/redis', source: 'exce' as 'exec' } } }))).toContain(
      'Did you mean `exec`?',
    );
    expect(await message(load({ targets: { cache: { namespace: 'data' } as never } }))).toContain(
      'option `targets.cache.path`: a target is required here',
    );
    expect(await message(load({ targets: { cache: { path: 'deploymnet/redis' } } }))).toContain(
      'Did you mean `deployment/redis`?',
    );
    expect(await message(load({ targets: { c: { path: 'pod/x', include: 'A', exclude: 'B' } } }))).toContain(
      '`include` and `exclude` are both set',
    );
    expect(await message(load({ targets: {} }))).toContain('an empty object');
  });

  it('a misspelled top-level key in a file points at `targets`', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-targets-file-'));
    writeFileSync(path.join(dir, '.kubenvrc.json'), JSON.stringify({ tragets: { api: 'deploy/api' } }));
    expect(await message(loadConfig({ cwd: dir, env: {} }))).toContain('Did you mean `targets`?');
  });

  it('an explicit target replaces the file’s targets', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-targets-file-'));
    writeFileSync(path.join(dir, '.kubenvrc.json'), JSON.stringify({ targets: { api: 'deploy/api' } }));
    expect((await loadConfig({ cwd: dir, env: {} })).targets).toHaveLength(1);
    expect((await loadConfig({ cwd: dir, env: {}, target: 'pod/x' })).targets).toBeUndefined();
    const fromEnv = await loadConfig({ cwd: dir, env: { MIRRORD_IMPERSONATED_TARGET: 'pod/y' } });
    expect(fromEnv.targets).toBeUndefined();
  });
});
