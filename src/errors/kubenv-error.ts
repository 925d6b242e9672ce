/**
 * The base of the error hierarchy: a stable `code`, a `hint` with the next step, `cause` kept,
 * and a guard that recognises errors from any copy of the package.
 */
// Types only: the subclasses import this module's class at run time.
import type {
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
import type { CredentialPluginError, MissingDependencyError } from './credential-errors';
import type { ConfigError, OutputFormatError, TargetParseError } from './input-errors';

/**
 * Stable machine-readable error codes, one per failure.
 * @public
 */
export type KubenvErrorCode =
  | 'TARGET_PARSE'
  | 'CONFIG'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'NO_POD'
  | 'CONTAINER_NOT_FOUND'
  | 'EXEC_UNAVAILABLE'
  | 'CLUSTER_UNREACHABLE'
  | 'TIMEOUT'
  | 'KUBE_API'
  | 'OUTPUT_FORMAT'
  | 'CREDENTIAL_PLUGIN'
  | 'MISSING_DEPENDENCY'
  | 'RESPONSE_TOO_LARGE';

// A registered symbol, so the guard recognises errors thrown by another copy of the package
// (the ESM and the CJS build loaded side by side, or two versions in one tree).
const brand: unique symbol = Symbol.for('kubenv.error') as never;

/**
 * Options every kubenv error takes.
 * @public
 */
export interface KubenvErrorOptions {
  /** The next step for the user, one sentence. Shown as `hint:` by the CLI. */
  readonly hint?: string | undefined;
  /** The underlying error, always kept. */
  readonly cause?: unknown;
}

/**
 * Base class of every error kubenv throws.
 *
 * @example
 * ```ts
 * try { parseTarget('api') } catch (error) {
 *   if (isKubenvError(error)) console.error(error.code, error.hint)
 * }
 * ```
 * @public
 */
export class KubenvError extends Error {
  override name = 'KubenvError';
  /** Stable code of the failure. */
  readonly code: KubenvErrorCode;
  /** The next step for the user, when there is one. Also the last sentence of `message`. */
  readonly hint: string | undefined;

  constructor(code: KubenvErrorCode, summary: string, options: KubenvErrorOptions = {}) {
    const hint = options.hint === undefined ? undefined : escapeControlCharacters(options.hint);
    const line = escapeControlCharacters(summary);
    super(hint ? `${line}\n${hint}` : line, { cause: options.cause });
    this.code = code;
    this.hint = hint;
    Object.defineProperty(this, brand, { value: true });
  }

  /** The message without the hint: the first line. */
  get summary(): string {
    const newline = this.message.indexOf('\n');
    return newline === -1 ? this.message : this.message.slice(0, newline);
  }
}

// C0 and C1 controls (ESC starts terminal sequences that clear the screen or retitle the window),
// DEL, and the bidirectional overrides that reorder what a terminal shows
// (https://trojansource.codes, CVE-2021-42574).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Input quoted in a message (a target, a key, a name from a server) is shown with its control
 * characters escaped (`\x1b`, `\u202e`): printed raw, they would act on the user's terminal.
 * @internal
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The error class of each {@link KubenvErrorCode}: what `isKubenvError(error, code)` narrows to.
 * @public
 */
export interface KubenvErrorByCode {
  TARGET_PARSE: TargetParseError;
  CONFIG: ConfigError;
  NOT_FOUND: NotFoundError;
  FORBIDDEN: ForbiddenError;
  UNAUTHORIZED: UnauthorizedError;
  NO_POD: NoPodError;
  CONTAINER_NOT_FOUND: ContainerNotFoundError;
  EXEC_UNAVAILABLE: ExecUnavailableError;
  CLUSTER_UNREACHABLE: ClusterUnreachableError;
  TIMEOUT: TimeoutError;
  KUBE_API: KubeApiError;
  OUTPUT_FORMAT: OutputFormatError;
  CREDENTIAL_PLUGIN: CredentialPluginError;
  MISSING_DEPENDENCY: MissingDependencyError;
  RESPONSE_TOO_LARGE: ResponseTooLargeError;
}

/**
 * True when `error` is a kubenv error, also one thrown by another copy of the package.
 * Pass a code to narrow to that failure's class, with its own fields (`status`, `reason`...).
 *
 * @example
 * ```ts
 * if (isKubenvError(error, 'KUBE_API')) console.error(error.status, error.hint)
 * ```
 * @public
 */
export function isKubenvError<Code extends KubenvErrorCode>(
  error: unknown,
  code: Code,
): error is KubenvErrorByCode[Code];
/**
 * True when `error` is a kubenv error, also one thrown by another copy of the package.
 *
 * @example
 * ```ts
 * if (isKubenvError(error)) console.error(error.code, error.hint)
 * ```
 * @public
 */
export function isKubenvError(error: unknown, code?: KubenvErrorCode): error is KubenvError;
export function isKubenvError(error: unknown, code?: KubenvErrorCode): error is KubenvError {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[brand] !== true) return false;
  return code === undefined || (error as KubenvError).code === code;
}
