/**
 * mirrord's own rules for the keys kubenv reads from a mirrord file: the advanced target's
 * namespace, MIRRORD_KUBECONFIG, the kubeconfig list with `~` and `$VAR`, and env_file against
 * the working directory (metalbear-co/mirrord@8320eb8: mirrord/config/src/lib.rs,
 * mirrord/kube/src/api/kubernetes.rs, mirrord/cli/src/execution.rs).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { ConfigError } from '../../src/errors';

/** A project with `.mirrord/mirrord.json` holding `content`; returns its directory. */
function mirrordProject(content: object): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-mirrord-'));
  writeFileSync(path.join(dir, 'package.json'), '{}');
  mkdirSync(path.join(dir, '.mirrord'));
  writeFileSync(path.join(dir, '.mirrord', 'mirrord.json'), JSON.stringify(content));
  return dir;
}

describe('target: path and namespace resolve independently', () => {
  test('`{ path: "targetless", namespace }` keeps the namespace for a target from another layer', async () => {
    const cwd = mirrordProject({ target: { path: 'targetless', namespace: 'staging' } });
    const alone = await loadConfig({ cwd, env: {} });
    expect(alone.target).toEqual({ kind: 'targetless' });
    expect(alone.namespace).toBe('staging');
    const withTarget = await loadConfig({ cwd, env: { MIRRORD_IMPERSONATED_TARGET: 'deploy/api' } });
    expect(withTarget.target).toEqual({ kind: 'deployment', name: 'api' });
    expect(withTarget.namespace).toBe('staging');
    expect(withTarget.origins.namespace).toMatchObject({ layer: 'file' });
  });
});

describe('templates kubenv cannot render', () => {
  const httpFilter = { header_filter: 'baggage: .*mirrord-session={{ key }}.*' };

  test('are left alone in fields kubenv does not read (the docs put `{{ key }}` in http_filter)', async () => {
    const cwd = mirrordProject({
      target: 'deploy/api',
      feature: { network: { incoming: { mode: 'steal', http_filter: httpFilter } }, env: true },
    });
    const config = await loadConfig({ cwd, env: {} });
    expect(config.target).toEqual({ kind: 'deployment', name: 'api' });
  });

  test('are a ConfigError naming the field and the expression where kubenv reads them', async () => {
    const cwd = mirrordProject({ target: { path: 'deploy/api', namespace: '{{ now() }}' } });
    const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keyPath).toBe('target.namespace');
    expect((error as ConfigError).message).toContain('cannot render the template on line 1');
    expect(String((error as ConfigError).found)).toContain('the function `now()`');
  });

  test("`{{ key }}` takes the file's root `key` (itself rendered) when MIRRORD_ENV_KEY is not set, as mirrord does", async () => {
    const cwd = mirrordProject({ key: "team-{{ get_env(name='TEAM', default='a') }}", target: 'pod/api-{{ key }}' });
    expect((await loadConfig({ cwd, env: {} })).target).toEqual({ kind: 'pod', name: 'api-team-a' });
    const session = await loadConfig({ cwd, env: { MIRRORD_ENV_KEY: 'mine' } });
    expect(session.target).toEqual({ kind: 'pod', name: 'api-mine' });
  });

  test('outside a string, where the file cannot parse without it, the error names the line', async () => {
    const cwd = mirrordProject({});
    writeFileSync(path.join(cwd, '.mirrord', 'mirrord.json'), '{\n  "agent": { "ttl": {{ ttl }} }\n}');
    const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('line 2, and the file needs it to parse');
  });

  test('render from MIRRORD_ENV_KEY and MIRRORD_BRANCH_NAME as mirrord does', async () => {
    const cwd = mirrordProject({
      target: { path: 'deploy/api-{{ key }}', namespace: "{{ git_branch | replace(from='/', to='-') }}" },
    });
    const config = await loadConfig({ cwd, env: { MIRRORD_ENV_KEY: 'blue', MIRRORD_BRANCH_NAME: 'feat/login' } });
    expect(config.target).toEqual({ kind: 'deployment', name: 'api-blue' });
    expect(config.namespace).toBe('feat-login');
  });
});

describe('mapping keys in Rust syntax', () => {
  test('a pattern mirrord accepts loads; one JavaScript cannot express names the construct and the key', async () => {
    const ok = mirrordProject({ feature: { env: { mapping: { '(?i)timeout': '1', '[[:upper:]]+_URL': 'x' } } } });
    expect((await loadConfig({ cwd: ok, env: {} })).mapping).toHaveLength(2);
    const bad = mirrordProject({ feature: { env: { mapping: { '\\p{Greek}': 'x' } } } });
    const error = await loadConfig({ cwd: bad, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keyPath).toBe(`feature.env.mapping[${JSON.stringify('\\p{Greek}')}]`);
    expect(String((error as ConfigError).found)).toContain('the Unicode class `\\p{Greek}`');
  });
});

describe('kubeconfig', () => {
  const cwd = mirrordProject({ kubeconfig: '~/.kube/a:$KUBE_DIR/b::${KUBE_DIR}/c:relative/d' });

  test('the file key is split on `:`, each entry with `~` and `$VAR` expanded, relative to the working directory', async () => {
    const config = await loadConfig({ cwd, env: { KUBE_DIR: '/etc/kube' } });
    expect(config.kubeconfig?.split(path.delimiter)).toEqual([
      path.join(os.homedir(), '.kube', 'a'),
      '/etc/kube/b',
      '/etc/kube/c',
      path.join(cwd, 'relative', 'd'),
    ]);
  });

  test('an unset variable in the path is a ConfigError naming it', async () => {
    const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('$KUBE_DIR');
    expect((error as ConfigError).keyPath).toBe('kubeconfig');
  });

  test('MIRRORD_KUBECONFIG beats the file key, which beats KUBECONFIG; the option beats all', async () => {
    const env = { KUBE_DIR: '/k', KUBECONFIG: '/ambient', MIRRORD_KUBECONFIG: '~/mirrord-kube:$KUBE_DIR/x' };
    const config = await loadConfig({ cwd, env });
    expect(config.kubeconfig).toBe([path.join(os.homedir(), 'mirrord-kube'), '/k/x'].join(path.delimiter));
    expect(config.origins.kubeconfig).toEqual({ layer: 'env', variable: 'MIRRORD_KUBECONFIG' });
    const ambient = await loadConfig({ cwd, env: { KUBE_DIR: '/k', KUBECONFIG: '/ambient' } });
    expect(ambient.origins.kubeconfig).toMatchObject({ layer: 'file' });
    const noFile = await loadConfig({ cwd: mirrordProject({}), env: { KUBECONFIG: '/ambient' } });
    expect(noFile.kubeconfig).toBe('/ambient');
    expect(noFile.origins.kubeconfig).toEqual({ layer: 'env', variable: 'KUBECONFIG' });
    const explicit = await loadConfig({ cwd, env, kubeconfig: '/explicit' });
    expect(explicit.kubeconfig).toBe('/explicit');
  });
});

describe('env_file', () => {
  test("in a mirrord file it is relative to the working directory, as in mirrord's docs", async () => {
    const cwd = mirrordProject({ feature: { env: { env_file: '.env.local' } } });
    const config = await loadConfig({ cwd, env: {} });
    expect(config.envFile).toBe(path.join(cwd, '.env.local'));
  });

  test('in a kubenv file it stays relative to the file', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'kubenv-rc-'));
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config', 'kubenv.json'), JSON.stringify({ feature: { env: { env_file: '.env' } } }));
    const config = await loadConfig({ cwd, env: {}, configFile: 'config/kubenv.json' });
    expect(config.envFile).toBe(path.join(cwd, 'config', '.env'));
  });
});
