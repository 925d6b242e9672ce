/**
 * A configuration layer (explicit options, environment variables, a config file): the values it
 * sets, already validated and normalized, each with its origin. Layers are merged per field by
 * `pickField` (below); keeping the origin on every value is what lets `loadConfig` say where each
 * resolved value came from.
 */
import type { Target } from '../target/types';
import type { TargetEntry } from './targets';
import type { ConfigOrigin, EnvSource } from './types';

/**
 * `include` and `exclude` are one setting: one layer sets one of them, and the highest such
 * layer wins as a whole (an `exclude` from the env replaces an `include` from the file).
 * @internal
 */
export type EnvFilter =
  | { readonly kind: 'include'; readonly patterns: readonly string[] }
  | { readonly kind: 'exclude'; readonly patterns: readonly string[] };

/**
 * Every setting a layer can carry, normalized (absolute paths, parsed target, split patterns).
 * @internal
 */
export interface Settings {
  /** Parsed, without a namespace (that is `namespace`). */
  readonly target: Target;
  readonly namespace: string;
  readonly agentNamespace: string;
  readonly envEnabled: boolean;
  readonly filter: EnvFilter;
  readonly envFile: string;
  readonly override: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
  readonly mapping: ReadonlyArray<readonly [pattern: string, value: string]>;
  readonly localWins: boolean;
  readonly kubeconfig: string;
  /** `KUBECONFIG`: below the config file's `kubeconfig`, unlike `MIRRORD_KUBECONFIG`. */
  readonly ambientKubeconfig: string;
  readonly context: string;
  readonly source: EnvSource;
  readonly timeout: number;
  readonly imageEnv: boolean;
  /** Several targets at once (./targets.ts), in declared order. */
  readonly targets: readonly TargetEntry[];
}

/**
 * A setting of {@link Settings}.
 * @internal
 */
export type SettingField = keyof Settings;

/**
 * One layer: for each field it sets, the value and where it came from.
 * @internal
 */
export type Layer = { -readonly [F in SettingField]?: { readonly value: Settings[F]; readonly origin: ConfigOrigin } };

/**
 * Adds `value` to `layer` under `field` unless it is `undefined` (undefined never overrides a
 * lower layer).
 * @internal
 */
export function setField<F extends SettingField>(
  layer: Layer,
  field: F,
  value: Settings[F] | undefined,
  origin: ConfigOrigin,
): void {
  if (value !== undefined)
    (layer as Record<F, { value: Settings[F]; origin: ConfigOrigin }>)[field] = { value, origin };
}

/**
 * The layers in order of precedence, highest first. `KUBECONFIG` is the ambient default, below
 * the config file (mirrord: "if not specified, will use KUBECONFIG"), while
 * `MIRRORD_KUBECONFIG` is the file key's own variable and beats it
 * (mirrord/config/src/lib.rs@8320eb8, `#[config(env = "MIRRORD_KUBECONFIG")]`).
 * @internal
 */
export interface LayerStack {
  readonly explicit: Layer;
  readonly env: Layer;
  readonly file: Layer;
}

/**
 * The winning value and origin of `field`: the first layer of the precedence order that sets it.
 * @internal
 */
export function pickField<F extends SettingField>(
  stack: LayerStack,
  field: F,
): { readonly value: Settings[F]; readonly origin: ConfigOrigin } | undefined {
  for (const layer of [stack.explicit, stack.env, stack.file]) {
    const entry = layer[field];
    if (entry !== undefined) return entry as { readonly value: Settings[F]; readonly origin: ConfigOrigin };
  }
  const ambient = field === 'kubeconfig' ? stack.env.ambientKubeconfig : undefined;
  return ambient as { readonly value: Settings[F]; readonly origin: ConfigOrigin } | undefined;
}
