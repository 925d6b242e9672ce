/**
 * Turns the parsed content of a config file into a layer. The schema is mirrord's (`target`,
 * `feature.env`, `agent.namespace`, `kubeconfig`, `kube_context`) plus kubenv's own keys
 * (`source`, `timeout`, `feature.env.local_wins`). A kubenv file is strict: an unknown key is an
 * error with a "did you mean". A mirrord file may hold all of mirrord's other settings: keys
 * kubenv does not use are ignored there, but the ones it reads are still type-checked.
 */
import path from 'node:path';
import { ConfigError } from '../errors';
import { describeType, isPlainObject } from '../util/value-type';
import { didYouMean } from './did-you-mean';
import { toOptionalFilter } from './filter';
import { toOptionalKubeconfigList } from './kubeconfig-list';
import { type Layer, setField } from './layer';
import { toOptionalTargets } from './targets';
import type { ConfigFileFormat, ConfigOrigin } from './types';
import {
  childPath,
  toOptionalBoolean,
  toOptionalMapping,
  toOptionalNames,
  toOptionalNamespace,
  toOptionalPath,
  toOptionalSource,
  toOptionalString,
  toOptionalStringRecord,
  toOptionalTarget,
  toOptionalTimeout,
  type ValueSource,
} from './values';

/**
 * The config file a layer is read from.
 * @internal
 */
export interface ConfigFileInfo {
  /** Absolute path. */
  readonly file: string;
  readonly format: ConfigFileFormat;
  /** Key path of the config inside the file: `kubenv` for `package.json#kubenv`, else `''`. */
  readonly keyPrefix: string;
}

// Known keys per object, for strict checking and suggestions. `$schema` is an editor hint.
const TOP_KEYS = [
  '$schema',
  'target',
  'targets',
  'feature',
  'agent',
  'kubeconfig',
  'kube_context',
  'source',
  'timeout',
  'image_env',
];
const FEATURE_KEYS = ['env'];
const AGENT_KEYS = ['namespace'];
const ENV_KEYS = ['include', 'exclude', 'override', 'unset', 'mapping', 'env_file', 'local_wins'];

// Every key path, so a key written at the wrong level finds its place (`namespace` at the top
// -> `target.namespace`), and names that mean a key here but are too far from it to be found.
const ALL_PATHS = [
  'target',
  'target.path',
  'target.namespace',
  'targets',
  'feature.env',
  ...ENV_KEYS.map((key) => `feature.env.${key}`),
  'agent.namespace',
  'kubeconfig',
  'kube_context',
  'source',
  'timeout',
  'image_env',
];
const ALIASES: Readonly<Record<string, string>> = { context: 'kube_context' };

/**
 * Where a file layer is read: the working directory and the environment (for `$VAR` in paths).
 * @internal
 */
export interface FileLayerContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Validates `content` (the parsed file) and returns the layer it sets. Relative paths are
 * resolved against the file's directory in a kubenv file, and against the working directory in a
 * mirrord file, as mirrord opens them (its docs' `"env_file": ".env.local"` is the project's).
 * @internal
 */
export function fileLayer(content: unknown, info: ConfigFileInfo, context: FileLayerContext): Layer {
  const layer: Layer = {};
  if (content === undefined || content === null) return layer;
  const origin: ConfigOrigin = { layer: 'file', file: info.file };
  const baseDir = info.format === 'mirrord' ? context.cwd : path.dirname(info.file);
  const at = (keyPath: string): ValueSource => ({ file: info.file, keyPath: inFile(info, keyPath) });
  const root = expectObject(content, at(''), info);
  checkKeys(root, TOP_KEYS, '', info);

  const target = toOptionalTarget(root['target'], at('target'));
  setField(layer, 'target', target.target, origin);
  setField(layer, 'namespace', target.namespace, origin);
  setField(layer, 'targets', toOptionalTargets(root['targets'], at('targets')), origin);
  const kubeconfig = toOptionalKubeconfigList(root['kubeconfig'], at('kubeconfig'), baseDir, context.env);
  setField(layer, 'kubeconfig', kubeconfig, origin);
  setField(layer, 'context', toOptionalString(root['kube_context'], at('kube_context')), origin);
  setField(layer, 'source', toOptionalSource(root['source'], at('source')), origin);
  setField(layer, 'timeout', toOptionalTimeout(root['timeout'], at('timeout')), origin);
  setField(layer, 'imageEnv', toOptionalBoolean(root['image_env'], at('image_env')), origin);

  const agent = optionalObject(root['agent'], at('agent'), info);
  if (agent) {
    checkKeys(agent, AGENT_KEYS, 'agent', info);
    setField(layer, 'agentNamespace', toOptionalNamespace(agent['namespace'], at('agent.namespace')), origin);
  }

  const feature = optionalObject(root['feature'], at('feature'), info);
  if (!feature) return layer;
  checkKeys(feature, FEATURE_KEYS, 'feature', info);
  const env = feature['env'];
  if (env === undefined || env === null) return layer;
  if (typeof env === 'boolean') {
    setField(layer, 'envEnabled', env, origin);
    return layer;
  }
  if (!isPlainObject(env)) {
    throw new ConfigError('wrong type', {
      file: info.file,
      keyPath: at('feature.env').keyPath,
      expected: '`true`, `false` or an object',
      found: describeType(env),
    });
  }
  checkKeys(env, ENV_KEYS, 'feature.env', info);
  setField(layer, 'envEnabled', true, origin);
  const filter = toOptionalFilter(env['include'], env['exclude'], {
    include: at('feature.env.include'),
    exclude: at('feature.env.exclude'),
    both: at('feature.env'),
  });
  setField(layer, 'filter', filter, origin);
  setField(layer, 'envFile', toOptionalPath(env['env_file'], at('feature.env.env_file'), baseDir), origin);
  setField(layer, 'override', toOptionalStringRecord(env['override'], at('feature.env.override')), origin);
  setField(layer, 'unset', toOptionalNames(env['unset'], at('feature.env.unset')), origin);
  setField(layer, 'mapping', toOptionalMapping(env['mapping'], at('feature.env.mapping')), origin);
  setField(layer, 'localWins', toOptionalBoolean(env['local_wins'], at('feature.env.local_wins')), origin);
  return layer;
}

function expectObject(value: unknown, where: ValueSource, info: ConfigFileInfo): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw new ConfigError('wrong type', {
    file: info.file,
    keyPath: where.keyPath || undefined,
    expected: 'an object of settings',
    found: describeType(value),
  });
}

function optionalObject(value: unknown, where: ValueSource, info: ConfigFileInfo): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  return expectObject(value, where, info);
}

/** A key path of the schema as written in the file: under `kubenv.` in package.json. */
function inFile(info: ConfigFileInfo, keyPath: string): string {
  if (info.keyPrefix === '') return keyPath;
  return keyPath === '' ? info.keyPrefix : `${info.keyPrefix}.${keyPath}`;
}

/** In a kubenv file, every key must be known; a mirrord file may carry mirrord's other keys. */
function checkKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  parent: string,
  info: ConfigFileInfo,
): void {
  if (info.format === 'mirrord') return;
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const suggestion = suggestKey(key, known, parent);
    throw new ConfigError(`unknown key \`${key}\``, {
      file: info.file,
      keyPath: inFile(info, childPath(parent, key)),
      hint: suggestion
        ? `Did you mean \`${inFile(info, suggestion)}\`?`
        : `Known keys${parent ? ` in \`${inFile(info, parent)}\`` : ''}: ${known.filter((k) => k !== '$schema').join(', ')}.`,
    });
  }
}

/** A sibling key close to `key`, else a key of the same name at another level, else an alias. */
function suggestKey(key: string, siblings: readonly string[], parent: string): string | undefined {
  const sibling = didYouMean(key, siblings)[0];
  if (sibling !== undefined) return childPath(parent, sibling);
  const lastSegments = ALL_PATHS.map((full) => full.slice(full.lastIndexOf('.') + 1));
  const elsewhere = didYouMean(key, lastSegments)[0];
  if (elsewhere !== undefined) return ALL_PATHS[lastSegments.indexOf(elsewhere)];
  return ALIASES[key];
}
