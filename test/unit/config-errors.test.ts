import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import type { ConfigOptions } from '../../src/config/types';
import { ConfigError, isKubenvError, TargetParseError } from '../../src/errors';

const fixture = (...parts: string[]): string => path.resolve(import.meta.dirname, '../fixture/config', ...parts);
const bad = (name: string): string => fixture('bad', name);

async function configError(options: ConfigOptions): Promise<ConfigError> {
  const error = await loadConfig({ cwd: fixture('empty-project'), env: {}, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect(isKubenvError(error, 'CONFIG')).toBe(true);
  return error as ConfigError;
}

describe('bad files name the file and the key path', () => {
  // [file, key path, what the message or hint must also say]
  const cases: Array<[string, string, RegExp]> = [
    ['unknown-key.json', 'tagret', /Did you mean `target`\?/],
    ['nested-unknown.yaml', 'feature.env.includ', /Did you mean `feature\.env\.include`\?/],
    ['misplaced-key.json', 'namespace', /Did you mean `target\.namespace`\?/],
    ['camel-case-key.json', 'kubeContext', /Did you mean `kube_context`\?/],
    ['timeout-string.json', 'timeout', /Expected a whole number of milliseconds from 1 to 2147483647, found a string/],
    ['timeout-negative.json', 'timeout', /found -5/],
    ['timeout-zero.yaml', 'timeout', /found 0/],
    ['unknown-source.json', 'source', /found "exce"[\s\S]*Did you mean `exec`\?/],
    ['bad-target.json', 'target', /deployment\/api/],
    ['bad-namespace.json', 'target', /Staging/],
    ['both-filters.json', 'feature.env', /`include` and `exclude` are both set/],
    ['bad-regex.json', 'feature.env.mapping["^(DB"]', /invalid regular expression/],
    [
      'override-number.json',
      'feature.env.override.PORT',
      /Expected a string \(quote numbers and booleans\), found a number/,
    ],
    ['include-item.json', 'feature.env.include[1]', /found a number/],
    ['env-string.json', 'feature.env', /Expected `true`, `false` or an object, found a string/],
  ];

  test.each(cases)('%s -> `%s`', async (name, keyPath, says) => {
    const error = await configError({ configFile: bad(name) });
    expect(error.file).toBe(bad(name));
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toContain(bad(name));
    expect(error.message).toContain(`\`${keyPath}\``);
    expect(error.message).toMatch(says);
  });

  test('a bad target keeps the TargetParseError as cause and its hint', async () => {
    const error = await configError({ configFile: bad('bad-target.json') });
    expect(error.cause).toBeInstanceOf(TargetParseError);
    expect(error.hint).toBe((error.cause as TargetParseError).hint);
  });

  test('a whole file that is not an object', async () => {
    const error = await configError({ configFile: bad('not-object.json') });
    expect(error.message).toMatch(/Expected an object of settings, found an array/);
  });

  test('a value that may be secret is never quoted', async () => {
    const error = await configError({ configFile: bad('override-number.json') });
    expect(error.message).not.toContain('8080');
  });

  test('package.json#kubenv: the key path starts at `kubenv`', async () => {
    const error = await configError({ cwd: fixture('bad-package-json') });
    expect(error.file).toBe(fixture('bad-package-json', 'package.json'));
    expect(error.keyPath).toBe('kubenv.tagret');
    expect(error.hint).toBe('Did you mean `kubenv.target`?');
  });

  test('a mirrord file ignores unknown keys but still checks the ones kubenv reads', async () => {
    const error = await configError({ env: { MIRRORD_CONFIG_FILE: bad('timeout-string.json') } });
    expect(error.keyPath).toBe('timeout');
    await expect(
      loadConfig({ cwd: fixture('empty-project'), env: { MIRRORD_CONFIG_FILE: bad('unknown-key.json') } }),
    ).resolves.toMatchObject({ target: { kind: 'targetless' } });
  });

  test('a get_env variable missing without default', async () => {
    const error = await configError({ configFile: bad('missing-var/mirrord.json') });
    expect(error.message).toContain('KUBENV_FIXTURE_UNSET_VAR');
    expect(error.file).toBe(bad('missing-var/mirrord.json'));
  });

  test('a template expression kubenv cannot render, in a field it reads', async () => {
    const error = await configError({ env: { MIRRORD_CONFIG_FILE: bad('missing-var/unsupported.mirrord.json') } });
    expect(error.message).toMatch(/cannot render the template on line 1 in a field it reads/);
    expect(error.keyPath).toBe('target');
  });

  test('a JS config that exports a function', async () => {
    const error = await configError({ configFile: bad('function-export.mjs') });
    expect(error.message).toMatch(/found a function/);
  });

  test('a JS config that throws on load keeps the cause', async () => {
    const error = await configError({ configFile: bad('throws.mjs') });
    expect(error.file).toBe(bad('throws.mjs'));
    expect(error.message).toMatch(/could not be loaded/);
    expect((error.cause as Error).message).toBe('boom at load');
  });

  test('an unsupported extension for a mirrord file', async () => {
    const error = await configError({ env: { MIRRORD_CONFIG_FILE: bad('throws.mjs') } });
    expect(error.message).toMatch(/Expected a `\.json`, `\.toml`, `\.yaml` or `\.yml` file, found a `\.mjs` file/);
  });
});

describe('syntax errors give a position and never the source', () => {
  let dir: string;
  const secret = 'hunter2-super-secret';
  beforeAll(async () => {
    // Broken JSON/YAML cannot be fixtures: the repository's linter parses every JSON/YAML file.
    dir = await mkdtemp(path.join(os.tmpdir(), 'kubenv-config-'));
    await writeFile(
      path.join(dir, 'token.json'),
      `{\n  "feature": { "env": { "override": { "TOKEN": "${secret}" } } }\n  "target": "x"\n}`,
    );
    await writeFile(path.join(dir, 'bare.json'), `{\n  "override": ${secret}\n}`);
    await writeFile(path.join(dir, 'cut.json'), `{ "target": "${secret}`);
    await writeFile(path.join(dir, 'token.yaml'), `feature:\n  env:\n    override: { TOKEN: "${secret}"\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each([
    ['token.json', 'JSON', 3, 3],
    ['bare.json', 'JSON', 2, 15],
    // The input ends after 33 characters: the error is just past them.
    ['cut.json', 'JSON', 1, 34],
  ])('%s: %s error at line %i, column %i', async (name, language, line, column) => {
    const error = await configError({ configFile: path.join(dir, name) });
    expect(error.file).toBe(path.join(dir, name));
    expect(error.message).toContain(`not valid ${language} at line ${line}, column ${column}`);
    expect(error.message).not.toContain(secret);
  });

  test('YAML', async () => {
    const error = await configError({ configFile: path.join(dir, 'token.yaml') });
    expect(error.message).toMatch(/not valid YAML at line \d+, column \d+/);
    expect(error.message).not.toContain(secret);
  });

  test('TOML (a fixture: the linter does not parse TOML)', async () => {
    const error = await configError({ configFile: bad('syntax.toml') });
    expect(error.message).toMatch(/not valid TOML at line 1, column 21 \(.+\)/);
    expect(error.message).not.toContain('deploy/api');
  });
});

describe('bad variables name the variable', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['KUBENV_TIMEOUT', 'soon', /Expected a whole number of milliseconds from 1 to 2147483647, found other text/],
    ['KUBENV_TIMEOUT', '0', /found 0/],
    ['KUBENV_SOURCE', 'specs', /Did you mean `spec`\?/],
    ['MIRRORD_IMPERSONATED_TARGET', 'deploymnet/api', /deployment\/api/],
    ['MIRRORD_TARGET_NAMESPACE', 'Team_A', /namespace "Team_A" must contain only lowercase/],
  ];

  test.each(cases)('%s=%s', async (variable, value, says) => {
    const error = await configError({ env: { [variable]: value } });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`in environment variable ${variable}`);
    expect(error.message).toMatch(says);
  });
});

describe('bad options name the option', () => {
  const cases: Array<[ConfigOptions, RegExp]> = [
    [{ timeout: 0 }, /option `timeout`/],
    [{ timeout: Number.POSITIVE_INFINITY }, /option `timeout`.*found Infinity/],
    [{ source: 'fast' as never }, /option `source`: unknown source/],
    [{ target: 'deploymnet/api' }, /option `target`/],
    [{ include: ['A', 1 as never] }, /option `include\[1\]`/],
    [{ mapping: { '[': 'x' } }, /option `mapping\["\["\]`: invalid regular expression/],
    [{ override: { PORT: 1 as never } }, /option `override.PORT`/],
    [{ localWins: 'yes' as never }, /option `localWins`/],
    [{ configFile: 3 as never }, /option `configFile`/],
    [{ namespace: 'Team_A' }, /option `namespace`: namespace "Team_A" must contain only lowercase/],
    [{ agentNamespace: 'Team_A' }, /option `agentNamespace`: namespace "Team_A" must contain only lowercase/],
    [{ unset: 7 as never }, /option `unset`: wrong type/],
    [{ envFile: 7 as never }, /option `envFile`: wrong type/],
    [{ kubeconfig: 7 as never }, /option `kubeconfig`: wrong type/],
    [{ context: 7 as never }, /option `context`: wrong type/],
    [{ imageEnv: 'yes' as never }, /option `imageEnv`: wrong type/],
  ];

  test.each(cases)('%o', async (options, says) => {
    const error = await configError(options);
    expect(error.file).toBeUndefined();
    expect(error.variable).toBeUndefined();
    expect(error.message).toMatch(says);
  });

  test('options are checked before any file is read', async () => {
    // The file is broken too; the option error comes first.
    const error = await configError({ timeout: -1, configFile: bad('unknown-key.json') });
    expect(error.message).toMatch(/option `timeout`/);
  });
});
