/**
 * The one table of environment variables kubenv reads, and the field each sets. Everything that
 * reads the environment goes through it, with the environment passed in (never `process.env`
 * directly), so tests need not touch the real environment.
 */

/**
 * What an environment variable sets: a field of the resolved config, or `configFile` (which file
 * to read).
 * @internal
 */
export type EnvVarField =
  | 'target'
  | 'namespace'
  | 'agentNamespace'
  | 'include'
  | 'exclude'
  | 'envFile'
  | 'configFile'
  | 'context'
  | 'kubeconfig'
  | 'ambientKubeconfig'
  | 'source'
  | 'timeout';

/**
 * One row of {@link CONFIG_ENV_VARS}.
 * @internal
 */
export interface EnvVarSpec {
  readonly variable: string;
  readonly field: EnvVarField;
}

/**
 * Every environment variable kubenv reads, in the order of the README table. A variable that is
 * set but empty counts as unset (an empty `MIRRORD_IMPERSONATED_TARGET` means no target).
 * @internal
 */
export const CONFIG_ENV_VARS: readonly EnvVarSpec[] = [
  { variable: 'MIRRORD_IMPERSONATED_TARGET', field: 'target' },
  { variable: 'MIRRORD_TARGET_NAMESPACE', field: 'namespace' },
  { variable: 'MIRRORD_AGENT_NAMESPACE', field: 'agentNamespace' },
  { variable: 'MIRRORD_OVERRIDE_ENV_VARS_INCLUDE', field: 'include' },
  { variable: 'MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE', field: 'exclude' },
  { variable: 'MIRRORD_OVERRIDE_ENV_VARS_FILE', field: 'envFile' },
  { variable: 'MIRRORD_CONFIG_FILE', field: 'configFile' },
  { variable: 'MIRRORD_KUBE_CONTEXT', field: 'context' },
  { variable: 'MIRRORD_KUBECONFIG', field: 'kubeconfig' },
  { variable: 'KUBECONFIG', field: 'ambientKubeconfig' },
  { variable: 'KUBENV_SOURCE', field: 'source' },
  { variable: 'KUBENV_TIMEOUT', field: 'timeout' },
];

/**
 * A value read from the environment, with the variable it came from.
 * @internal
 */
export interface EnvVarValue {
  readonly variable: string;
  readonly value: string;
}

/**
 * Reads the variables of {@link CONFIG_ENV_VARS} from `env`, keyed by field. Unset and empty
 * variables are left out.
 * @internal
 */
export function readConfigEnvVars(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<EnvVarField, EnvVarValue>> {
  const values: Partial<Record<EnvVarField, EnvVarValue>> = {};
  for (const { variable, field } of CONFIG_ENV_VARS) {
    const value = env[variable];
    if (value !== undefined && value !== '') values[field] = { variable, value };
  }
  return values;
}
