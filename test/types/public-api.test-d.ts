import type { KubeConfig } from '@kubernetes/client-node';
import { describe, expectTypeOf, it } from 'vitest';
import {
  defineConfig,
  diffRemoteEnv,
  type ForbiddenError,
  fetchRemoteEnv,
  isKubenvError,
  type KubeApiError,
  type KubeConfigLike,
  type KubenvConfig,
  type KubenvError,
  parseTarget,
  type RemoteEnv,
  type RemoteEnvDiff,
  type ResolvedTarget,
  type Target,
  withRemoteEnv,
} from '../../src/index';

describe('public types', () => {
  it('parseTarget returns a Target whose kind narrows', () => {
    const target = parseTarget('deploy/api');
    expectTypeOf(target).toEqualTypeOf<Target>();
    if (target.kind === 'label') expectTypeOf(target.labels).toEqualTypeOf<Readonly<Record<string, string>>>();
    if (target.kind === 'deployment') expectTypeOf(target.name).toBeString();
    // targetless has no name
    if (target.kind === 'targetless') expectTypeOf(target).not.toHaveProperty('name');
  });

  it('defineConfig types a config file and rejects unknown keys and bad values', () => {
    expectTypeOf(
      defineConfig({ target: 'deploy/api', feature: { env: { include: ['DB_*'] } } }),
    ).toEqualTypeOf<KubenvConfig>();
    defineConfig({ target: { path: { stateful_set: 'db' }, namespace: 'data' }, source: 'spec', timeout: 5000 });
    // @ts-expect-error unknown key
    defineConfig({ targte: 'deploy/api' });
    // @ts-expect-error source is auto | exec | spec
    defineConfig({ source: 'ssh' });
    // @ts-expect-error override values are strings
    defineConfig({ feature: { env: { override: { PORT: 8080 } } } });
  });

  it('fetchRemoteEnv resolves to a RemoteEnv with typed provenance', () => {
    expectTypeOf(fetchRemoteEnv).returns.resolves.toEqualTypeOf<RemoteEnv>();
    expectTypeOf<RemoteEnv['target']>().toEqualTypeOf<ResolvedTarget | undefined>();
    expectTypeOf<RemoteEnv['source']>().toEqualTypeOf<'exec' | 'spec' | 'none'>();
    expectTypeOf<RemoteEnv['env']>().toEqualTypeOf<Readonly<Record<string, string>>>();
    // @ts-expect-error source must be auto | exec | spec
    void fetchRemoteEnv({ source: 'kubectl' });
  });

  it('withRemoteEnv returns what fn returns', () => {
    expectTypeOf(withRemoteEnv(async () => 42)).resolves.toBeNumber();
    expectTypeOf(withRemoteEnv((remote) => remote.names)).resolves.toEqualTypeOf<readonly string[]>();
  });

  it('isKubenvError narrows', () => {
    const error: unknown = new Error('x');
    if (isKubenvError(error)) expectTypeOf(error).toEqualTypeOf<KubenvError>();
    if (isKubenvError(error, 'FORBIDDEN')) expectTypeOf(error.code).toEqualTypeOf<KubenvError['code']>();
    // A code narrows to its class, with that class's own fields.
    if (isKubenvError(error, 'FORBIDDEN')) expectTypeOf(error).toEqualTypeOf<ForbiddenError>();
    if (isKubenvError(error, 'KUBE_API')) expectTypeOf(error.status).toEqualTypeOf<KubeApiError['status']>();
    if (isKubenvError(error, 'EXEC_UNAVAILABLE')) expectTypeOf(error).toHaveProperty('reason');
    // @ts-expect-error: not a code
    isKubenvError(error, 'NOPE');
  });

  it('a client-node KubeConfig is accepted as the kubeConfig option', () => {
    expectTypeOf<KubeConfig>().toExtend<KubeConfigLike>();
    expectTypeOf(fetchRemoteEnv).toBeCallableWith({ kubeConfig: {} as KubeConfig });
  });
});

describe('several targets and diff', () => {
  it('defineConfig takes `targets` entries as strings or objects', () => {
    defineConfig({
      targets: { api: 'deploy/api', cache: { path: 'deploy/redis', include: 'REDIS_*', prefix: 'CACHE_' } },
    });
    // @ts-expect-error an entry's source is auto | exec | spec
    defineConfig({ targets: { api: { path: 'deploy/api', source: 'ssh' } } });
    // @ts-expect-error an entry needs a path
    defineConfig({ targets: { api: { namespace: 'staging' } } });
  });

  it('diffRemoteEnv narrows secret differences to hashes', async () => {
    const diff = await diffRemoteEnv({ namespace: 'staging' }, { namespace: 'production' });
    expectTypeOf(diff).toEqualTypeOf<RemoteEnvDiff>();
    const first = diff.different[0];
    if (first?.secret) {
      expectTypeOf(first.leftHash).toBeString();
      expectTypeOf(first).not.toHaveProperty('left');
    }
  });
});
