/**
 * Resolving the configuration: the layers (options, variables, file) merged per field over the
 * defaults. Loaded by `loadConfig` on first call, so importing kubenv does not load it.
 */
import path from 'node:path';
import { ConfigError } from '../errors';
import { startDeadline, untilAborted } from '../fetch/deadline';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import { checkOptions } from './check-options';
import { envLayer } from './env-layer';
import { fileLayer } from './file-layer';
import { findConfigFile } from './find-file';
import { type Layer, type LayerStack, pickField, type SettingField, type Settings } from './layer';
import { optionsLayer } from './options-layer';
import type { ConfigOptions, ConfigOrigin, ResolvedConfig, ResolvedConfigField } from './types';
import { toOptionalString } from './values';

// Defaults for the fields that have one; the others stay `undefined` (e.g. `namespace`: then the
// kubeconfig context decides).
const DEFAULTS = {
  target: { kind: 'targetless' },
  envEnabled: true,
  override: {},
  unset: [],
  mapping: [],
  localWins: false,
  source: 'auto',
  timeout: 30_000,
} as const satisfies Partial<Settings>;

const DEFAULT_ORIGIN: ConfigOrigin = { layer: 'default' };
const PRECEDENCE: readonly ConfigOrigin['layer'][] = ['explicit', 'env', 'file', 'default'];

/** `targets` is used unless a `target` comes from a higher layer; both in one layer is an error. */
function chooseTargets(target: ConfigOrigin, targets: ConfigOrigin): boolean {
  const rank = (origin: ConfigOrigin) => PRECEDENCE.indexOf(origin.layer);
  if (rank(target) < rank(targets)) return false;
  if (rank(target) === rank(targets)) {
    throw new ConfigError('`target` and `targets` are both set', {
      file: targets.file,
      keyPath: targets.file ? 'targets' : undefined,
      hint: 'Keep `targets` (several targets by name) or `target` (one), not both.',
    });
  }
  return true;
}

/**
 * The implementation of {@link loadConfig}.
 * @internal
 */
export async function resolveConfig(options: ConfigOptions): Promise<ResolvedConfig> {
  checkOptions(options, 'loadConfig');
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  // Options and variables are checked before any file is read: a bad flag fails fast.
  const explicit = optionsLayer(options, cwd);
  const fromEnv = envLayer(env, cwd);
  const configFile = toOptionalString(options.configFile, { keyPath: 'configFile' });
  // Loading runs the file's code (a .js or .ts config), which may never settle: bound it by the
  // timeout the options and variables set (the file's own cannot be known before it loads).
  const loadTimeout = pickField({ explicit, env: fromEnv, file: {} }, 'timeout')?.value ?? DEFAULTS.timeout;
  const deadline = startDeadline('Loading the config file', loadTimeout, (options as FetchRemoteEnvOptions).signal, {
    hint: 'A JavaScript or TypeScript config whose top-level await never settles keeps loading: run it with `node <file>` to see, or raise `timeout`.',
  });
  let loaded: Awaited<ReturnType<typeof findConfigFile>>;
  try {
    loaded = await untilAborted(findConfigFile({ cwd, env, configFile }), deadline.signal);
  } finally {
    deadline.dispose();
  }
  const file: Layer = loaded ? fileLayer(loaded.content, loaded.info, { cwd, env }) : {};
  const stack: LayerStack = { explicit, env: fromEnv, file };

  const origins: Partial<Record<ResolvedConfigField, ConfigOrigin>> = {};
  // `filter` is picked apart below: its origin is that of `include` and `exclude`.
  const resolve = <F extends Exclude<SettingField, 'filter'>>(field: F): Settings[F] | undefined => {
    const picked = pickField(stack, field);
    origins[field as ResolvedConfigField] = picked?.origin ?? DEFAULT_ORIGIN;
    return picked?.value ?? (DEFAULTS as Partial<Settings>)[field];
  };
  const filter = pickField(stack, 'filter');
  origins.include = origins.exclude = filter?.origin ?? DEFAULT_ORIGIN;

  const target = resolve('target')!;
  const targets = resolve('targets');
  return {
    target,
    targets: targets && chooseTargets(origins.target!, origins.targets!) ? targets : undefined,
    namespace: resolve('namespace'),
    agentNamespace: resolve('agentNamespace'),
    envEnabled: resolve('envEnabled')!,
    include: filter?.value.kind === 'include' ? filter.value.patterns : undefined,
    exclude: filter?.value.kind === 'exclude' ? filter.value.patterns : undefined,
    envFile: resolve('envFile'),
    override: resolve('override')!,
    unset: resolve('unset')!,
    mapping: resolve('mapping')!,
    localWins: resolve('localWins')!,
    kubeconfig: resolve('kubeconfig'),
    context: resolve('context'),
    source: resolve('source')!,
    timeout: resolve('timeout')!,
    imageEnv: resolve('imageEnv'),
    configFile: loaded?.info.file,
    configFormat: loaded?.info.format,
    origins: origins as Record<ResolvedConfigField, ConfigOrigin>,
  };
}
