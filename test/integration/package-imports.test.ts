import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const ROOT = path.resolve('.');
const cluster = useCluster(() => [deploymentMidRollout()]);

/** Runs `body` in a fresh node process (cwd: the repo, so `kubenv` resolves to the built package) and returns the modules it loaded. */
async function modulesLoadedBy(
  body: string,
  env: Record<string, string> = {},
): Promise<{ loaded: string[]; output: string }> {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
    const output = await (async () => { ${body} })();
    console.log(JSON.stringify({ loaded, output: String(output ?? '') }));
  `;
  const result = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, ...env },
  });
  if (result.code !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
}

const HEAVY = [
  '@kubernetes/client-node',
  'https-proxy-agent',
  'socks-proxy-agent',
  'cosmiconfig',
  'js-yaml',
  'smol-toml',
  'minimatch',
  'commander',
  'dotenv',
  '@clack/prompts',
];

describe('the built package stays light where it should', () => {
  it('ESM: import { parseTarget } from "kubenv" loads none of the heavy dependencies', async () => {
    const { loaded, output } = await modulesLoadedBy(
      `const { parseTarget } = await import('kubenv'); return parseTarget('deploy/api').kind;`,
    );
    expect(output).toBe('deployment');
    expect(loaded.some((url) => url.endsWith('/dist/index.js'))).toBe(true);
    for (const heavy of HEAVY) expect(loaded.filter((url) => url.includes(`/node_modules/${heavy}/`))).toEqual([]);
  });

  it('CJS: require("kubenv") likewise', async () => {
    const { loaded, output } = await modulesLoadedBy(
      `const { createRequire } = await import('node:module'); const require = createRequire('${ROOT}/package.json');
       return require('kubenv').parseTarget('sts/db').kind;`,
    );
    expect(output).toBe('statefulset');
    expect(loaded.some((url) => url.endsWith('/dist/index.cjs'))).toBe(true);
    for (const heavy of HEAVY) expect(loaded.filter((url) => url.includes(`/node_modules/${heavy}/`))).toEqual([]);
  });

  it('a fetch with a token kubeconfig never loads @kubernetes/client-node', async () => {
    const { loaded, output } = await modulesLoadedBy(
      `const { fetchRemoteEnv } = await import('kubenv');
       const remote = await fetchRemoteEnv({ target: 'deploy/checkout', namespace: 'shop', cwd: '${EMPTY_PROJECT}' });
       return remote.target.pod;`,
      { KUBECONFIG: cluster().kubeconfigPath },
    );
    expect(output).toBe('checkout-5c9d8f6b7d-p4t7r');
    for (const heavy of ['@kubernetes/client-node', 'https-proxy-agent', 'socks-proxy-agent']) {
      expect(loaded.filter((url) => url.includes(`/${heavy}/`))).toEqual([]);
    }
  });

  const minimatchIn = (loaded: readonly string[]) => loaded.filter((url) => url.includes('/node_modules/minimatch/'));

  it('loadConfig() loads no glob matcher: patterns are only split there', async () => {
    const { loaded, output } = await modulesLoadedBy(
      `const { loadConfig } = await import('kubenv');
       const config = await loadConfig({ cwd: '${EMPTY_PROJECT}', env: {}, target: 'deploy/api', include: 'APP_*;DB_*' });
       return config.include.join(' ');`,
    );
    expect(output).toBe('APP_* DB_*');
    expect(minimatchIn(loaded)).toEqual([]);
  });

  it('a fetch without glob patterns never loads minimatch; with one it does, and filters', async () => {
    const fetch = (options: string) =>
      modulesLoadedBy(
        `const { fetchRemoteEnv } = await import('kubenv');
         const remote = await fetchRemoteEnv({ target: 'deploy/checkout', namespace: 'shop', cwd: '${EMPTY_PROJECT}', ${options} });
         return Object.keys(remote.remote).sort().join(' ');`,
        { KUBECONFIG: cluster().kubeconfigPath },
      );
    const plain = await fetch('');
    expect(plain.output.split(' ')).toEqual(expect.arrayContaining(['APP_VERSION', 'DATABASE_URL']));
    expect(minimatchIn(plain.loaded)).toEqual([]);

    const exact = await fetch(`include: 'APP_VERSION'`);
    expect(exact.output).toBe('APP_VERSION');
    expect(minimatchIn(exact.loaded)).toEqual([]);

    const globbed = await fetch(`include: 'APP_*'`);
    expect(globbed.output).toMatch(/^APP_VERSION( APP_\w+)*$/);
    expect(minimatchIn(globbed.loaded)).not.toEqual([]);
  });

  it('an exec credential plugin runs without loading @kubernetes/client-node', async () => {
    const plugin = path.join(EMPTY_PROJECT, 'credential-plugin.mjs');
    writeFileSync(
      plugin,
      `#!${process.execPath}\nconsole.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(cluster().token)} } }));\n`,
    );
    chmodSync(plugin, 0o755);
    const kubeconfig = path.join(EMPTY_PROJECT, 'exec-plugin.yaml');
    const caData = Buffer.from(cluster().ca).toString('base64');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: sim, cluster: { server: "${cluster().url}", certificate-authority-data: "${caData}" } }]`,
        `users: [{ name: sso, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: "${plugin}", interactiveMode: Never } } }]`,
        'contexts: [{ name: sso, context: { cluster: sim, user: sso, namespace: shop } }]',
        'current-context: sso',
      ].join('\n'),
    );
    const { loaded, output } = await modulesLoadedBy(
      `const { fetchRemoteEnv } = await import('kubenv');
       const remote = await fetchRemoteEnv({ target: 'deploy/checkout', cwd: '${EMPTY_PROJECT}' });
       return remote.target.namespace + ' ' + remote.remote.APP_VERSION;`,
      { KUBECONFIG: kubeconfig },
    );
    expect(output).toBe('shop 1.5.0');
    expect(loaded.filter((url) => url.includes('/@kubernetes/client-node/'))).toEqual([]);
  });

  it('the CLI with a target (the hot path) never loads the prompt library, nor node:http', async () => {
    // A preload that records every module the CLI process resolves, written out at exit.
    const hook = path.join(EMPTY_PROJECT, 'record-modules.mjs');
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module'; import { writeFileSync } from 'node:fs';
       const loaded = [];
       registerHooks({ resolve(s, c, next) { const r = next(s, c); loaded.push(r.url); return r; } });
       process.on('exit', () => writeFileSync(process.env.RECORD_TO, JSON.stringify({ loaded, builtins: process.moduleLoadList })));`,
    );
    const record = path.join(EMPTY_PROJECT, 'loaded.json');
    const result = await run(
      process.execPath,
      ['--import', hook, '--', path.join(ROOT, 'dist/cli.cjs'), 'print', '-t', 'deploy/checkout', '-n', 'shop'],
      {
        cwd: EMPTY_PROJECT,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: EMPTY_PROJECT,
          KUBECONFIG: cluster().kubeconfigPath,
          RECORD_TO: record,
        },
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^APP_VERSION=\W?1\.5\.0/m);
    const { loaded, builtins } = JSON.parse(readFileSync(record, 'utf8')) as { loaded: string[]; builtins: string[] };
    expect(loaded.some((url) => url.includes('/dist/cli.cjs'))).toBe(true);
    expect(loaded.filter((url) => url.includes('/@clack/'))).toEqual([]);
    // Nor Node's HTTP client: kubenv speaks HTTP/1.1 itself on direct connections (src/kube/http1.ts).
    expect(builtins.filter((name) => /^NativeModule (_http_|https?$)/.test(name))).toEqual([]);
  });
});
