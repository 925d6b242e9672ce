/**
 * The explicit layer: the options passed to `loadConfig` (what CLI flags map to). Checked like
 * the other layers, since JavaScript callers and CLI flags bypass the types. Paths resolve
 * against `cwd`.
 */
import { toOptionalFilter } from './filter';
import { type Layer, setField } from './layer';
import { toOptionalTargets } from './targets';
import type { ConfigOptions, ConfigOrigin } from './types';
import {
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
} from './values';

const EXPLICIT: ConfigOrigin = { layer: 'explicit' };

/**
 * The layer set by explicit options. Within it, the `namespace` option beats a namespace that
 * came with the target (`{ path, namespace }`).
 * @internal
 */
export function optionsLayer(options: ConfigOptions, cwd: string): Layer {
  const layer: Layer = {};
  const at = (keyPath: string) => ({ keyPath });
  const target = toOptionalTarget(options.target, at('target'));
  setField(layer, 'target', target.target, EXPLICIT);
  setField(layer, 'namespace', toOptionalNamespace(options.namespace, at('namespace')) ?? target.namespace, EXPLICIT);
  setField(layer, 'targets', toOptionalTargets(options.targets, at('targets')), EXPLICIT);
  setField(layer, 'agentNamespace', toOptionalNamespace(options.agentNamespace, at('agentNamespace')), EXPLICIT);
  setField(layer, 'envFile', toOptionalPath(options.envFile, at('envFile'), cwd), EXPLICIT);
  setField(layer, 'override', toOptionalStringRecord(options.override, at('override')), EXPLICIT);
  setField(layer, 'unset', toOptionalNames(options.unset, at('unset')), EXPLICIT);
  setField(layer, 'mapping', toOptionalMapping(options.mapping, at('mapping')), EXPLICIT);
  setField(layer, 'localWins', toOptionalBoolean(options.localWins, at('localWins')), EXPLICIT);
  setField(layer, 'kubeconfig', toOptionalPath(options.kubeconfig, at('kubeconfig'), cwd, true), EXPLICIT);
  setField(layer, 'context', toOptionalString(options.context, at('context')), EXPLICIT);
  setField(layer, 'source', toOptionalSource(options.source, at('source')), EXPLICIT);
  setField(layer, 'timeout', toOptionalTimeout(options.timeout, at('timeout')), EXPLICIT);
  setField(layer, 'imageEnv', toOptionalBoolean(options.imageEnv, at('imageEnv')), EXPLICIT);

  const filter = toOptionalFilter(options.include, options.exclude, {
    include: at('include'),
    exclude: at('exclude'),
    both: at(''),
  });
  setField(layer, 'filter', filter, EXPLICIT);
  return layer;
}
