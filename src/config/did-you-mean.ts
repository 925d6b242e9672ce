/**
 * "Did you mean" for misspelled config keys and values: the closest known word by edit distance
 * (the shared `closestMatches`), compared across naming styles, so `envFile` and `env-file` both
 * find `env_file`.
 */
import { closestMatches } from '../util/suggest';

/** Lower-case without `_` and `-`, so `envFile`, `env-file` and `env_file` compare equal. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, '');
}

/**
 * The known words closest to `word`, best first; none when nothing is close enough.
 * @internal
 */
export function didYouMean(word: string, known: readonly string[]): string[] {
  const normalized = known.map(normalize);
  return closestMatches(normalize(word), normalized).map((match) => known[normalized.indexOf(match)]!);
}
