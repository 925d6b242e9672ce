/**
 * What kind of JavaScript value something is: for checking untyped input (config files, options
 * from JavaScript callers, targets) and for messages that say what was found without showing it.
 */

/** A plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value's type for "found ..." messages, never its content: `a string`, `an array`, `null`.
 * @example
 * ```ts
 * describeType(['a']) // 'an array'
 * describeType('secret') // 'a string'
 * ```
 */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
