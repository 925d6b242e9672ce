/**
 * Config layering: what the package entry re-exports from this module.
 */
export { defineConfig } from './define';
export { loadConfig } from './load';
export type {
  ConfigFileFormat,
  ConfigLayer,
  ConfigOptions,
  ConfigOrigin,
  EnvFeatureConfig,
  EnvSource,
  KubenvConfig,
  PatternList,
  ResolvedConfig,
  ResolvedConfigField,
} from './types';
