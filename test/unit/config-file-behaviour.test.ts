/**
 * The config file layer, key by key: a value of the wrong type is reported at its own key path
 * (under `kubenv.` in package.json), an unknown key gets the suggestion that fits its place, empty
 * sections mean "not set", and `target`/`targets` follow the layer order.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import type { ConfigOptions } from '../../src/config/types';
import { ConfigError } from '../../src/errors';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-config-file-'));
let count = 0;

/** A project folder (its package.json stops the search) holding `files`. */
function project(files: Record<string, string>): string {
  count += 1;
  const dir = path.join(root, `p${count}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "p" }');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A project whose only config is `.mirrord/mirrord.json` holding `text`. */
function mirrordProject(text: string): string {
  const dir = project({});
  mkdirSync(path.join(dir, '.mirrord'));
  writeFileSync(path.join(dir, '.mirrord', 'mirrord.json'), text);
  return dir;
}

const rc = (config: unknown) => project({ '.kubenvrc.json': JSON.stringify(config) });
const load = (cwd: string, options: ConfigOptions = {}) => loadConfig({ cwd, env: {}, ...options });

async function refusal(cwd: string, options: ConfigOptions = {}): Promise<ConfigError> {
  const error = await load(cwd, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('a value of the wrong type is reported at its key path', () => {
  const cases: Array<[string, unknown]> = [
    ['target', 5],
    ['targets', 5],
    ['kubeconfig', 5],
    ['kube_context', 5],
    ['source', 5],
    ['timeout', 'soon'],
    ['image_env', 'yes'],
    ['agent', 5],
    ['agent.namespace', 5],
    ['feature', 5],
    ['feature.env', 5],
    ['feature.env.include', 5],
    ['feature.env.exclude', 5],
    ['feature.env.env_file', 5],
    ['feature.env.override', 5],
    ['feature.env.unset', 5],
    ['feature.env.mapping', 5],
    ['feature.env.local_wins', 'yes'],
  ];

  /** `{ a: { b: value } }` for `a.b`. */
  const nested = (keyPath: string, value: unknown): Record<string, unknown> =>
    keyPath
      .split('.')
      .reverse()
      .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

  it.each(cases)('%s', async (keyPath, value) => {
    const cwd = rc(nested(keyPath, value));
    const error = await refusal(cwd);
    expect(error.file).toBe(path.join(cwd, '.kubenvrc.json'));
    expect(error.keyPath).toBe(keyPath);
  });

  it.each(cases)('kubenv.%s in package.json', async (keyPath, value) => {
    const cwd = project({ 'package.json': JSON.stringify({ name: 'p', kubenv: nested(keyPath, value) }) });
    const error = await refusal(cwd);
    expect(error.keyPath).toBe(`kubenv.${keyPath}`);
  });

  it('a file that is not an object of settings: the file itself, or `kubenv` in package.json', async () => {
    const file = await refusal(rc(['deploy/api']));
    expect(file.keyPath).toBeUndefined();
    expect(file.message).toContain('Expected an object of settings, found an array');
    const inPackage = await refusal(project({ 'package.json': JSON.stringify({ name: 'p', kubenv: 'deploy/api' }) }));
    expect(inPackage.keyPath).toBe('kubenv');
  });
});

describe('unknown keys', () => {
  it('the suggestion is the key of the same object, even when another object has a key of that name', async () => {
    const error = await refusal(rc({ agent: { namespac: 'ops' } }));
    expect(error.keyPath).toBe('agent.namespac');
    expect(error.hint).toBe('Did you mean `agent.namespace`?');
  });

  it('a key at the wrong level is sent to its place', async () => {
    const error = await refusal(rc({ unset: ['A'] }));
    expect(error.hint).toBe('Did you mean `feature.env.unset`?');
    const inPackage = await refusal(
      project({ 'package.json': JSON.stringify({ name: 'p', kubenv: { feature: { env: { unst: ['A'] } } } }) }),
    );
    expect(inPackage.hint).toBe('Did you mean `kubenv.feature.env.unset`?');
  });

  it('`context`, too far from any key to be guessed, is known as kube_context', async () => {
    expect((await refusal(rc({ context: 'prod' }))).hint).toBe('Did you mean `kube_context`?');
  });

  it.each([
    ['path', 'target.path'],
    ['target', 'target'],
    ['targets', 'targets'],
    ['env', 'feature.env'],
    ['kubeconfig', 'kubeconfig'],
    ['kube_context', 'kube_context'],
    ['source', 'source'],
    ['timeout', 'timeout'],
    ['image_env', 'image_env'],
  ])('`%s` written inside `agent` is sent to `%s`', async (key, place) => {
    const error = await refusal(rc({ agent: { [key]: 1 } }));
    expect(error.keyPath).toBe(`agent.${key}`);
    expect(error.hint).toBe(`Did you mean \`${place}\`?`);
  });

  it('an unknown key inside `feature` is reported at its own key path', async () => {
    const error = await refusal(rc({ feature: { zzzzzzzz: 1 } }));
    expect(error.keyPath).toBe('feature.zzzzzzzz');
    expect(error.hint).toBe('Known keys in `feature`: env.');
  });

  it('`$schema`, an editor hint, is accepted in a kubenv file', async () => {
    const config = await load(rc({ $schema: 'https://example.invalid/kubenv.schema.json', target: 'deploy/api' }));
    expect(config.target).toMatchObject({ kind: 'deployment', name: 'api' });
  });

  it('with nothing close, the keys of that object are listed', async () => {
    const top = await refusal(rc({ zzzzzzzz: 1 }));
    expect(top.hint).toBe(
      'Known keys: target, targets, feature, agent, kubeconfig, kube_context, source, timeout, image_env.',
    );
    const inEnv = await refusal(rc({ feature: { env: { zzzzzzzz: 1 } } }));
    expect(inEnv.hint).toBe(
      'Known keys in `feature.env`: include, exclude, override, unset, mapping, env_file, local_wins.',
    );
  });
});

describe('empty sections mean "not set"', () => {
  it('an empty file, a file or `kubenv` that is null, `feature.env: null` and `agent: null` change nothing', async () => {
    for (const cwd of [
      project({ '.kubenvrc.yaml': '' }),
      project({ '.kubenvrc.yaml': '# only a comment\n' }),
      rc({ feature: { env: null }, agent: null }),
      rc({ feature: null }),
      rc(null),
      project({ '.kubenvrc.yaml': '~\n' }),
      project({ 'package.json': JSON.stringify({ name: 'p', kubenv: null }) }),
      mirrordProject('null'),
    ]) {
      const config = await load(cwd);
      expect(config.envEnabled).toBe(true);
      expect(config.include).toBeUndefined();
      expect(config.exclude).toBeUndefined();
      expect(config.origins.include).toEqual({ layer: 'default' });
    }
  });

  it('feature.env without include or exclude leaves both unset', async () => {
    const config = await load(rc({ feature: { env: { override: { A: '1' } } } }));
    expect(config.override).toEqual({ A: '1' });
    expect(config.include).toBeUndefined();
    expect(config.exclude).toBeUndefined();
    expect(config.origins.exclude).toEqual({ layer: 'default' });
  });
});

describe('target and targets', () => {
  const targets = { api: 'deploy/api', worker: 'deploy/worker' };

  it('targets from the file are used when no layer above sets a target', async () => {
    const config = await load(rc({ targets }));
    expect(config.targets?.map((entry) => entry.name)).toEqual(['api', 'worker']);
  });

  it('a target from a higher layer wins over targets from the file', async () => {
    const cwd = rc({ targets });
    expect((await load(cwd, { target: 'deploy/other' })).targets).toBeUndefined();
    const fromEnv = await loadConfig({ cwd, env: { MIRRORD_IMPERSONATED_TARGET: 'deploy/other' } });
    expect(fromEnv.targets).toBeUndefined();
    expect(fromEnv.target).toMatchObject({ kind: 'deployment', name: 'other' });
  });

  it('targets given as an option win over a target from a variable or the file', async () => {
    const config = await loadConfig({
      cwd: rc({ target: 'deploy/from-file' }),
      env: { MIRRORD_IMPERSONATED_TARGET: 'deploy/from-env' },
      targets,
    });
    expect(config.targets?.map((entry) => entry.name)).toEqual(['api', 'worker']);
  });

  it('both in the same layer are refused, at `targets` in a file', async () => {
    const inFile = await refusal(rc({ target: 'deploy/api', targets }));
    expect(inFile.message).toContain('`target` and `targets` are both set');
    expect(inFile.keyPath).toBe('targets');
    const inOptions = await refusal(project({}), { target: 'deploy/api', targets });
    expect(inOptions.message).toContain('`target` and `targets` are both set');
    expect(inOptions.keyPath).toBeUndefined();
  });
});

describe('loading', () => {
  it('leaves no timer behind once it returns: a script that only loads the config exits at once', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    await load(rc({ target: 'deploy/api' }));
    expect(timers()).toBe(before);
  });
});
