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

/**
 * Compiles one `mapping` pattern. A leading inline flag group as in Rust (`(?i)`, `(?s)`,
 * `(?m)`, or combined: `(?is)`) becomes the JavaScript flag.
 *
 * @throws {@link ConfigError} naming the pattern when it is not a valid regular expression.
 * @example
 * ```ts
 * compileMappingPattern('(?i)_timeout$').test('HTTP_TIMEOUT') // true
 * ```
 * @public
 */
export function compileMappingPattern(pattern: string): RegExp {
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = inline ? [...new Set(inline[1])].join('') : '';
  try {
    return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(': ').at(-1) : undefined;
    throw new ConfigError(`mapping pattern ${JSON.stringify(pattern)} is not a valid regular expression`, {
      keyPath: 'mapping',
      expected: 'a regular expression on variable names',
      ...(reason ? { found: reason.toLowerCase() } : {}),
      hint: 'Fix the pattern, or escape special characters with `\\`.',
      cause: error,
    });
  }
}
