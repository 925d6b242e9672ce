import { utimesSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { ConfigError } from '../../src/errors';

const fixture = (...parts: string[]): string => path.resolve(import.meta.dirname, '../fixture/config', ...parts);

describe('cosmiconfig search places', () => {
  // [fixture dir, config file inside it, expected deployment name]
  const places: Array<[string, string, string]> = [
    ['package-json', 'package.json', 'from-package-json'],
    ['rc-plain', '.kubenvrc', 'from-rc'],
    ['rc-json', '.kubenvrc.json', 'from-rc-json'],
    ['rc-yaml', '.kubenvrc.yaml', 'from-rc-yaml'],
    ['rc-yml', '.kubenvrc.yml', 'from-rc-yml'],
    ['rc-js', '.kubenvrc.js', 'from-rc-js'],
    ['rc-cjs', '.kubenvrc.cjs', 'from-rc-cjs'],
    ['rc-mjs', '.kubenvrc.mjs', 'from-rc-mjs'],
    ['rc-ts', '.kubenvrc.ts', 'from-rc-ts'],
    ['dot-config', '.config/kubenvrc.yaml', 'from-dot-config'],
    ['config-ts', 'kubenv.config.ts', 'from-config-ts'],
    ['config-mjs', 'kubenv.config.mjs', 'payments'],
  ];

  test.each(places)('%s: %s', async (dir, file, name) => {
    const config = await loadConfig({ cwd: fixture(dir), env: {} });
    expect(config.configFile).toBe(fixture(dir, file));
    expect(config.configFormat).toBe('kubenv');
    expect(config.target).toMatchObject({ kind: 'deployment', name });
    expect(config.origins.target).toEqual({ layer: 'file', file: fixture(dir, file) });
  });

  test('package.json#kubenv is read with its nested keys', async () => {
    const config = await loadConfig({ cwd: fixture('package-json'), env: {} });
    expect(config.include).toEqual(['DATABASE_URL']);
  });

  test('the search walks up from a subdirectory to the project root', async () => {
    const config = await loadConfig({ cwd: fixture('package-json', 'src', 'deep'), env: {} });
    expect(config.configFile).toBe(fixture('package-json', 'package.json'));
  });

  test('kubenv.config.ts: real TypeScript, loaded by Node, with the advanced target form', async () => {
    const config = await loadConfig({ cwd: fixture('config-ts'), env: {} });
    expect(config.target).toEqual({ kind: 'deployment', name: 'from-config-ts', container: 'main' });
    expect(config.namespace).toBe('staging');
    expect(config.exclude).toEqual(['AWS_*', 'GOOGLE_*']);
    expect(config.source).toBe('exec');
  });

  test('kubenv.config.mjs: computed values', async () => {
    const config = await loadConfig({ cwd: fixture('config-mjs'), env: {} });
    expect(config.timeout).toBe(10_000);
  });

  test('.config/kubenvrc.yaml sets more than the target', async () => {
    const config = await loadConfig({ cwd: fixture('dot-config'), env: {} });
    expect(config.source).toBe('spec');
  });
});

describe('the project root stops the search', () => {
  test("a package does not read its monorepo root's config", async () => {
    const config = await loadConfig({ cwd: fixture('monorepo', 'packages', 'app', 'src'), env: {} });
    expect(config.configFile).toBeUndefined();
    expect(config.target).toEqual({ kind: 'targetless' });
  });

  test(".mirrord/ is looked up at the package's root, not the monorepo's", async () => {
    const config = await loadConfig({ cwd: fixture('monorepo', 'packages', 'worker', 'src'), env: {} });
    expect(config.configFile).toBe(fixture('monorepo', 'packages', 'worker', '.mirrord', 'mirrord.json'));
    expect(config.target).toEqual({ kind: 'deployment', name: 'worker' });
  });

  test('at the monorepo root its own kubenv file wins over its .mirrord/', async () => {
    const config = await loadConfig({ cwd: fixture('monorepo'), env: {} });
    expect(config.configFile).toBe(fixture('monorepo', '.kubenvrc.json'));
  });

  test('a kubenv file beats .mirrord/mirrord.json', async () => {
    const config = await loadConfig({ cwd: fixture('kubenv-and-mirrord'), env: {} });
    expect(config.target).toEqual({ kind: 'deployment', name: 'from-kubenv' });
    expect(config.configFormat).toBe('kubenv');
  });
});

describe('.mirrord/mirrord.json, used unchanged', () => {
  const dir = fixture('mirrord-json');
  const file = fixture('mirrord-json', '.mirrord', 'mirrord.json');

  test("reads what kubenv uses, renders get_env, ignores mirrord's other features", async () => {
    const config = await loadConfig({ cwd: dir, env: { APP_NAMESPACE: 'shop' } });
    expect(config).toMatchObject({
      target: { kind: 'deployment', name: 'checkout', container: 'app' },
      namespace: 'shop',
      agentNamespace: 'mirrord',
      context: 'staging-admin',
      include: ['DATABASE_*', 'REDIS_URL', 'STRIPE_*'],
      exclude: undefined,
      override: { LOG_LEVEL: 'debug' },
      unset: ['STRIPE_WEBHOOK_SECRET'],
      mapping: [['^STRIPE_.*_KEY$', 'sk_test_placeholder']],
      envFile: fixture('mirrord-json', '.env.local'),
      configFile: file,
      configFormat: 'mirrord',
    });
    expect(config.origins.namespace).toEqual({ layer: 'file', file });
  });

  test('a get_env variable that is set beats the default', async () => {
    const config = await loadConfig({ cwd: dir, env: { APP_NAMESPACE: 'shop', APP_TARGET: 'pod/debug-pod' } });
    expect(config.target).toEqual({ kind: 'pod', name: 'debug-pod' });
  });

  test('templates read options.env, not process.env', async () => {
    process.env['APP_NAMESPACE'] = 'from-process';
    try {
      await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(/APP_NAMESPACE/);
    } finally {
      delete process.env['APP_NAMESPACE'];
    }
  });

  test('a get_env without default whose variable is missing: ConfigError naming the variable and file', async () => {
    const error = await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(file);
    expect((error as ConfigError).message).toContain('APP_NAMESPACE');
    expect((error as ConfigError).hint).toContain('default=');
  });

  test('variables still beat the mirrord file', async () => {
    const config = await loadConfig({ cwd: dir, env: { APP_NAMESPACE: 'shop', MIRRORD_KUBE_CONTEXT: 'prod' } });
    expect(config.context).toBe('prod');
  });
});

describe('.mirrord/mirrord.toml and .yaml', () => {
  test('TOML', async () => {
    const config = await loadConfig({ cwd: fixture('mirrord-toml'), env: {} });
    expect(config).toMatchObject({
      target: { kind: 'statefulset', name: 'db' },
      namespace: 'data',
      agentNamespace: 'mirrord',
      context: 'dev',
      exclude: ['AWS_*', 'GOOGLE_APPLICATION_CREDENTIALS'],
      override: { FEATURE_FLAGS: 'all' },
      configFile: fixture('mirrord-toml', '.mirrord', 'mirrord.toml'),
      configFormat: 'mirrord',
    });
  });

  test('TOML template with double quotes inside a literal string', async () => {
    const config = await loadConfig({ cwd: fixture('mirrord-toml'), env: { APP_TARGET: 'ds/agent' } });
    expect(config.target).toEqual({ kind: 'daemonset', name: 'agent' });
  });

  test('YAML, with a spaced-out template and paths relative to the working directory', async () => {
    const config = await loadConfig({ cwd: fixture('mirrord-yaml'), env: {} });
    expect(config).toMatchObject({
      target: { kind: 'deployment', name: 'web', container: 'app' },
      namespace: 'frontend',
      include: ['API_*', 'SENTRY_DSN'],
      envFile: fixture('mirrord-yaml', '.env.yaml-local'),
      kubeconfig: fixture('mirrord-yaml', 'kube', 'config'),
      configFormat: 'mirrord',
    });
    const overridden = await loadConfig({ cwd: fixture('mirrord-yaml'), env: { APP_DEPLOYMENT: 'admin' } });
    expect(overridden.target).toMatchObject({ name: 'admin' });
  });
});

describe('which file: configFile option > MIRRORD_CONFIG_FILE > search', () => {
  const cwd = fixture('explicit-file');

  test('MIRRORD_CONFIG_FILE is read as a mirrord config, instead of the search result', async () => {
    const config = await loadConfig({ cwd, env: { MIRRORD_CONFIG_FILE: 'deploy/staging.json' } });
    expect(config.configFile).toBe(fixture('explicit-file', 'deploy', 'staging.json'));
    expect(config.configFormat).toBe('mirrord');
    // Template rendered; an unknown key ignored (mirrord mode); paths relative to the working directory, as mirrord opens them.
    expect(config.target).toEqual({ kind: 'deployment', name: 'staging-api' });
    expect(config.exclude).toEqual(['SECRET_*']);
    expect(config.envFile).toBe(fixture('explicit-file', 'deploy', '.env.staging'));
    expect(config.kubeconfig).toBe(fixture('explicit-file', 'kube', 'staging'));
  });

  test('the configFile option beats MIRRORD_CONFIG_FILE, and is read as a kubenv file', async () => {
    const config = await loadConfig({
      cwd,
      configFile: 'deploy/kubenv.yaml',
      env: { MIRRORD_CONFIG_FILE: 'deploy/staging.json' },
    });
    expect(config.configFile).toBe(fixture('explicit-file', 'deploy', 'kubenv.yaml'));
    expect(config.configFormat).toBe('kubenv');
    expect(config.target).toEqual({ kind: 'pod', name: 'kubenv-yaml' });
  });

  test('a configFile named mirrord.* is read as a mirrord config', async () => {
    const config = await loadConfig({ cwd, configFile: 'deploy/mirrord.yaml', env: {} });
    expect(config.configFormat).toBe('mirrord');
    expect(config.target).toEqual({ kind: 'deployment', name: 'named-mirrord' });
  });

  test('a kubenv TOML file given by name', async () => {
    const config = await loadConfig({ cwd, configFile: fixture('explicit-file', 'deploy', 'kubenv.toml'), env: {} });
    expect(config.target).toEqual({ kind: 'pod', name: 'kubenv-toml' });
    expect(config.timeout).toBe(1500);
  });

  test('a missing configFile is a ConfigError naming the option and the path', async () => {
    const error = await loadConfig({ cwd, configFile: 'nope.json', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('`configFile`');
    expect((error as ConfigError).message).toContain(fixture('explicit-file', 'nope.json'));
  });

  test('a missing MIRRORD_CONFIG_FILE is a ConfigError naming the variable', async () => {
    const error = await loadConfig({ cwd, env: { MIRRORD_CONFIG_FILE: 'nope.json' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('MIRRORD_CONFIG_FILE');
  });
});

describe('feature.env', () => {
  test('`false` disables the env feature', async () => {
    const config = await loadConfig({ cwd: fixture('env-disabled'), env: {} });
    expect(config.envEnabled).toBe(false);
    expect(config.origins.envEnabled).toEqual({ layer: 'file', file: fixture('env-disabled', '.kubenvrc.yaml') });
  });

  test('`true` enables it', async () => {
    const config = await loadConfig({ cwd: fixture('env-enabled'), env: {} });
    expect(config.envEnabled).toBe(true);
    expect(config.origins.envEnabled.layer).toBe('file');
  });
});

describe('mirrord templates in raw JSON (the form in mirrord docs)', () => {
  let dir: string;
  beforeAll(async () => {
    // Not a fixture: the raw template makes the file invalid JSON until rendered, which the
    // repository's JSON linter rejects.
    dir = await mkdtemp(path.join(os.tmpdir(), 'kubenv-config-'));
    await writeFile(path.join(dir, 'package.json'), '{}');
    await writeFile(
      path.join(dir, 'mirrord.json'),
      '{ "target": "{{ get_env(name="TARGET", default="deploy/raw") }}", "kube_context": "{{get_env(name="CTX")}}" }',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('double quotes inside the JSON string are rendered before parsing', async () => {
    const config = await loadConfig({ cwd: dir, env: { MIRRORD_CONFIG_FILE: 'mirrord.json', CTX: 'kind-dev' } });
    expect(config.target).toEqual({ kind: 'deployment', name: 'raw' });
    expect(config.context).toBe('kind-dev');
  });

  test('an empty variable renders as empty (as in Tera), which then counts as unset', async () => {
    const config = await loadConfig({ cwd: dir, env: { MIRRORD_CONFIG_FILE: 'mirrord.json', CTX: '' } });
    expect(config.context).toBeUndefined();
  });
});

describe('a process that loads the config again', () => {
  const files = ['.kubenvrc.json', '.kubenvrc'];
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kubenv-config-again-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each(files)('finds %s written after a first call, in a directory unchanged for long before', async (name) => {
    const project = await mkdtemp(path.join(dir, 'old-'));
    await writeFile(path.join(project, 'package.json'), '{}');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(project, hourAgo, hourAgo);
    expect((await loadConfig({ cwd: project, env: {} })).configFile).toBeUndefined();
    await writeFile(path.join(project, name), JSON.stringify({ target: 'deploy/added' }));
    const again = await loadConfig({ cwd: project, env: {} });
    expect(again.configFile).toBe(path.join(project, name));
    expect(again.target).toMatchObject({ kind: 'deployment', name: 'added' });
  });

  test('finds a file written right after a first call in a directory that just changed', async () => {
    const project = await mkdtemp(path.join(dir, 'new-'));
    await writeFile(path.join(project, 'package.json'), '{}');
    expect((await loadConfig({ cwd: project, env: {} })).configFile).toBeUndefined();
    await writeFile(path.join(project, '.kubenvrc.json'), JSON.stringify({ target: 'deploy/quick' }));
    expect((await loadConfig({ cwd: project, env: {} })).target).toMatchObject({ name: 'quick' });
  });

  test('no longer reads a file removed after a first call', async () => {
    const project = await mkdtemp(path.join(dir, 'removed-'));
    await writeFile(path.join(project, 'package.json'), '{}');
    await writeFile(path.join(project, '.kubenvrc.json'), JSON.stringify({ target: 'deploy/gone' }));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(project, hourAgo, hourAgo);
    expect((await loadConfig({ cwd: project, env: {} })).target).toMatchObject({ name: 'gone' });
    await rm(path.join(project, '.kubenvrc.json'));
    expect((await loadConfig({ cwd: project, env: {} })).configFile).toBeUndefined();
  });
});
