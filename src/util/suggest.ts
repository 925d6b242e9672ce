/**
 * "Did you mean" suggestions by edit distance. Shared by target parsing, config key checks and
 * not-found errors.
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (optimal string alignment), so `deploymnet` is 1 away from
 * `deployment`.
 * @example
 * ```ts
 * editDistance('deploymnet', 'deployment') // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the swap rule looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * Options of {@link closestMatches}.
 */
export interface ClosestMatchesOptions {
  /** Largest distance still suggested. @default a third of the word's length, at least 1 */
  readonly maxDistance?: number | undefined;
  /** Compare case-insensitively. @default true */
  readonly ignoreCase?: boolean | undefined;
  /** At most this many results. @default 3 */
  readonly limit?: number | undefined;
}

/**
 * The candidates closest to `word`, best first (ties keep the candidates' order); none when
 * nothing is close enough. A number as third argument is the `limit`.
 * @example
 * ```ts
 * closestMatches('deploymnet', ['pod', 'deployment']) // ['deployment']
 * closestMatches('api-v1', names, 3) // at most 3
 * ```
 */
export function closestMatches(
  word: string,
  candidates: readonly string[],
  limitOrOptions: number | ClosestMatchesOptions = {},
): string[] {
  const options = typeof limitOrOptions === 'number' ? { limit: limitOrOptions } : limitOrOptions;
  const ignoreCase = options.ignoreCase ?? true;
  const maxDistance = options.maxDistance ?? Math.max(1, Math.floor(word.length / 3));
  const needle = ignoreCase ? word.toLowerCase() : word;
  const scored: Array<{ candidate: string; distance: number; index: number }> = [];
  for (const [index, candidate] of candidates.entries()) {
    // Cheap bound first: the length difference alone already exceeds the limit.
    if (Math.abs(candidate.length - needle.length) > maxDistance) continue;
    const distance = editDistance(needle, ignoreCase ? candidate.toLowerCase() : candidate);
    if (distance <= maxDistance) scored.push({ candidate, distance, index });
  }
  scored.sort((x, y) => x.distance - y.distance || x.index - y.index);
  return [...new Set(scored.map((s) => s.candidate))].slice(0, options.limit ?? 3);
}
