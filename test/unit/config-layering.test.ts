import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import type { ConfigOptions } from '../../src/config/types';
import { ConfigError } from '../../src/errors';

const fixture = (...parts: string[]): string => path.resolve(import.meta.dirname, '../fixture/config', ...parts);

// `layers/.kubenvrc.json` sets every field; each test lays options or variables over it.
const layers = fixture('layers');
const layersFile = fixture('layers', '.kubenvrc.json');
const fromFile = { layer: 'file', file: layersFile };

const load = (options: ConfigOptions = {}) => loadConfig({ cwd: layers, env: {}, ...options });

describe('the file layer', () => {
  test('sets every field, relative paths against the file, each with the file as origin', async () => {
    const config = await load();
    expect(config).toMatchObject({
      target: { kind: 'deployment', name: 'file-api' },
      namespace: 'file-ns',
      agentNamespace: 'file-agents',
      envEnabled: true,
      include: ['FILE_*', 'SHARED'],
      exclude: undefined,
      envFile: fixture('layers', 'envs', 'file.env'),
      override: { FROM_FILE: '1' },
      unset: ['FILE_UNSET'],
      mapping: [
        ['^FILE_', 'mapped'],
        ['^SHARED$', 'second'],
      ],
      localWins: true,
      kubeconfig: fixture('layers', 'kube', 'file-config'),
      context: 'file-context',
      source: 'spec',
      timeout: 5000,
      imageEnv: true,
      configFile: layersFile,
      configFormat: 'kubenv',
    });
    // `targets` is the one field a file with a `target` cannot also set (test/integration/targets.test.ts).
    const { targets: targetsOrigin, ...others } = config.origins;
    for (const origin of Object.values(others)) expect(origin).toEqual(fromFile);
    expect(targetsOrigin).toEqual({ layer: 'default' });
  });

  test('the target carries no namespace: it is resolved on its own', async () => {
    const config = await load();
    expect(config.target).not.toHaveProperty('namespace');
  });
});

describe('defaults', () => {
  test('apply when no layer sets a field', async () => {
    const config = await loadConfig({ cwd: fixture('empty-project'), env: {} });
    expect(config).toEqual({
      target: { kind: 'targetless' },
      namespace: undefined,
      agentNamespace: undefined,
      envEnabled: true,
      include: undefined,
      exclude: undefined,
      envFile: undefined,
      override: {},
      unset: [],
      mapping: [],
      localWins: false,
      kubeconfig: undefined,
      context: undefined,
      source: 'auto',
      timeout: 30_000,
      configFile: undefined,
      configFormat: undefined,
      origins: expect.any(Object),
    });
    expect(new Set(Object.values(config.origins).map((origin) => origin.layer))).toEqual(new Set(['default']));
  });

  test('the file beats the defaults, field by field', async () => {
    const config = await loadConfig({ cwd: fixture('rc-json'), env: {} });
    expect(config.target).toEqual({ kind: 'deployment', name: 'from-rc-json' });
    expect(config.origins.target).toEqual({ layer: 'file', file: fixture('rc-json', '.kubenvrc.json') });
    expect(config.source).toBe('auto');
    expect(config.origins.source).toEqual({ layer: 'default' });
  });
});

// [variable, value, field, expected value]: each variable beats the file's value of its field.
const envOverFile: Array<[string, string, keyof Awaited<ReturnType<typeof load>>, unknown]> = [
  [
    'MIRRORD_IMPERSONATED_TARGET',
    'pod/env-pod/container/app',
    'target',
    { kind: 'pod', name: 'env-pod', container: 'app' },
  ],
  ['MIRRORD_TARGET_NAMESPACE', 'env-ns', 'namespace', 'env-ns'],
  ['MIRRORD_AGENT_NAMESPACE', 'env-agents', 'agentNamespace', 'env-agents'],
  ['MIRRORD_OVERRIDE_ENV_VARS_INCLUDE', 'ENV_A;ENV_B', 'include', ['ENV_A', 'ENV_B']],
  ['MIRRORD_OVERRIDE_ENV_VARS_FILE', 'env/.env', 'envFile', fixture('layers', 'env', '.env')],
  ['MIRRORD_KUBE_CONTEXT', 'env-context', 'context', 'env-context'],
  ['KUBENV_SOURCE', 'exec', 'source', 'exec'],
  ['KUBENV_TIMEOUT', '1200', 'timeout', 1200],
];

describe('environment variables beat the file', () => {
  test.each(envOverFile)('%s=%s sets %s', async (variable, value, field, expected) => {
    const config = await load({ env: { [variable]: value } });
    expect(config[field]).toEqual(expected);
    expect(config.origins[field as keyof typeof config.origins]).toEqual({ layer: 'env', variable });
  });

  test('the target path from a variable keeps the namespace from the file', async () => {
    const config = await load({ env: { MIRRORD_IMPERSONATED_TARGET: 'pod/env-pod' } });
    expect(config.target).toEqual({ kind: 'pod', name: 'env-pod' });
    expect(config.namespace).toBe('file-ns');
    expect(config.origins.namespace).toEqual(fromFile);
  });

  test('a namespace from a variable keeps the target path from the file', async () => {
    const config = await load({ env: { MIRRORD_TARGET_NAMESPACE: 'env-ns' } });
    expect(config.target).toEqual({ kind: 'deployment', name: 'file-api' });
    expect(config.origins.target).toEqual(fromFile);
    expect(config.origins.namespace).toEqual({ layer: 'env', variable: 'MIRRORD_TARGET_NAMESPACE' });
  });

  test('`targetless` from a variable beats the file target', async () => {
    const config = await load({ env: { MIRRORD_IMPERSONATED_TARGET: 'targetless' } });
    expect(config.target).toEqual({ kind: 'targetless' });
  });

  test("an exclude variable replaces the file's include: one filter, the higher layer wins", async () => {
    const config = await load({ env: { MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: 'SECRET_*' } });
    expect(config.include).toBeUndefined();
    expect(config.exclude).toEqual(['SECRET_*']);
    const origin = { layer: 'env', variable: 'MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE' };
    expect(config.origins.exclude).toEqual(origin);
    expect(config.origins.include).toEqual(origin);
  });
});

// [option, option value, variable that loses, its value, expected value]
const explicitOverEnv: Array<[keyof ConfigOptions, unknown, string, string, unknown]> = [
  ['target', 'sts/opt-db', 'MIRRORD_IMPERSONATED_TARGET', 'pod/env-pod', { kind: 'statefulset', name: 'opt-db' }],
  ['namespace', 'opt-ns', 'MIRRORD_TARGET_NAMESPACE', 'env-ns', 'opt-ns'],
  ['agentNamespace', 'opt-agents', 'MIRRORD_AGENT_NAMESPACE', 'env-agents', 'opt-agents'],
  ['include', ['OPT_*'], 'MIRRORD_OVERRIDE_ENV_VARS_INCLUDE', 'ENV_*', ['OPT_*']],
  ['envFile', 'opt.env', 'MIRRORD_OVERRIDE_ENV_VARS_FILE', 'env.env', fixture('layers', 'opt.env')],
  ['context', 'opt-context', 'MIRRORD_KUBE_CONTEXT', 'env-context', 'opt-context'],
  ['kubeconfig', 'kube/opt', 'KUBECONFIG', '/elsewhere/config', fixture('layers', 'kube', 'opt')],
  ['source', 'auto', 'KUBENV_SOURCE', 'exec', 'auto'],
  ['timeout', 900, 'KUBENV_TIMEOUT', '1200', 900],
];

describe('explicit options beat variables and the file', () => {
  test.each(explicitOverEnv)('option %s beats %s', async (option, value, variable, envValue, expected) => {
    const withEnv = await load({ [option]: value, env: { [variable]: envValue } });
    const field = option === 'include' ? 'include' : (option as keyof typeof withEnv.origins);
    expect(withEnv[field]).toEqual(expected);
    expect(withEnv.origins[field]).toEqual({ layer: 'explicit' });
    // And without the variable, the option still beats the file.
    const withoutEnv = await load({ [option]: value });
    expect(withoutEnv[field]).toEqual(expected);
  });

  test('options that have no variable beat the file: override, unset, mapping, localWins', async () => {
    const config = await load({
      override: { FROM_OPTION: 'x' },
      unset: 'A;B',
      mapping: { '^OPT_': 'v' },
      localWins: false,
    });
    expect(config.override).toEqual({ FROM_OPTION: 'x' });
    expect(config.unset).toEqual(['A', 'B']);
    expect(config.mapping).toEqual([['^OPT_', 'v']]);
    expect(config.localWins).toBe(false);
    for (const field of ['override', 'unset', 'mapping', 'localWins'] as const) {
      expect(config.origins[field]).toEqual({ layer: 'explicit' });
    }
  });

  test('the imageEnv option beats the file, also when it turns image env off', async () => {
    const config = await load({ imageEnv: false });
    expect(config.imageEnv).toBe(false);
    expect(config.origins.imageEnv).toEqual({ layer: 'explicit' });
  });

  test('a kubeconfig option that is a list: each entry made absolute against cwd, as KUBECONFIG is', async () => {
    const list = ['/abs/one', 'kube/two', '', '~/three'].join(path.delimiter);
    const config = await load({ kubeconfig: list });
    expect(config.kubeconfig).toBe(
      ['/abs/one', fixture('layers', 'kube', 'two'), path.join(os.homedir(), 'three')].join(path.delimiter),
    );
    expect(config.origins.kubeconfig).toEqual({ layer: 'explicit' });
  });

  test('a target path option keeps the namespace of the file', async () => {
    const config = await load({ target: 'pod/opt-pod' });
    expect(config.target).toEqual({ kind: 'pod', name: 'opt-pod' });
    expect(config.namespace).toBe('file-ns');
  });

  test('a namespace given with the target object is an explicit namespace', async () => {
    const config = await load({
      target: { path: 'pod/opt-pod', namespace: 'opt-ns' },
      env: { MIRRORD_TARGET_NAMESPACE: 'env-ns' },
    });
    expect(config.target).toEqual({ kind: 'pod', name: 'opt-pod' });
    expect(config.namespace).toBe('opt-ns');
    expect(config.origins.namespace).toEqual({ layer: 'explicit' });
  });

  test('the namespace option beats the namespace given with the target option', async () => {
    const config = await load({ target: { path: 'pod/opt-pod', namespace: 'with-target' }, namespace: 'option' });
    expect(config.namespace).toBe('option');
  });

  test('an already parsed Target is accepted', async () => {
    const config = await load({ target: { kind: 'deployment', name: 'parsed', namespace: 'parsed-ns' } });
    expect(config.target).toEqual({ kind: 'deployment', name: 'parsed' });
    expect(config.namespace).toBe('parsed-ns');
  });

  test('an exclude option replaces an include from a variable and from the file', async () => {
    const config = await load({ exclude: 'X', env: { MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'ENV_*' } });
    expect(config.exclude).toEqual(['X']);
    expect(config.include).toBeUndefined();
    expect(config.origins.include).toEqual({ layer: 'explicit' });
  });
});

describe('arrays replace, never concatenate', () => {
  test('an include variable replaces the file include', async () => {
    const config = await load({ env: { MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'ENV_ONLY' } });
    expect(config.include).toEqual(['ENV_ONLY']);
  });

  test('an include option replaces both', async () => {
    const config = await load({ include: ['OPT_ONLY'], env: { MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'ENV_ONLY' } });
    expect(config.include).toEqual(['OPT_ONLY']);
  });

  test('an empty include option is kept: it means nothing is included', async () => {
    const config = await load({ include: [] });
    expect(config.include).toEqual([]);
  });

  test('unset and mapping from options replace the whole list of the file', async () => {
    const config = await load({ unset: ['ONLY'], mapping: { '^ONLY$': 'v' } });
    expect(config.unset).toEqual(['ONLY']);
    expect(config.mapping).toEqual([['^ONLY$', 'v']]);
  });
});

describe('kubeconfig: KUBECONFIG is only the ambient default', () => {
  test("the file's kubeconfig beats KUBECONFIG", async () => {
    const config = await load({ env: { KUBECONFIG: '/elsewhere/config' } });
    expect(config.kubeconfig).toBe(fixture('layers', 'kube', 'file-config'));
    expect(config.origins.kubeconfig).toEqual(fromFile);
  });

  test('KUBECONFIG applies when no file sets kubeconfig, each list entry made absolute', async () => {
    const list = ['/abs/one', 'rel/two'].join(path.delimiter);
    const config = await loadConfig({ cwd: fixture('rc-json'), env: { KUBECONFIG: list } });
    expect(config.kubeconfig).toBe(['/abs/one', fixture('rc-json', 'rel', 'two')].join(path.delimiter));
    expect(config.origins.kubeconfig).toEqual({ layer: 'env', variable: 'KUBECONFIG' });
  });

  test('the kubeconfig option beats both', async () => {
    const config = await load({ kubeconfig: '/opt/kubeconfig', env: { KUBECONFIG: '/elsewhere/config' } });
    expect(config.kubeconfig).toBe('/opt/kubeconfig');
  });

  test("MIRRORD_KUBE_CONTEXT beats the file's kube_context (no exception for the context)", async () => {
    const config = await load({ env: { MIRRORD_KUBE_CONTEXT: 'env-context' } });
    expect(config.context).toBe('env-context');
  });
});

describe('empty variables count as unset', () => {
  const everyVariable = {
    MIRRORD_IMPERSONATED_TARGET: '',
    MIRRORD_TARGET_NAMESPACE: '',
    MIRRORD_AGENT_NAMESPACE: '',
    MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: '',
    MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: '',
    MIRRORD_OVERRIDE_ENV_VARS_FILE: '',
    MIRRORD_CONFIG_FILE: '',
    MIRRORD_KUBE_CONTEXT: '',
    KUBECONFIG: '',
    KUBENV_SOURCE: '',
    KUBENV_TIMEOUT: '',
  };

  test('an empty MIRRORD_IMPERSONATED_TARGET means no target', async () => {
    const config = await loadConfig({ cwd: fixture('empty-project'), env: { MIRRORD_IMPERSONATED_TARGET: '' } });
    expect(config.target).toEqual({ kind: 'targetless' });
    expect(config.origins.target).toEqual({ layer: 'default' });
  });

  test('empty variables leave the file values in place', async () => {
    expect(await load({ env: everyVariable })).toEqual(await load({ env: {} }));
  });

  test('an empty MIRRORD_CONFIG_FILE still searches', async () => {
    const config = await load({ env: { MIRRORD_CONFIG_FILE: '' } });
    expect(config.configFile).toBe(layersFile);
  });
});

describe('the environment is a parameter', () => {
  test('process.env is neither read (when env is given) nor changed', async () => {
    const before = { ...process.env };
    process.env['MIRRORD_IMPERSONATED_TARGET'] = 'pod/from-process-env';
    try {
      const config = await loadConfig({ cwd: fixture('empty-project'), env: Object.freeze({}) });
      expect(config.target).toEqual({ kind: 'targetless' });
    } finally {
      delete process.env['MIRRORD_IMPERSONATED_TARGET'];
    }
    expect(process.env).toEqual(before);
  });

  test('process.env is the default', async () => {
    process.env['MIRRORD_IMPERSONATED_TARGET'] = 'pod/from-process-env';
    try {
      const config = await loadConfig({ cwd: fixture('empty-project') });
      expect(config.target).toEqual({ kind: 'pod', name: 'from-process-env' });
    } finally {
      delete process.env['MIRRORD_IMPERSONATED_TARGET'];
    }
  });
});

describe('include and exclude in one layer', () => {
  const refused = async (options: ConfigOptions): Promise<ConfigError> => {
    const error = await load(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  };

  test('both options: a ConfigError that says to pass one', async () => {
    const error = await refused({ include: 'A', exclude: 'B' });
    expect(error.summary).toBe('Invalid configuration: `include` and `exclude` are both set.');
    expect(error.hint).toMatch(/^Pass one of them/);
    // Empty lists too: which one was meant cannot be guessed.
    await refused({ include: [], exclude: '' });
  });

  test('both variables: a ConfigError naming both', async () => {
    const error = await refused({
      env: { MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'A', MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: 'B' },
    });
    expect(error.message).toMatch(
      /both MIRRORD_OVERRIDE_ENV_VARS_INCLUDE and MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE are set/,
    );
    expect(error.variable).toBe('MIRRORD_OVERRIDE_ENV_VARS_INCLUDE');
    expect(error.hint).toMatch(/^Unset one of them/);
  });

  test('both in the config file: a ConfigError at feature.env', async () => {
    const file = fixture('bad', 'both-filters.json');
    const error = await refused({ configFile: file });
    expect(error.file).toBe(file);
    expect(error.keyPath).toBe('feature.env');
    expect(error.message).toContain('`include` and `exclude` are both set');
  });

  test('both in one entry of targets: a ConfigError naming the entry', async () => {
    const error = await refused({ targets: { cache: { path: 'pod/x', include: 'A', exclude: 'B' } } });
    expect(error.summary).toBe('Invalid configuration: option `targets.cache`: `include` and `exclude` are both set.');
  });

  test('one in a variable, the other in the file: no error, the variable wins', async () => {
    const config = await load({ env: { MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: 'B' } });
    expect(config.exclude).toEqual(['B']);
  });
});
