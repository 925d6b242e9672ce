/**
 * Where the entry points that reach the cluster get the machinery (./run): in the library's build
 * the compiled bundle (./compiled-run.ts), loaded on first call; from source and in the bin's
 * bundle (which has a code cache of its own) the module itself.
 */

/** Set by tsup for the library's build (tsup.config.ts); absent in the bundles and from source. */
declare const KUBENV_LIBRARY_BUILD: boolean | undefined;

/** Calls `use` with the machinery. */
export async function withMachinery<T>(use: (run: typeof import('./run')) => Promise<T>): Promise<T> {
  if (typeof KUBENV_LIBRARY_BUILD === 'undefined') return use(await import('./run'));
  return (await import('./compiled-run')).withFetchMachinery(use);
}
