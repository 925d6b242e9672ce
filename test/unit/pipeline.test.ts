import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { runEnvPipeline } from '../../src/pipeline/pipeline';

/** The ConfigError `fn` throws (fails the test when it does not throw). */
async function configError(fn: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('runEnvPipeline: merge onto the local env', () => {
  it('lets the remote value win over the local one (the seed)', async () => {
    const result = await runEnvPipeline({ ENV_VAR1: 'remote-value' }, { ENV_VAR1: 'local-value', LOCAL_ONLY: 'x' });
    expect(result.merged).toEqual({ ENV_VAR1: 'remote-value', LOCAL_ONLY: 'x' });
    expect(result.remote).toEqual({ ENV_VAR1: 'remote-value' });
  });

  it('keeps the local value with localWins and records the name', async () => {
    const result = await runEnvPipeline(
      { ENV_VAR1: 'remote-value', REMOTE_ONLY: 'r' },
      { ENV_VAR1: 'local-value' },
      { localWins: true },
    );
    expect(result.merged).toEqual({ ENV_VAR1: 'local-value', REMOTE_ONLY: 'r' });
    expect(result.dropped.localWins).toEqual(['ENV_VAR1']);
    // The remote view is still the remote one: `kubenv print` shows it.
    expect(result.remote).toEqual({ ENV_VAR1: 'remote-value', REMOTE_ONLY: 'r' });
  });

  it('lets override win over a local value even with localWins', async () => {
    const result = await runEnvPipeline(
      { A: 'remote' },
      { A: 'local', B: 'local' },
      { localWins: true, override: { B: 'forced' } },
    );
    expect(result.merged).toEqual({ A: 'local', B: 'forced' });
    expect(result.dropped.localWins).toEqual(['A']);
  });

  it('skips undefined local values and reads nothing from process.env', async () => {
    const result = await runEnvPipeline({ A: '1' }, { GONE: undefined });
    expect(result.merged).toStrictEqual({ A: '1' });
  });

  it('does not mutate its inputs', async () => {
    const remote = Object.freeze({ A: '1', PATH: '/remote', LOG_LEVEL: 'info' });
    const local = Object.freeze({ A: 'local', HOME: '/home/me' });
    const policy = Object.freeze({
      exclude: Object.freeze(['NOPE']),
      envFile: Object.freeze({ FROM_FILE: 'f' }),
      mapping: Object.freeze([Object.freeze(['LOG_.*', 'debug'] as const)]),
      override: Object.freeze({ O: 'o' }),
      unset: Object.freeze(['HOME']),
    });
    const result = await runEnvPipeline(remote, local, policy);
    expect(result.merged).toEqual({ A: '1', LOG_LEVEL: 'debug', FROM_FILE: 'f', O: 'o' });
    expect(local).toEqual({ A: 'local', HOME: '/home/me' });
  });

  it('keeps unusual names as plain own properties', async () => {
    const remote = JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>;
    const result = await runEnvPipeline(remote, {});
    expect(Object.keys(result.merged)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(result.merged)).toBe(Object.prototype);
  });
});

describe('runEnvPipeline: default excludes', () => {
  const remote = {
    PATH: '/remote/bin',
    HOME: '/root',
    PWD: '/app',
    JAVA_TOOL_OPTIONS: '-Xmx1g',
    _JAVA_OPTIONS: '-Dx',
    GOMODCACHE: '/go/pkg/mod',
    BUNDLE_GEMFILE: '/app/Gemfile',
    DOTNET_EnableDiagnostics: '0',
    PORT: '8080',
  };

  it("drops mirrord's default names and keeps the local ones", async () => {
    const result = await runEnvPipeline(remote, { PATH: '/local/bin', HOME: '/home/me' });
    expect(result.remote).toEqual({ PORT: '8080' });
    expect(result.merged).toEqual({ PATH: '/local/bin', HOME: '/home/me', PORT: '8080' });
    expect(result.dropped.defaultExcludes).toEqual([
      'BUNDLE_GEMFILE',
      'DOTNET_EnableDiagnostics',
      'GOMODCACHE',
      'HOME',
      'JAVA_TOOL_OPTIONS',
      'PATH',
      'PWD',
      '_JAVA_OPTIONS',
    ]);
  });

  it('matches default names case-sensitively', async () => {
    const result = await runEnvPipeline({ Path: 'x', DOTNET_ENABLEDIAGNOSTICS: '1' }, {});
    expect(result.remote).toEqual({ Path: 'x', DOTNET_ENABLEDIAGNOSTICS: '1' });
  });

  it('brings a default name back when include names it exactly, not through a glob', async () => {
    expect((await runEnvPipeline(remote, {}, { include: ['PATH', 'PORT'] })).remote).toEqual({
      PATH: '/remote/bin',
      PORT: '8080',
    });
    const globbed = await runEnvPipeline(remote, {}, { include: 'P*' });
    expect(globbed.remote).toEqual({ PORT: '8080' });
    expect(globbed.dropped.defaultExcludes).toContain('PATH');
    expect(globbed.dropped.defaultExcludes).toContain('PWD');
  });

  it('still drops default names when exclude is set', async () => {
    const result = await runEnvPipeline(remote, {}, { exclude: 'PORT' });
    expect(result.remote).toEqual({});
    expect(result.dropped.exclude).toEqual(['PORT']);
    expect(result.dropped.defaultExcludes).toContain('PATH');
  });
});

describe('runEnvPipeline: include and exclude', () => {
  const remote = { DB_HOST: 'db', DB_PORT: '5432', REDIS_URL: 'redis://r', SECRET_KEY: 's', A1: 'a', A22: 'b' };

  it('keeps only included names (globs, `;` strings)', async () => {
    const result = await runEnvPipeline(remote, {}, { include: 'DB_*;REDIS_URL' });
    expect(result.remote).toEqual({ DB_HOST: 'db', DB_PORT: '5432', REDIS_URL: 'redis://r' });
    expect(result.dropped.include).toEqual(['A1', 'A22', 'SECRET_KEY']);
  });

  it('drops excluded names', async () => {
    const result = await runEnvPipeline(remote, {}, { exclude: ['SECRET_*', 'A?'] });
    expect(result.remote).toEqual({ DB_HOST: 'db', DB_PORT: '5432', REDIS_URL: 'redis://r', A22: 'b' });
    expect(result.dropped.exclude).toEqual(['A1', 'SECRET_KEY']);
  });

  it('matches whole names, case-sensitively', async () => {
    expect((await runEnvPipeline(remote, {}, { include: 'DB' })).remote).toEqual({});
    expect((await runEnvPipeline(remote, {}, { include: 'db_*' })).remote).toEqual({});
  });

  it('keeps nothing with an empty include', async () => {
    expect((await runEnvPipeline(remote, { LOCAL: 'l' }, { include: [] })).merged).toEqual({ LOCAL: 'l' });
    expect((await runEnvPipeline(remote, {}, { include: '' })).remote).toEqual({});
  });

  it('does not filter env_file, mapping or override names', async () => {
    const result = await runEnvPipeline(
      remote,
      {},
      { include: 'DB_HOST', envFile: { FILE_VAR: 'f' }, override: { O: 'o' } },
    );
    expect(result.remote).toEqual({ DB_HOST: 'db', FILE_VAR: 'f', O: 'o' });
  });
});

describe('runEnvPipeline: env_file, mapping, override, unset and their order', () => {
  it('lays env_file over the remote env', async () => {
    const result = await runEnvPipeline({ A: 'remote', B: 'remote' }, {}, { envFile: { B: 'file', C: 'file' } });
    expect(result.remote).toEqual({ A: 'remote', B: 'file', C: 'file' });
    expect(result.changed.envFile).toEqual(['B', 'C']);
  });

  it('override beats env_file, which beats remote', async () => {
    const result = await runEnvPipeline(
      { X: 'remote', Y: 'remote' },
      { X: 'local' },
      {
        envFile: { X: 'file', Y: 'file' },
        override: { X: 'override' },
      },
    );
    expect(result.merged).toEqual({ X: 'override', Y: 'file' });
    expect(result.changed.override).toEqual(['X']);
  });

  it('maps values by regex on the name, first declared match wins', async () => {
    const result = await runEnvPipeline(
      { HTTP_TIMEOUT: '5', DB_TIMEOUT: '5', NAME: 'api' },
      {},
      {
        mapping: [
          ['^DB_', 'db-first'],
          ['_TIMEOUT$', '1000'],
          ['.*', 'catch-all'],
        ],
      },
    );
    expect(result.remote).toEqual({ HTTP_TIMEOUT: '1000', DB_TIMEOUT: 'db-first', NAME: 'catch-all' });
    expect(result.changed.mapping).toEqual(['DB_TIMEOUT', 'HTTP_TIMEOUT', 'NAME']);
  });

  it('searches mapping patterns unanchored, as mirrord does', async () => {
    const result = await runEnvPipeline(
      { CONNECTION_TIMEOUT_MS: '5', TIMEOUT: '5', OTHER: 'o' },
      {},
      {
        mapping: [['.+_TIMEOUT', '10000']],
      },
    );
    expect(result.remote).toEqual({ CONNECTION_TIMEOUT_MS: '10000', TIMEOUT: '5', OTHER: 'o' });
  });

  it('honours a leading Rust-style inline flag and replaces values literally', async () => {
    const result = await runEnvPipeline({ log_level: 'info' }, {}, { mapping: [['(?i)^LOG_(\\w+)$', '$1-debug']] });
    expect(result.remote).toEqual({ log_level: '$1-debug' });
  });

  it('maps env_file values but never creates names', async () => {
    const result = await runEnvPipeline(
      {},
      {},
      {
        envFile: { LOG_LEVEL: 'info' },
        mapping: [
          ['^LOG_', 'debug'],
          ['^NEW$', 'x'],
        ],
      },
    );
    expect(result.remote).toEqual({ LOG_LEVEL: 'debug' });
  });

  it('lets override beat mapping', async () => {
    const result = await runEnvPipeline(
      { LOG_LEVEL: 'info' },
      {},
      { mapping: [['^LOG_', 'debug']], override: { LOG_LEVEL: 'trace' } },
    );
    expect(result.remote).toEqual({ LOG_LEVEL: 'trace' });
  });

  it('reports an invalid mapping pattern as a ConfigError naming it, before any work', async () => {
    const error = await configError(() =>
      runEnvPipeline(
        { A: 'secret-value' },
        {},
        {
          mapping: [
            ['^OK$', 'x'],
            ['(unclosed', 'secret-value'],
          ],
        },
      ),
    );
    expect(error.message).toContain('"(unclosed"');
    expect(error.message).toContain('not a valid regular expression');
    expect(error.message).not.toContain('secret-value');
  });

  it('unset beats override and removes local names too, case-insensitively', async () => {
    const result = await runEnvPipeline(
      { A: 'remote', Aws_Profile: 'r' },
      { AWS_PROFILE: 'local', KEEP: 'k' },
      {
        override: { A: 'override' },
        unset: ['a', 'aws_profile'],
      },
    );
    expect(result.merged).toEqual({ KEEP: 'k' });
    expect(result.remote).toEqual({});
    expect(result.dropped.unset).toEqual(['A', 'AWS_PROFILE', 'Aws_Profile']);
  });

  it('records names only, never values', async () => {
    const secret = 'hunter2-very-secret';
    const result = await runEnvPipeline(
      { PATH: secret, DROP_ME: secret, KEEP: secret, MAP: secret },
      { KEEP: secret, UNSET_ME: secret },
      {
        exclude: 'DROP_*',
        envFile: { FILE: secret },
        mapping: [['^MAP$', secret]],
        override: { OVER: secret },
        localWins: true,
        unset: ['UNSET_ME'],
      },
    );
    const record = JSON.stringify({ dropped: result.dropped, changed: result.changed });
    expect(record).not.toContain(secret);
    expect(result.dropped).toEqual({
      defaultExcludes: ['PATH'],
      include: [],
      exclude: ['DROP_ME'],
      localWins: ['KEEP'],
      unset: ['UNSET_ME'],
    });
    expect(result.changed).toEqual({ envFile: ['FILE'], mapping: ['MAP'], override: ['OVER'] });
  });
});
