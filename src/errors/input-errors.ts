/**
 * Errors about what the user gave: a target, a configuration value, an output format.
 */
import { KubenvError, type KubenvErrorOptions } from './kubenv-error';

/**
 * A target string or object is not valid. The message quotes the input, says what is wrong and
 * where, and suggests a fix.
 * @example
 * ```ts
 * parseTarget('deploymnet/api') // TargetParseError: ... did you mean `deployment/api`?
 * ```
 * @public
 */
export class TargetParseError extends KubenvError {
  override name = 'TargetParseError';
  /** The input as given (objects are shown as JSON). */
  readonly input: string;
  /** Character offset in `input` where the problem starts, when the input is a string. */
  readonly position: number | undefined;
  /** Corrected targets to try, best first. */
  readonly suggestions: readonly string[];

  constructor(
    input: string,
    problem: string,
    details: { position?: number; suggestions?: readonly string[]; hint?: string } = {},
  ) {
    const suggestions = details.suggestions ?? [];
    const where = details.position === undefined ? '' : ` at character ${details.position + 1}`;
    const hint =
      details.hint ??
      (suggestions.length > 0
        ? `Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?`
        : 'Write a target as `<kind>/<name>[/container/<container>]`, `label/<key>=<value>`, or `targetless`.');
    // Object forms arrive as JSON already: quoting them again would escape every quote.
    const shown = /^[[{]/.test(input) ? input : JSON.stringify(input);
    super('TARGET_PARSE', `Invalid target ${shown}${where}: ${problem}.`, { hint });
    this.input = input;
    this.position = details.position;
    this.suggestions = suggestions;
  }
}

/**
 * Where a bad configuration value came from and what was wrong with it.
 * @public
 */
export interface ConfigErrorDetails {
  /** The config file, when the value came from one. */
  readonly file?: string | undefined;
  /** The environment variable, when the value came from one. */
  readonly variable?: string | undefined;
  /** Dotted key path inside the file or options, e.g. `feature.env.include`. */
  readonly keyPath?: string | undefined;
  /** What was expected, e.g. `a string or an array of strings`. */
  readonly expected?: string | undefined;
  /** What was found (a type or a shape, never a secret value). */
  readonly found?: string | undefined;
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A configuration value (option, environment variable or config file) is invalid.
 * @example
 * ```ts
 * await loadConfig({ include: 'A', exclude: 'B' }) // ConfigError: include and exclude ...
 * ```
 * @public
 */
export class ConfigError extends KubenvError {
  override name = 'ConfigError';
  readonly file: string | undefined;
  readonly variable: string | undefined;
  readonly keyPath: string | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;

  constructor(problem: string, details: ConfigErrorDetails = {}) {
    const origin = [
      details.file ? `in ${details.file}` : '',
      details.variable ? `in environment variable ${details.variable}` : '',
      details.keyPath ? `at \`${details.keyPath}\`` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const shape =
      details.expected !== undefined
        ? ` Expected ${details.expected}${details.found !== undefined ? `, found ${details.found}` : ''}.`
        : '';
    super('CONFIG', `Invalid configuration${origin ? ` ${origin}` : ''}: ${problem}.${shape}`, {
      hint: details.hint,
      cause: details.cause,
    });
    this.file = details.file;
    this.variable = details.variable;
    this.keyPath = details.keyPath;
    this.expected = details.expected;
    this.found = details.found;
  }
}

/**
 * A value cannot be written in the requested output format (e.g. a newline in `docker` env-file
 * format). The message names the variable, never its value.
 * @public
 */
export class OutputFormatError extends KubenvError {
  override name = 'OutputFormatError';
  readonly format: string;
  readonly variable: string;

  constructor(format: string, variable: string, problem: string, options: KubenvErrorOptions = {}) {
    super('OUTPUT_FORMAT', `Cannot write ${variable} in ${format} format: ${problem}.`, {
      hint:
        options.hint ??
        `Use \`--format json\`, which holds any value, or leave the variable out with \`--exclude ${variable}\`.`,
      cause: options.cause,
    });
    this.format = format;
    this.variable = variable;
  }
}
