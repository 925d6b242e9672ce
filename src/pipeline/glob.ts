/**
 * The glob half of name patterns, with minimatch: imported by `compilePatterns` only when a
 * pattern holds `*` or `?`, so a fetch without globs never loads minimatch.
 */

import { Minimatch } from 'minimatch';

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

/** A test for whole names against globs where only `*` and `?` are special. */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const matchers = globs.map((glob) => {
    // Only `*` and `?` are special: escape what minimatch would also read (`[`, `]`, `\`).
    const escaped = glob.replace(/[\\[\]]/g, '\\$&').replaceAll('/', SLASH_STAND_IN);
    return new Minimatch(escaped, MINIMATCH_OPTIONS);
  });
  return (name) => {
    const path = name.replaceAll('/', SLASH_STAND_IN);
    return matchers.some((matcher) => matcher.match(path));
  };
}
