/**
 * Name patterns of `include` and `exclude`: mirrord's `;`-separated strings or arrays, matched
 * against whole variable names, case-sensitively, with `*` (any run of characters, also none)
 * and `?` (exactly one character) as the only special characters, like mirrord's WildMatch.
 */

import { Minimatch } from 'minimatch';

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
 * @public
 */
export function splitPatterns(list: string | readonly string[]): string[] {
  const items = typeof list === 'string' ? [list] : list;
  return items.flatMap((item) => item.split(';').map((pattern) => pattern.trim())).filter((pattern) => pattern !== '');
}

/**
 * A compiled pattern list.
 * @public
 */
export interface NameMatcher {
  /** The patterns, as split. */
  readonly patterns: readonly string[];
  /** True when `name` matches any pattern as a whole. */
  matches(name: string): boolean;
}

// Environment names never hold NUL: it stands in for `/`, which minimatch would treat as a path
// separator (`*` must match across it, as in mirrord).
const SLASH_STAND_IN = '\u0000';
const MINIMATCH_OPTIONS = {
  dot: true,
  nocase: false,
  nonegate: true,
  nocomment: true,
  noext: true,
  nobrace: true,
  noglobstar: true,
  platform: 'linux',
} as const;

/**
 * Compiles a pattern list into a matcher.
 * @example
 * ```ts
 * compilePatterns('DB_*;PORT').matches('DB_HOST') // true
 * compilePatterns('DB_*').matches('db_host') // false: case-sensitive
 * ```
 * @public
 */
export function compilePatterns(list: string | readonly string[]): NameMatcher {
  const patterns = splitPatterns(list);
  const compiled = patterns.map((pattern) => {
    if (isExactName(pattern)) return (name: string) => name === pattern;
    // Only `*` and `?` are special: escape what minimatch would also read (`[`, `]`, `\`).
    const escaped = pattern.replace(/[\\[\]]/g, '\\$&').replaceAll('/', SLASH_STAND_IN);
    const matcher = new Minimatch(escaped, MINIMATCH_OPTIONS);
    return (name: string) => matcher.match(name.replaceAll('/', SLASH_STAND_IN));
  });
  return {
    patterns,
    matches: (name) => compiled.some((match) => match(name)),
  };
}

/**
 * True when `pattern` has no glob characters, i.e. names one variable exactly.
 * @example
 * ```ts
 * isExactName('PATH') // true
 * isExactName('P*') // false
 * ```
 * @public
 */
export function isExactName(pattern: string): boolean {
  return !/[*?]/.test(pattern);
}
