/**
 * The error hierarchy. Every failure kubenv reports is a {@link KubenvError} subclass with a
 * stable `code`, a message that names the input or target and the operation, and a `hint` with
 * the next step. Messages never contain an environment value, a secret or a response body.
 */
export type { ExecUnavailableReason, ObjectRef } from './cluster-errors';
export {
  ClusterUnreachableError,
  ContainerNotFoundError,
  ExecUnavailableError,
  ForbiddenError,
  KubeApiError,
  NoPodError,
  NotFoundError,
  ResponseTooLargeError,
  TimeoutError,
  UnauthorizedError,
} from './cluster-errors';
export type { CredentialPluginFailure } from './credential-errors';
export { CredentialPluginError, MissingDependencyError } from './credential-errors';
export type { ConfigErrorDetails } from './input-errors';
export { ConfigError, OutputFormatError, TargetParseError } from './input-errors';
export type { KubenvErrorByCode, KubenvErrorCode, KubenvErrorOptions } from './kubenv-error';
export { isKubenvError, KubenvError } from './kubenv-error';
