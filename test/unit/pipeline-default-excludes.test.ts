/**
 * The default exclude list, written out: mirrord's list (metalbear-co/mirrord,
 * `mirrord/agent/src/env.rs`, `EnvFilter::new`, at commit
 * 8320eb8f8455520c2ce529161bf24cdded3ceee4), every entry dropped from the remote env by name,
 * and every entry brought back by an `include` that names it exactly.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDES } from '../../src/pipeline/default-excludes';
import { runEnvPipeline } from '../../src/pipeline/pipeline';
import { importFresh } from '../support/fresh-import';

const MIRRORD_EXCLUDES = [
  'BUNDLER_ORIG_BUNDLER_ORIG_MANPATH',
  'BUNDLER_ORIG_BUNDLER_VERSION',
  'BUNDLER_ORIG_BUNDLE_BIN_PATH',
  'BUNDLER_ORIG_BUNDLE_GEMFILE',
  'BUNDLER_ORIG_GEM_HOME',
  'BUNDLER_ORIG_MANPATH',
  'BUNDLER_ORIG_PATH',
  'BUNDLER_ORIG_RB_USER_INSTALL',
  'BUNDLER_ORIG_RUBYLIB',
  'BUNDLER_ORIG_RUBYOPT',
  'BUNDLER_VERSION',
  'BUNDLE_APP_CONFIG',
  'BUNDLE_BIN_PATH',
  'BUNDLE_FORCE_RUBY_PLATFORM',
  'BUNDLE_GEMFILE',
  'BUNDLE_GEM_PATH',
  'BUNDLE_PATH',
  'BUNDLE_WITHOUT',
  'CATALINA_HOME',
  'CLASSPATH',
  'DOTNET_EnableDiagnostics',
  'DOTNET_STARTUP_HOOKS',
  'GEM_HOME',
  'GEM_PATH',
  'GOPATH',
  'GOMODCACHE',
  'HOME',
  'HOMEPATH',
  'JAVA_EXE',
  'JAVA_HOME',
  'JAVA_TOOL_OPTIONS',
  'PATH',
  'PWD',
  'PYTHONPATH',
  'RUBYLIB',
  'RUBYOPT',
  'MIRRORD_LOG',
  'RUST_LOG',
  '_JAVA_OPTIONS',
];

describe("the default excludes are exactly mirrord's list", () => {
  it("the list, in mirrord's order", () => {
    expect(DEFAULT_EXCLUDES).toEqual(MIRRORD_EXCLUDES);
    expect(Object.isFrozen(DEFAULT_EXCLUDES)).toBe(true);
  });

  it('a remote env holding every entry gives the local process none of them', async () => {
    const remote = Object.fromEntries(MIRRORD_EXCLUDES.map((name) => [name, `remote-${name}`]));
    const result = await runEnvPipeline({ ...remote, PORT: '8080' }, { PATH: '/local/bin' });
    expect(result.remote).toEqual({ PORT: '8080' });
    expect(result.merged).toEqual({ PATH: '/local/bin', PORT: '8080' });
    expect([...result.dropped.defaultExcludes].sort()).toEqual([...MIRRORD_EXCLUDES].sort());
  });

  it('a freshly loaded pipeline drops exactly these names and no others', async () => {
    const fresh = await importFresh(() => import('../../src/pipeline/pipeline'));
    const remote = Object.fromEntries(MIRRORD_EXCLUDES.map((name) => [name, `remote-${name}`]));
    const result = await fresh.runEnvPipeline({ ...remote, PORT: '8080' }, {});
    expect(result.remote).toEqual({ PORT: '8080' });
    expect([...result.dropped.defaultExcludes].sort()).toEqual([...MIRRORD_EXCLUDES].sort());
  });

  it.each(MIRRORD_EXCLUDES)('%s comes back when include names it exactly', async (name) => {
    const result = await runEnvPipeline({ [name]: 'remote', PORT: '8080' }, {}, { include: [name] });
    expect(result.remote).toEqual({ [name]: 'remote' });
    expect(result.dropped.defaultExcludes).toEqual([]);
    expect(result.dropped.include).toEqual(['PORT']);
  });

  it('names next to the entries are not excluded: other case, prefixes, suffixes, look-alikes', async () => {
    const remote = {
      path: '1',
      Home: '2',
      PATH_INFO: '3',
      MY_PATH: '4',
      JAVA_OPTS: '5',
      NODE_OPTIONS: '6',
      RUST_BACKTRACE: '7',
      GOROOT: '8',
      PYTHONHOME: '9',
      DOTNET_ENABLEDIAGNOSTICS: '10',
    };
    const result = await runEnvPipeline(remote, {});
    expect(result.remote).toEqual(remote);
    expect(result.dropped.defaultExcludes).toEqual([]);
  });
});
