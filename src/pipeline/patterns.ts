/**
 * Name patterns of `include` and `exclude`: mirrord's `;`-separated strings or arrays, matched
 * against whole variable names, case-sensitively, with `*` (any run of characters, also none)
 * and `?` (exactly one character) as the only special characters, like mirrord's WildMatch.
 */

/**
 * Splits a pattern list into patterns: a `;`-separated string (mirrord's form) or an array
 * whose items may themselves hold `;` (mirrord joins arrays with `;` before splitting). Blanks
 * around patterns and empty patterns are dropped, so `"A; B;"` is `['A', 'B']` and `""` is `[]`.
 *
 * @example
 * ```ts
 * splitPatterns('DATABASE_*;REDIS_URL') // ['DATABASE_*', 'REDIS_URL']
 * splitPatterns(['A', 'B;C']) // ['A', 'B', 'C']
 * ```
 */
export function splitPatterns(list: string | readonly string[]): string[] {
  const items = typeof list === 'string' ? [list] : list;
  return items.flatMap((item) => item.split(';').map((pattern) => pattern.trim())).filter((pattern) => pattern !== '');
}

/**
 * A compiled pattern list.
 */
export interface NameMatcher {
  /** The patterns, as split. */
  readonly patterns: readonly string[];
  /** True when `name` matches any pattern as a whole. */
  matches(name: string): boolean;
}

/**
 * Compiles a pattern list into a matcher. Exact names are compared as strings; minimatch is
 * imported only when a pattern is a glob, so the common fetch (no patterns, or exact names)
 * never loads it.
 * @example
 * ```ts
 * (await compilePatterns('DB_*;PORT')).matches('DB_HOST') // true
 * (await compilePatterns('DB_*')).matches('db_host') // false: case-sensitive
 * ```
 */
export async function compilePatterns(list: string | readonly string[]): Promise<NameMatcher> {
  const patterns = splitPatterns(list);
  const exact = new Set(patterns.filter(isExactName));
  const globs = patterns.filter((pattern) => !isExactName(pattern));
  const matchesGlob = globs.length === 0 ? () => false : (await import('./glob')).globMatcher(globs);
  return {
    patterns,
    matches: (name) => exact.has(name) || matchesGlob(name),
  };
}

/**
 * True when `pattern` has no glob characters, i.e. names one variable exactly.
 * @example
 * ```ts
 * isExactName('PATH') // true
 * isExactName('P*') // false
 * ```
 */
export function isExactName(pattern: string): boolean {
  return !/[*?]/.test(pattern);
}
