/**
 * The internal failure of the target parsers. It carries raw suggestions; the entry point keeps
 * only those that really parse and turns it into a public TargetParseError.
 */

/**
 * What is wrong, where, and candidate fixes (not yet checked).
 * @internal
 */
export interface ProblemDetails {
  /** The string the problem is in, when it is not the whole input (a `path` inside an object). */
  readonly input?: string | undefined;
  /** Offset in the input string; absent for object inputs. */
  readonly position?: number | undefined;
  /** Candidate corrected targets, best first. Unchecked: the caller drops those that fail. */
  readonly suggestions?: readonly string[] | undefined;
  /** The next step when no suggestion survives. */
  readonly hint?: string | undefined;
}

/**
 * Thrown by the grammar; never escapes `parseTarget`. Not an Error: no stack trace is captured,
 * which keeps failed parses (and checking candidate fixes) cheap.
 * @internal
 */
export class TargetProblem {
  readonly message: string;
  readonly details: ProblemDetails;

  constructor(problem: string, details: ProblemDetails = {}) {
    this.message = problem;
    this.details = details;
  }
}

/**
 * The general shape of a target, for hints.
 * @internal
 */
export const GRAMMAR_HINT: string =
  'Write a target as `<kind>/<name>[/container/<container>]`, `label/<key>=<value>[,...]`, or `targetless`.';

/**
 * The input, shown in an error message: strings as they are, anything else as JSON.
 * @internal
 */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined) return 'undefined';
  if (typeof input === 'function' || typeof input === 'symbol' || typeof input === 'bigint') return `(${typeof input})`;
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return `(${Array.isArray(input) ? 'array' : typeof input} that cannot be shown as JSON)`;
  }
}
