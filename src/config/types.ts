import type { Target, TargetObject } from '../target/types';

/**
 * How the remote environment is read. `exec` reads the process environment inside the
 * container; `spec` computes it from the API objects as the kubelet does; `auto` tries exec and
 * falls back to spec.
 * @public
 */
export type EnvSource = 'auto' | 'exec' | 'spec';

/**
 * A list of name patterns: a `;`-separated string (mirrord's form) or an array.
 * @public
 */
export type PatternList = string | readonly string[];

/**
 * The env feature of a config file (mirrord's `feature.env` object).
 * @public
 */
export interface EnvFeatureConfig {
  /** Only these names (globs) are taken from the remote env. Exclusive with `exclude`. */
  readonly include?: PatternList | undefined;
  /** These names (globs) are not taken from the remote env. Exclusive with `include`. */
  readonly exclude?: PatternList | undefined;
  /** Values that win over everything else. */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Names removed from the final environment. */
  readonly unset?: readonly string[] | undefined;
  /** `{ "<regex on name>": "<value>" }`, first match in declared order wins. */
  readonly mapping?: Readonly<Record<string, string>> | undefined;
  /** A dotenv file laid over the remote env (relative to the config file). */
  readonly env_file?: string | undefined;
  /** kubenv: let the local value win when a name exists locally and remotely. @default false */
  readonly local_wins?: boolean | undefined;
}

/**
 * The schema of a kubenv config file: mirrord's schema (a mirrord config works unchanged) plus
 * kubenv's own keys. Type a `kubenv.config.ts` with {@link defineConfig}.
 * @public
 */
export interface KubenvConfig {
  /** `"deploy/api"`, a mirrord object form, or `{ path, namespace }`. */
  readonly target?: string | TargetObject | undefined;
  readonly feature?: { readonly env?: boolean | EnvFeatureConfig | undefined } | undefined;
  readonly agent?: { readonly namespace?: string | undefined } | undefined;
  /** Path of the kubeconfig file (relative to the config file). */
  readonly kubeconfig?: string | undefined;
  /** Context in the kubeconfig. */
  readonly kube_context?: string | undefined;
  /** kubenv: how to read the remote env. @default 'auto' */
  readonly source?: EnvSource | undefined;
  /** kubenv: overall timeout of a fetch, in milliseconds. @default 30000 */
  readonly timeout?: number | undefined;
}

/**
 * Which layer set a resolved config field.
 * @public
 */
export type ConfigLayer = 'explicit' | 'env' | 'file' | 'default';

/**
 * Where a resolved config field came from: the layer, and the file or variable.
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
 * @public
 */
export interface ConfigOptions {
  /** Target: `deploy/api`, `pod/x/container/c`, `targetless`, or a parsed {@link Target}. Env: `MIRRORD_IMPERSONATED_TARGET`. */
  readonly target?: string | TargetObject | Target | undefined;
  /** Namespace of the target. Env: `MIRRORD_TARGET_NAMESPACE`. */
  readonly namespace?: string | undefined;
  /** Only these names (globs). Env: `MIRRORD_OVERRIDE_ENV_VARS_INCLUDE`. */
  readonly include?: PatternList | undefined;
  /** Not these names (globs). Env: `MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE`. */
  readonly exclude?: PatternList | undefined;
  /** Dotenv file laid over the remote env. Env: `MIRRORD_OVERRIDE_ENV_VARS_FILE`. */
  readonly envFile?: string | undefined;
  /** Values that win over everything else. */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Names removed from the result. */
  readonly unset?: readonly string[] | undefined;
  /** `{ "<regex on name>": "<value>" }`, first match wins. */
  readonly mapping?: Readonly<Record<string, string>> | undefined;
  /** Let local values win over remote ones. @default false */
  readonly localWins?: boolean | undefined;
  /** Config file to read instead of searching. Env: `MIRRORD_CONFIG_FILE`. */
  readonly configFile?: string | undefined;
  /** Kubeconfig file. Env: `KUBECONFIG`. */
  readonly kubeconfig?: string | undefined;
  /** Kubeconfig context. Env: `MIRRORD_KUBE_CONTEXT`. */
  readonly context?: string | undefined;
  /** How to read the remote env. @default 'auto' */
  readonly source?: EnvSource | undefined;
  /** Overall timeout in milliseconds. @default 30000 */
  readonly timeout?: number | undefined;
  /** Directory to search config files from. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Environment to read `MIRRORD_*` variables from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * The merged configuration: every field resolved, with its origin.
 * @public
 */
export interface ResolvedConfig {
  /** The target; `{ kind: 'targetless' }` when none was given anywhere. */
  readonly target: Target;
  /** Namespace from options, env or file; `undefined` means "from the kubeconfig context". */
  readonly namespace: string | undefined;
  readonly agentNamespace: string | undefined;
  /** `false` when the config file disabled the env feature (`feature.env: false`). */
  readonly envEnabled: boolean;
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  /** Absolute path of the dotenv file. */
  readonly envFile: string | undefined;
  readonly override: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
  readonly mapping: ReadonlyArray<readonly [pattern: string, value: string]>;
  readonly localWins: boolean;
  /** Absolute path of the kubeconfig file, when one was set. */
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly source: EnvSource;
  readonly timeout: number;
  /** The config file that was read, if any. */
  readonly configFile: string | undefined;
  /** Per field, the layer (and file or variable) that set it. */
  readonly origins: Readonly<Record<ResolvedConfigField, ConfigOrigin>>;
}

/**
 * Fields of {@link ResolvedConfig} that carry an origin.
 * @public
 */
export type ResolvedConfigField =
  | 'target'
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
  | 'timeout';
