/**
 * The base of the error hierarchy: a stable `code`, a `hint` with the next step, `cause` kept,
 * and a guard that recognises errors from any copy of the package.
 */

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
  | 'MISSING_DEPENDENCY';

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
    super(options.hint ? `${summary}\n${options.hint}` : summary, { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    Object.defineProperty(this, brand, { value: true });
  }

  /** The message without the hint: the first line. */
  get summary(): string {
    const newline = this.message.indexOf('\n');
    return newline === -1 ? this.message : this.message.slice(0, newline);
  }
}

/**
 * True when `error` is a kubenv error, also one thrown by another copy of the package.
 * Pass a code to narrow to one failure.
 *
 * @example
 * ```ts
 * if (isKubenvError(error, 'FORBIDDEN')) console.error(error.hint)
 * ```
 * @public
 */
export function isKubenvError(error: unknown, code?: KubenvErrorCode): error is KubenvError {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[brand] !== true) return false;
  return code === undefined || (error as KubenvError).code === code;
}
