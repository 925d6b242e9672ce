import type { Target, TargetObject } from '../target/types';
import type { TargetEntry, TargetsConfig } from './targets';

/**
 * How the remote environment is read. `exec` reads the process environment inside the
 * container; `spec` computes it from the API objects as the kubelet does; `auto` tries exec and
 * falls back to spec.
 * @example
 * ```ts
 * await loadConfig({ source: 'spec' }) // never exec into the container
 * ```
 * @public
 */
export type EnvSource = 'auto' | 'exec' | 'spec';

/**
 * A list of name patterns: a `;`-separated string (mirrord's form) or an array.
 * @example
 * ```ts
 * const a: PatternList = 'DATABASE_*;REDIS_URL'
 * const b: PatternList = ['DATABASE_*', 'REDIS_URL']
 * ```
 * @public
 */
export type PatternList = string | readonly string[];

/**
 * The env feature of a config file (mirrord's `feature.env` object).
 * @example
 * ```ts
 * const env: EnvFeatureConfig = { include: 'DATABASE_*;REDIS_URL', override: { LOG_LEVEL: 'debug' } }
 * ```
 * @public
 */
export interface EnvFeatureConfig {
  /** Only these names (globs) are taken from the remote env. Exclusive with `exclude`. */
  readonly include?: PatternList | undefined;
  /** These names (globs) are not taken from the remote env. Exclusive with `include`. */
  readonly exclude?: PatternList | undefined;
  /** Values that win over everything else. @default \{\} */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Names removed from the final environment: a `;`-separated string or an array. */
  readonly unset?: string | readonly string[] | undefined;
  /** `{ "<regex on name>": "<value>" }`, first match in declared order wins. */
  readonly mapping?: Readonly<Record<string, string>> | undefined;
  /** A dotenv file laid over the remote env (relative to the config file; `~/` is the home directory). */
  readonly env_file?: string | undefined;
  /** kubenv: let the local value win when a name exists locally and remotely. @default false */
  readonly local_wins?: boolean | undefined;
}

/**
 * The schema of a kubenv config file: mirrord's schema (a mirrord config works unchanged) plus
 * kubenv's own keys. Type a `kubenv.config.ts` with {@link defineConfig}.
 * @example
 * ```ts
 * export default defineConfig({
 *   target: { path: 'deploy/api', namespace: 'staging' },
 *   feature: { env: { exclude: ['AWS_*'] } },
 *   timeout: 10_000,
 * })
 * ```
 * @public
 */
export interface KubenvConfig {
  /** `"deploy/api"`, a mirrord object form, or `{ path, namespace }`. */
  readonly target?: string | TargetObject | undefined;
  /** kubenv: several targets at once, by name, merged in declared order (instead of `target`). */
  readonly targets?: TargetsConfig | undefined;
  readonly feature?: { readonly env?: boolean | EnvFeatureConfig | undefined } | undefined;
  readonly agent?: { readonly namespace?: string | undefined } | undefined;
  /** Path of the kubeconfig file (relative to the config file; `~/` is the home directory). Beats `KUBECONFIG`. */
  readonly kubeconfig?: string | undefined;
  /** Context in the kubeconfig. */
  readonly kube_context?: string | undefined;
  /** kubenv: how to read the remote env. @default 'auto' */
  readonly source?: EnvSource | undefined;
  /** kubenv: overall timeout of a fetch, in milliseconds. @default 30000 */
  readonly timeout?: number | undefined;
  /**
   * kubenv: read the image's own ENV from its registry when the spec source serves (exec was not
   * possible, or `source: 'spec'`). `undefined`: on when `auto` falls back to spec, off for `spec`.
   */
  readonly image_env?: boolean | undefined;
}

/**
 * How a config file is read. `kubenv`: a kubenv file (found by the cosmiconfig search or given
 * as `configFile`), strict: unknown keys are errors. `mirrord`: a mirrord config (under
 * `.mirrord/`, from `MIRRORD_CONFIG_FILE`, or a given file named `mirrord.*`): its
 * `{{ get_env(...) }}` templates are rendered and keys kubenv does not use are ignored.
 * @example
 * ```ts
 * const { configFile, configFormat } = await loadConfig() // '/repo/.mirrord/mirrord.json', 'mirrord'
 * ```
 * @public
 */
export type ConfigFileFormat = 'kubenv' | 'mirrord';

/**
 * Which layer set a resolved config field.
 * @example
 * ```ts
 * const { origins } = await loadConfig()
 * if (origins.target.layer === 'default') console.log('no target configured: targetless')
 * ```
 * @public
 */
export type ConfigLayer = 'explicit' | 'env' | 'file' | 'default';

/**
 * Where a resolved config field came from: the layer, and the file or variable.
 * @example
 * ```ts
 * const { origins } = await loadConfig()
 * origins.namespace // { layer: 'env', variable: 'MIRRORD_TARGET_NAMESPACE' }
 * origins.target    // { layer: 'file', file: '/repo/.kubenvrc.json' }
 * ```
 * @public
 */
export interface ConfigOrigin {
  readonly layer: ConfigLayer;
  /** The config file, for the `file` layer. */
  readonly file?: string | undefined;
  /** The environment variable, for the `env` layer. */
  readonly variable?: string | undefined;
}

/**
 * Options that configure what to fetch and how. Explicit options win over environment
 * variables, which win over the config file.
 * @example
 * ```ts
 * const options: ConfigOptions = { target: 'deploy/api', namespace: 'staging', include: ['DATABASE_URL'] }
 * await loadConfig(options)
 * ```
 * @public
 */
export interface ConfigOptions {
  /**
   * Target: `deploy/api`, `pod/x/container/c`, `targetless`, or a parsed {@link Target}. Env: `MIRRORD_IMPERSONATED_TARGET`.
   * @default 'targetless' (no remote env, no cluster contact)
   */
  readonly target?: string | TargetObject | Target | undefined;
  /**
   * Namespace of the target. Env: `MIRRORD_TARGET_NAMESPACE`.
   * @default the kubeconfig context's namespace, else the in-cluster service account's, else `default`
   */
  readonly namespace?: string | undefined;
  /**
   * Several targets at once, by name, merged in declared order; a `target` from a higher layer
   * (a `-t` flag over a file's `targets`) wins over them.
   * @default none: one `target`
   */
  readonly targets?: TargetsConfig | undefined;
  /** mirrord's agent namespace, carried for compatibility. Env: `MIRRORD_AGENT_NAMESPACE`. @default none */
  readonly agentNamespace?: string | undefined;
  /** Only these names (globs). Env: `MIRRORD_OVERRIDE_ENV_VARS_INCLUDE`. @default every name (after the default excludes) */
  readonly include?: PatternList | undefined;
  /** Not these names (globs). Env: `MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE`. @default none (only the default excludes) */
  readonly exclude?: PatternList | undefined;
  /** Dotenv file laid over the remote env. Env: `MIRRORD_OVERRIDE_ENV_VARS_FILE`. @default none */
  readonly envFile?: string | undefined;
  /** Values that win over everything else. */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Names removed from the result: a `;`-separated string or an array. @default [] */
  readonly unset?: string | readonly string[] | undefined;
  /** `{ "<regex on name>": "<value>" }`, first match wins. @default \{\} */
  readonly mapping?: Readonly<Record<string, string>> | undefined;
  /** Let local values win over remote ones. @default false */
  readonly localWins?: boolean | undefined;
  /**
   * Config file to read instead of searching (relative to `cwd`). A file named `mirrord.*` is read
   * as a mirrord config. Env: `MIRRORD_CONFIG_FILE`.
   * @default searched from `cwd` (kubenv files, then `.mirrord/mirrord.*`)
   */
  readonly configFile?: string | undefined;
  /**
   * Kubeconfig file (or a `path.delimiter`-separated list). Beats the config file's `kubeconfig`, which beats `KUBECONFIG`.
   * @default `KUBECONFIG`, else `~/.kube/config`, else the in-cluster service account
   */
  readonly kubeconfig?: string | undefined;
  /** Kubeconfig context. Env: `MIRRORD_KUBE_CONTEXT`. @default the kubeconfig's `current-context` */
  readonly context?: string | undefined;
  /** How to read the remote env. Env: `KUBENV_SOURCE`. @default 'auto' */
  readonly source?: EnvSource | undefined;
  /** Overall timeout in milliseconds. Env: `KUBENV_TIMEOUT`. @default 30000 */
  readonly timeout?: number | undefined;
  /**
   * Read the image's own ENV from its registry when the spec source serves. File key `image_env`.
   * @default on when `auto` falls back to spec, off when `source` is `spec`
   */
  readonly imageEnv?: boolean | undefined;
  /** Directory to search config files from, and the base of relative paths in options and variables. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Environment to read `MIRRORD_*` variables from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * The merged configuration: every field resolved, with its origin.
 * @example
 * ```ts
 * const config: ResolvedConfig = await loadConfig()
 * console.log(formatTarget(config.target), config.namespace ?? '(kubeconfig namespace)')
 * ```
 * @public
 */
export interface ResolvedConfig {
  /**
   * The target; `{ kind: 'targetless' }` when none was given anywhere. It never carries a
   * namespace: a namespace given with the target (`{ path, namespace }`) is in `namespace`.
   */
  readonly target: Target;
  /** Several targets (in declared order) instead of `target`; `undefined` when one target is used. */
  readonly targets: readonly TargetEntry[] | undefined;
  /** Namespace from options, env or file; `undefined` means "from the kubeconfig context". */
  readonly namespace: string | undefined;
  readonly agentNamespace: string | undefined;
  /** `false` when the config file disabled the env feature (`feature.env: false`). */
  readonly envEnabled: boolean;
  /** Only these names (globs). At most one of `include` and `exclude` is set. */
  readonly include: readonly string[] | undefined;
  /** Not these names (globs). At most one of `include` and `exclude` is set. */
  readonly exclude: readonly string[] | undefined;
  /** Absolute path of the dotenv file. */
  readonly envFile: string | undefined;
  readonly override: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
  readonly mapping: ReadonlyArray<readonly [pattern: string, value: string]>;
  readonly localWins: boolean;
  /**
   * Absolute path of the kubeconfig file, when one was set; from `KUBECONFIG` it may be a
   * `path.delimiter`-separated list (each entry made absolute).
   */
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly source: EnvSource;
  readonly timeout: number;
  /** Whether to read the image ENV from its registry; `undefined`: the default for the source. */
  readonly imageEnv: boolean | undefined;
  /** The config file that was read, if any (absolute). */
  readonly configFile: string | undefined;
  /**
   * How the config file was read: `kubenv` (strict schema) or `mirrord` (templates rendered,
   * mirrord's other keys ignored); `undefined` when no file was read.
   */
  readonly configFormat: ConfigFileFormat | undefined;
  /** Per field, the layer (and file or variable) that set it. */
  readonly origins: Readonly<Record<ResolvedConfigField, ConfigOrigin>>;
}

/**
 * Fields of {@link ResolvedConfig} that carry an origin.
 * @example
 * ```ts
 * const field: ResolvedConfigField = 'namespace'
 * console.log((await loadConfig()).origins[field].layer)
 * ```
 * @public
 */
export type ResolvedConfigField =
  | 'target'
  | 'targets'
  | 'namespace'
  | 'agentNamespace'
  | 'envEnabled'
  | 'include'
  | 'exclude'
  | 'envFile'
  | 'override'
  | 'unset'
  | 'mapping'
  | 'localWins'
  | 'kubeconfig'
  | 'context'
  | 'source'
  | 'timeout'
  | 'imageEnv';
