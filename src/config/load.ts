/**
 * `loadConfig`: the merged configuration from explicit options, environment variables, a config
 * file and defaults, with the origin of every field. The work is in `./resolve`, imported on the
 * first call: it pulls in the target parser, the pattern matcher, cosmiconfig and the YAML and
 * TOML parsers, none of which `import 'kubenv'` should pay for.
 */
import type { ConfigOptions, ResolvedConfig } from './types';

/**
 * Loads the configuration: explicit `options` \> environment variables \> config file \> defaults,
 * decided per field. Returns every field resolved and, in `origins`, the layer (and file or
 * variable) that set it.
 *
 * - Per field means the target path and the namespace resolve independently: a target from
 *   `MIRRORD_IMPERSONATED_TARGET` with the namespace from the file's `target.namespace` is fine.
 * - A value replaces a lower layer's value as a whole: arrays are never concatenated, and an
 *   `override` or `mapping` object replaces the file's (it is not merged name by name).
 * - `include` and `exclude` are one filter: the highest layer that sets either wins, and the
 *   other is `undefined`. Both set within one layer is a ConfigError.
 * - `kubeconfig`: the option beats the file's `kubeconfig`, which beats `KUBECONFIG` (the ambient
 *   default, as in mirrord). `MIRRORD_KUBE_CONTEXT` beats the file's `kube_context`.
 * - A variable that is set but empty counts as unset; so does an empty string value.
 * - Which file: the `configFile` option \> `MIRRORD_CONFIG_FILE` \> a kubenv file found from `cwd`
 *   up to the project root (`package.json#kubenv`, `.kubenvrc{,.json,.yaml,.yml,.js,.ts,.cjs,.mjs}`,
 *   `.config/kubenvrc*`, `kubenv.config.{js,ts,cjs,mjs}`) \> `.mirrord/mirrord.{json,toml,yaml,yml}`
 *   at the project root (the directory of the nearest package.json, else `cwd`). A mirrord file
 *   (under `.mirrord/`, from `MIRRORD_CONFIG_FILE`, or named `mirrord.*`) has its
 *   `{{ get_env(name="X", default="y") }}` templates rendered and mirrord's other keys ignored;
 *   a kubenv file rejects unknown keys.
 * - Relative paths in a file (`env_file`, `kubeconfig`) resolve against the file's directory;
 *   from options and variables against `cwd`.
 *
 * Never mutates `process.env`; reads the variables from `options.env` (default `process.env`).
 *
 * @throws ConfigError for any bad value, naming the file (or variable, or option), the key
 * path, what was expected and what was found.
 * @example
 * ```ts
 * const config = await loadConfig({ namespace: 'staging' })
 * config.target          // { kind: 'deployment', name: 'api' }, from MIRRORD_IMPERSONATED_TARGET
 * config.origins.target  // { layer: 'env', variable: 'MIRRORD_IMPERSONATED_TARGET' }
 * ```
 * @public
 */
export async function loadConfig(options: ConfigOptions = {}): Promise<ResolvedConfig> {
  const { resolveConfig } = await import('./resolve');
  return resolveConfig(options);
}
