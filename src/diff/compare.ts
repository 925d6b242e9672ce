/**
 * Comparing two remote environments by name. Values of non-secret variables are part of the
 * result (that is what a diff is for); values that may be secret (a Secret, or of unknown origin
 * on either side: `secretNames`) never are. For those a keyed hash with a key made for this one
 * comparison says "different" without being usable to guess the value: HMAC-SHA256, cut to 32
 * bits (RFC 2104; a truncated HMAC is still a MAC, RFC 2104 section 5).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { RemoteEnv, RemoteEnvSummary } from '../fetch/remote-env';

/**
 * One variable whose value differs between the two sides. A secret one carries keyed hashes
 * of the values, never the values; the key is random per comparison, so hashes from two
 * comparisons cannot be matched.
 * @example
 * ```ts
 * for (const d of diff.different) console.log(d.secret ? `${d.name}: secret, different` : `${d.name}: ${d.left} -> ${d.right}`)
 * ```
 * @public
 */
export type EnvValueDifference =
  | { readonly name: string; readonly secret: false; readonly left: string; readonly right: string }
  | { readonly name: string; readonly secret: true; readonly leftHash: string; readonly rightHash: string };

/**
 * What {@link diffRemoteEnv} found: names on one side only, values that differ, names that are
 * equal. Sorted by name.
 * @example
 * ```ts
 * const diff = await diffRemoteEnv({ namespace: 'staging' }, { namespace: 'production' })
 * diff.onlyRight // ['FEATURE_X']
 * ```
 * @public
 */
export interface RemoteEnvDiff {
  /** True when both sides have the same names with the same values. */
  readonly equal: boolean;
  /** Names, target and source of each side (no values). */
  readonly left: RemoteEnvSummary;
  /** Names, target and source of the other side (no values). */
  readonly right: RemoteEnvSummary;
  /** Names the left side has and the right one lacks. */
  readonly onlyLeft: readonly string[];
  /** Names the right side has and the left one lacks. */
  readonly onlyRight: readonly string[];
  /** Names on both sides with different values. */
  readonly different: readonly EnvValueDifference[];
  /** Names with the same value on both sides. */
  readonly same: readonly string[];
}

/** Compares the remote variables (after the pipeline, not merged with the local env) of two fetches. */
export function compareRemoteEnvs(left: RemoteEnv, right: RemoteEnv): RemoteEnvDiff {
  const key = randomBytes(32);
  const hash = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 8);
  const secret = new Set([...left.secretNames, ...right.secretNames]);
  const onlyLeft: string[] = [];
  const onlyRight: string[] = [];
  const different: EnvValueDifference[] = [];
  const same: string[] = [];
  for (const name of [...new Set([...left.names, ...right.names])].sort()) {
    const a = left.remote[name];
    const b = right.remote[name];
    if (b === undefined) onlyLeft.push(name);
    else if (a === undefined) onlyRight.push(name);
    else if (a === b) same.push(name);
    else if (secret.has(name)) different.push({ name, secret: true, leftHash: hash(a), rightHash: hash(b) });
    else different.push({ name, secret: false, left: a, right: b });
  }
  return {
    equal: onlyLeft.length === 0 && onlyRight.length === 0 && different.length === 0,
    left: left.summary(),
    right: right.summary(),
    onlyLeft,
    onlyRight,
    different,
    same,
  };
}
