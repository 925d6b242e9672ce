/**
 * Loading a module anew inside the running test, for modules whose lists are built when they load
 * (DEFAULT_EXCLUDES, the POSIX classes of rust-regex.ts, the `/` stand-in of glob.ts).
 *
 * A module the test file imports at its top is built before any test runs: StrykerJS switches a
 * mutant on only when a test starts, so a mutant in such a list never shows (README, "Mutation
 * testing"). Built again inside the test, the list is what the test checks, mutant included.
 */
import { vi } from 'vitest';

/** `load()` (a dynamic `import()`) with the module cache emptied first, so the module runs again. */
export async function importFresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
