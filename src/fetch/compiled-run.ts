/**
 * Where the library's fetch machinery (./run) comes from. In the built package it is also one
 * CommonJS bundle, dist/fetch-core.cjs, compiled through a code cache written after the first
 * complete fetch (src/util/code-cache.ts), as the bin does for the command line: a cold fetch in a
 * fresh process (a test runner's global setup, a script) otherwise compiles all of it again; the
 * setup of `kubenv/vitest` took 41 ms of CPU that way, 27 with the cache.
 *
 * The bundle leaves out the modules whose identity or state is the process's own: the error
 * classes (`instanceof NotFoundError` must hold for what a fetch throws), the connection pool
 * (`closeConnections()` closes it) and the exec credential cache. Its `require` hands it this
 * build's copies of them (sharedModules(); tsup.config.ts marks the same files external).
 *
 * Used only by the library's build (./fetch-remote-env.ts); when the bundle is not beside this
 * file (kubenv bundled into an application), the machinery is imported as usual.
 */
import * as nodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as errors from '../errors/index';
import * as connectionPool from '../kube/connection-pool';
import * as execCredentialCache from '../kube/exec-credential/cache';
import { loadCompiledBundle } from '../util/code-cache';

type RunModule = typeof import('./run');

/**
 * The modules the bundle gets from this build, by the name it asks for: `kubenv-shared:` and the
 * path under src/. Imported with this module, which is itself imported when the machinery is
 * first needed (./fetch-remote-env.ts); static imports, since each dynamic one is a module file
 * of its own to resolve and link in the ES module build.
 */
const SHARED_MODULES: Readonly<Record<string, unknown>> = {
  'kubenv-shared:errors/index': errors,
  'kubenv-shared:kube/connection-pool': connectionPool,
  'kubenv-shared:kube/exec-credential/cache': execCredentialCache,
};

/** The code cache's key: one cache for the library's fetches. */
const CACHE_KEY = 'library fetch';

let machinery: Promise<{ run: RunModule; saveCache(): void }> | undefined;

/**
 * Calls `use` with the fetch machinery; after the first call that succeeds, saves the code cache
 * (on the next turn of the event loop, so the caller's result is not held up by it).
 */
export async function withFetchMachinery<T>(use: (run: RunModule) => Promise<T>): Promise<T> {
  machinery ??= loadMachinery();
  const { run, saveCache } = await machinery;
  const result = await use(run);
  setImmediate(saveCache);
  return result;
}

async function loadMachinery(): Promise<{ run: RunModule; saveCache(): void }> {
  return compiledBundle(SHARED_MODULES) ?? { run: await import('./run'), saveCache: () => {} };
}

function compiledBundle(shared: Readonly<Record<string, unknown>>): { run: RunModule; saveCache(): void } | undefined {
  // The CommonJS build has import.meta.url too (tsup's shims).
  const bundlePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fetch-core.cjs');
  const requireFromBundle = nodeModule.createRequire(bundlePath);
  const require = Object.assign((id: string) => (id in shared ? shared[id] : requireFromBundle(id)), {
    resolve: requireFromBundle.resolve,
    cache: requireFromBundle.cache,
    extensions: requireFromBundle.extensions,
    main: requireFromBundle.main,
  }) as NodeJS.Require;
  let compiled: ReturnType<typeof loadCompiledBundle<RunModule>>;
  try {
    compiled = loadCompiledBundle<RunModule>(bundlePath, CACHE_KEY, require);
  } catch (error) {
    // A bundle that cannot be read (not there, not readable) sends us to the import; an error
    // from running it (a shared module it asks for and is not handed) is a defect of the build.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) return undefined;
    throw error;
  }
  return { run: compiled.exports, saveCache: () => compiled.saveCache() };
}
