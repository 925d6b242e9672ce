/**
 * Variables never taken from the remote environment by default: they describe the remote
 * machine's layout (paths, toolchains, debug hooks) and would break the local process.
 */

/**
 * mirrord's default exclude list, exactly as in mirrord's source and in the same order:
 * metalbear-co/mirrord, `mirrord/agent/src/env.rs`, `EnvFilter::new` (the `exclude` vector),
 * at commit 8320eb8f8455520c2ce529161bf24cdded3ceee4. All entries are exact names (no globs),
 * matched case-sensitively. Unlike mirrord, kubenv brings one back when `include` names it
 * exactly (`include: ['PATH']`); a glob such as `P*` does not.
 *
 * @example
 * ```ts
 * DEFAULT_EXCLUDES.includes('JAVA_TOOL_OPTIONS') // true
 * ```
 */
export const DEFAULT_EXCLUDES: readonly string[] = Object.freeze([
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
]);
