/**
 * kubenv: the environment variables of a Kubernetes workload, for a local Node.js process.
 *
 * This entry stays cheap to import: target parsing and the error classes are here; config
 * loading and cluster access are loaded on first use.
 * @packageDocumentation
 */
export type { AppliedRemoteEnv, ApplyRemoteEnvOptions } from './apply/apply';
export { applyRemoteEnv, withRemoteEnv } from './apply/apply';
export { defineConfig } from './config/define';
export { loadConfig } from './config/load';
export type { TargetEntry, TargetEntryConfig, TargetsConfig } from './config/targets';
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
} from './config/types';
export type { EnvValueDifference, RemoteEnvDiff } from './diff/compare';
export { diffRemoteEnv } from './diff/diff-remote-env';
export type {
  ConfigErrorDetails,
  CredentialPluginFailure,
  ExecUnavailableReason,
  KubenvErrorByCode,
  KubenvErrorCode,
  KubenvErrorOptions,
  ObjectRef,
} from './errors';
export {
  ClusterUnreachableError,
  ConfigError,
  ContainerNotFoundError,
  CredentialPluginError,
  ExecUnavailableError,
  ForbiddenError,
  isKubenvError,
  KubeApiError,
  KubenvError,
  MissingDependencyError,
  NoPodError,
  NotFoundError,
  OutputFormatError,
  ResponseTooLargeError,
  TargetParseError,
  TimeoutError,
  UnauthorizedError,
} from './errors';
export { fetchRemoteEnv, resolveTarget } from './fetch/fetch-remote-env';
export type { ListedTarget, ListTargetsOptions, SkippedKind, TargetListing } from './fetch/list-targets';
export { listTargets } from './fetch/list-targets';
export type { RemoteEnv, RemoteEnvSummary, TargetSummary, UsedSource } from './fetch/remote-env';
export type { FetchRemoteEnvOptions } from './fetch/run';
export { closeConnections } from './kube/connection-pool';
export type { KubeConfigLike } from './kube/kubeconfig-user';
export type { ChangedNames, DroppedNames, EnvPolicy, PipelineResult } from './pipeline/types';
export type { ContainerChoice } from './resolve/rank';
export type { ResolvedTarget } from './resolve/resolve';
export type { EnvOrigin } from './sources/origins';
export { formatTarget } from './target/format';
export { parseTarget } from './target/parse';
export type { LabelTarget, NamedTarget, Target, TargetInput, TargetObject, WorkloadKind } from './target/types';
