/**
 * The environment-variable layer: the variables of the one table (`env-vars.ts`), validated.
 * Paths resolve against `cwd`.
 */
import { ConfigError } from '../errors';
import { readConfigEnvVars } from './env-vars';
import { toOptionalKubeconfigList } from './kubeconfig-list';
import { type Layer, setField } from './layer';
import type { ConfigOrigin } from './types';
import {
  toOptionalNamespace,
  toOptionalPath,
  toOptionalPatterns,
  toOptionalSource,
  toOptionalString,
  toOptionalTarget,
  toOptionalTimeout,
} from './values';

/**
 * The layer set by environment variables in `env`. Empty variables count as unset.
 * @internal
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>, cwd: string): Layer {
  const vars = readConfigEnvVars(env);
  const layer: Layer = {};
  const origin = (variable: string): ConfigOrigin => ({ layer: 'env', variable });
  const at = (variable: string) => ({ variable, keyPath: variable });

  if (vars.target) {
    // A namespace can only come with a target object; a variable holds a string, so this is the path.
    const { target } = toOptionalTarget(vars.target.value, at(vars.target.variable));
    setField(layer, 'target', target, origin(vars.target.variable));
  }
  for (const [field, read] of [
    ['namespace', toOptionalNamespace],
    ['agentNamespace', toOptionalNamespace],
    ['context', toOptionalString],
  ] as const) {
    const entry = vars[field];
    if (entry) setField(layer, field, read(entry.value, at(entry.variable)), origin(entry.variable));
  }
  if (vars.envFile) {
    const { variable, value } = vars.envFile;
    setField(layer, 'envFile', toOptionalPath(value, at(variable), cwd), origin(variable));
  }
  if (vars.kubeconfig) {
    const { variable, value } = vars.kubeconfig;
    setField(layer, 'kubeconfig', toOptionalKubeconfigList(value, at(variable), cwd, env), origin(variable));
  }
  if (vars.ambientKubeconfig) {
    const { variable, value } = vars.ambientKubeconfig;
    setField(layer, 'ambientKubeconfig', toOptionalPath(value, at(variable), cwd, true), origin(variable));
  }
  if (vars.source) {
    setField(
      layer,
      'source',
      toOptionalSource(vars.source.value, at(vars.source.variable)),
      origin(vars.source.variable),
    );
  }
  if (vars.timeout) {
    setField(
      layer,
      'timeout',
      toOptionalTimeout(vars.timeout.value, at(vars.timeout.variable)),
      origin(vars.timeout.variable),
    );
  }
  if (vars.include && vars.exclude) {
    throw new ConfigError(`both ${vars.include.variable} and ${vars.exclude.variable} are set`, {
      variable: vars.include.variable,
      hint: `Unset one of them: include keeps only the names it matches, exclude drops the names it matches.`,
    });
  }
  const filter = vars.include ?? vars.exclude;
  if (filter) {
    // A variable's value is a string: always a list.
    const patterns = toOptionalPatterns(filter.value, at(filter.variable))!;
    setField(
      layer,
      'filter',
      { kind: filter === vars.include ? 'include' : 'exclude', patterns },
      origin(filter.variable),
    );
  }
  return layer;
}
