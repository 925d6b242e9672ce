/**
 * The public entry point of `kubenv diff`: two fetches in parallel, then a comparison by name.
 */
import { fetchRemoteEnv } from '../fetch/fetch-remote-env';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import type { RemoteEnvDiff } from './compare';

/**
 * Fetches two remote environments (two namespaces, two targets, two contexts...) in parallel and
 * compares them: names only on one side, names whose values differ, names that are equal.
 * Values of variables that may be secret on either side (from a Secret, or of unknown origin)
 * are never in the result: a keyed hash, made with a random key for this call, says they differ.
 * Each side is layered on its own, as {@link fetchRemoteEnv} does; nothing is inherited from the
 * other side.
 *
 * @throws the first error of either fetch (see {@link fetchRemoteEnv}).
 * @example
 * ```ts
 * import { diffRemoteEnv } from 'kubenv'
 *
 * const diff = await diffRemoteEnv(
 *   { target: 'deploy/api', namespace: 'staging' },
 *   { target: 'deploy/api', namespace: 'production' },
 * )
 * if (!diff.equal) console.log(diff.onlyLeft, diff.onlyRight, diff.different.map((d) => d.name))
 * ```
 * @public
 */
export async function diffRemoteEnv(left: FetchRemoteEnvOptions, right: FetchRemoteEnvOptions): Promise<RemoteEnvDiff> {
  const [a, b] = await Promise.all([fetchRemoteEnv(left), fetchRemoteEnv(right)]);
  const { compareRemoteEnvs } = await import('./compare');
  return compareRemoteEnvs(a, b);
}
