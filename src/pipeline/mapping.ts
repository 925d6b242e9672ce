/**
 * `mapping` patterns: regular expressions on variable names.
 *
 * mirrord compiles each key with the Rust `fancy_regex` crate and tests it with `is_match`
 * (mirrord/config/src/feature/env/mapper.rs), an unanchored search: `.+_TIMEOUT` also matches
 * `CONNECTION_TIMEOUT_MS`. kubenv does the same, so a mirrord config behaves identically; write
 * `^...$` to match a whole name. The value replaces the old one literally (no `$1` expansion,
 * as in mirrord). mirrord iterates a hash map, so its "first match" is arbitrary; kubenv uses the
 * declared order.
 */

import { ConfigError } from '../errors';
import { translateRustRegex, UnsupportedRegexConstruct } from './rust-regex';

/**
 * The RegExp of a mapping pattern, written in Rust's syntax (rust-regex.ts).
 * @throws UnsupportedRegexConstruct for Rust syntax JavaScript cannot express, SyntaxError for a
 * pattern that does not compile.
 * @internal
 */
export function mappingRegExp(pattern: string): RegExp {
  const { source, flags } = translateRustRegex(pattern);
  return new RegExp(source, flags);
}

/**
 * What is wrong with a pattern, in a few words, for an error message.
 * @internal
 */
export function describeRegexProblem(error: unknown): { expected: string; found: string } {
  if (error instanceof UnsupportedRegexConstruct) {
    return { expected: 'a regular expression that JavaScript can express', found: error.construct };
  }
  const reason = error instanceof Error ? error.message.split(': ').at(-1) : undefined;
  return {
    expected: 'a regular expression on variable names',
    found: reason?.toLowerCase() ?? 'a pattern that does not compile',
  };
}

/**
 * Compiles one `mapping` pattern, Rust syntax as mirrord reads it: a leading inline flag group
 * (`(?i)`, `(?s)`, `(?m)`, or combined: `(?is)`) becomes the JavaScript flag, POSIX classes like
 * `[[:alpha:]]`, `\A`, `\z`, `\h`, `(?P<name>...)` are translated.
 *
 * @throws {@link ConfigError} naming the pattern, and the construct when JavaScript cannot express it.
 * @example
 * ```ts
 * compileMappingPattern('(?i)_timeout$').test('HTTP_TIMEOUT') // true
 * ```
 */
export function compileMappingPattern(pattern: string): RegExp {
  try {
    return mappingRegExp(pattern);
  } catch (error) {
    throw new ConfigError(`mapping pattern ${JSON.stringify(pattern)} is not a valid regular expression`, {
      keyPath: 'mapping',
      ...describeRegexProblem(error),
      hint: 'Fix the pattern, or escape special characters with `\\`.',
      cause: error,
    });
  }
}
